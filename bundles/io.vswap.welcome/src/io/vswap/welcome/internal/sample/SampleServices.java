package io.vswap.welcome.internal.sample;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.vswap.batch.api.BatchJobType;
import io.vswap.points.api.PointSetStore;
import io.vswap.video.api.ProjectStore;

/**
 * What the sample project is made with: the {@code sample} and {@code import} batch job types
 * (so it holds what {@code vswap batch} would write), the project store and the point-set store.
 */
@Component(service = SampleServices.class)
public final class SampleServices {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<BatchJobType> jobTypes;

    @Reference
    private ProjectStore store;

    @Reference
    private PointSetStore pointSets;

    /** The maker of the sample project, or why it cannot be made (a job type's bundle is missing). */
    public SampleProject sampleProject() throws SampleProjectException {
        return new SampleProject(jobType("sample", "io.vswap.samples"), jobType("import", "io.vswap.batch"), store,
                pointSets);
    }

    private BatchJobType jobType(String type, String bundle) throws SampleProjectException {
        List<BatchJobType> t = jobTypes;
        Optional<BatchJobType> found = t == null ? Optional.empty()
                : t.stream().filter(x -> type.equals(x.type())).findFirst();
        return found.orElseThrow(() -> new SampleProjectException("The \"" + type + "\" job, which makes the sample "
                + "project, is not available: is the bundle " + bundle + " installed and active? See the error log.",
                null));
    }
}
