package io.vswap.swap.ui.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.vswap.batch.api.BatchJobType;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.points.api.PointSetStore;
import io.vswap.swap.api.EditMethod;

/**
 * What the Swap editor delegates to: the installed edit methods (their settings make the form),
 * the {@code swap} batch job type (every preprocessing and edit runs as that job, so the
 * workbench writes what {@code vswap batch} writes), the model providers and the point store.
 */
@Component(service = SwapServices.class)
public final class SwapServices {

    /** The batch job type the editor runs. */
    public static final String SWAP_JOB = io.vswap.swap.api.SwapSpec.TYPE;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<EditMethod> methods;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<BatchJobType> jobTypes;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Reference
    private PointSetStore pointSets;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.vswap.video.api.ClipSizeAdvisor sizeAdvisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.vswap.points.api.PointTracker tracker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.vswap.swap.api.TargetConcepts targetConcepts;

    /** The concept library's concepts as targets, when it is installed. */
    public Optional<io.vswap.swap.api.TargetConcepts> targetConcepts() {
        return Optional.ofNullable(targetConcepts);
    }

    /** The installed edit methods, by display name. */
    public List<EditMethod> methods() {
        List<EditMethod> m = methods;
        return m == null ? List.of()
                : m.stream().sorted(java.util.Comparator.comparing(EditMethod::displayName)).toList();
    }

    public Optional<BatchJobType> swapJob() {
        List<BatchJobType> t = jobTypes;
        return t == null ? Optional.empty() : t.stream().filter(x -> SWAP_JOB.equals(x.type())).findFirst();
    }

    public Optional<ModelProvider> model(String id) {
        List<ModelProvider> m = models;
        return m == null ? Optional.empty() : m.stream().filter(x -> x.id().equals(id)).findFirst();
    }

    public PointSetStore pointSets() {
        return pointSets;
    }

    /** The point tracker (the guided New Swap wizard tracks with it), when one is installed. */
    public Optional<io.vswap.points.api.PointTracker> tracker() {
        return Optional.ofNullable(tracker);
    }

    /** What a swap of a clip would cost on this machine, when the editing side offers it. */
    public Optional<io.vswap.video.api.ClipSizeAdvisor> sizeAdvisor() {
        return Optional.ofNullable(sizeAdvisor);
    }
}
