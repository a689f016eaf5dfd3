package io.vswap.batch.internal.jobs;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.ClipTarget;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;

/** {@code "prepare"}: decode a clip into the project's cache, ready for tracking and editing. */
@Component(service = BatchJobType.class)
public final class PrepareJobType implements BatchJobType {

    @Reference
    private ProjectStore store;

    @Override
    public String type() {
        return "prepare";
    }

    private static final List<JobField> FIELDS = ClipTarget.fields("the clip to prepare");

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "decode a clip (cropped, scaled) into the project cache";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        ClipTarget target = ClipTarget.read(spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "prepare " + target.describe();
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                SubMonitor sub = SubMonitor.convert(monitor, "Preparing " + target.shot(), 100);
                ClipTarget.Found found = target.find(store);
                Project p = found.project();
                Shot s = found.shot();
                Clip c = found.clip();
                sub.worked(2);
                Path cached = store.prepareClip(p, s, c, sub.split(98));
                return String.format("clip \"%s\" of shot \"%s\": %d frames %d×%d → %s", c.name(), s.name(),
                        c.settings().frameCount(), c.settings().outputWidth(), c.settings().outputHeight(), cached);
            }
        };
    }
}
