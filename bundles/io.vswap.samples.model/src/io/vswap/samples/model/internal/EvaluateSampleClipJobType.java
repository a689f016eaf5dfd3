package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.samples.model.api.SampleModel;

/**
 * {@code "evaluate-sample-clip"}: the zero-shot shape and colour accuracy of a CLIP folder (the sample
 * model's {@code clip/} by default) on held-out sample-world clips, as docs/sample-model.md quotes it.
 */
@Component(service = BatchJobType.class)
public final class EvaluateSampleClipJobType implements BatchJobType {

    /** The sample model's CLIP tower, inside its model folder. */
    public static final String CLIP_FOLDER = "clip";

    private static final JobField CLIP = JobField.optional("clip", JobField.Kind.PATH, "the sample model's clip/",
            "the CLIP folder to measure");
    private static final JobField CLIPS = JobField.integer("clips", 100, "held-out clips (frames 0, 5, 10, 15 of each)")
            .within(1, null);
    private static final JobField SEED = JobField.integer("seed", 1, "the first clip's seed (training draws none "
            + "in [0, 2^62))").within(0, null);
    private static final List<JobField> FIELDS = List.of(CLIP, CLIPS, SEED);

    @Reference
    private TensorRuntime runtime;

    @Override
    public String type() {
        return "evaluate-sample-clip";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "zero-shot shape and colour accuracy of a CLIP (the sample model's by default) on held-out sample "
                + "clips: the frame's caption with each shape (colour) word, the highest CLIP-T wins";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path clip;
        try {
            clip = CLIP.optPath(spec).isPresent() ? CLIP.path(spec)
                    : SampleModel.shippedFolder().resolve(CLIP_FOLDER);
        } catch (IOException e) {
            throw spec.error("clip", e.getMessage());
        }
        int clips = CLIPS.integer(spec);
        long seed = SEED.integer(spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "zero-shot accuracy of " + clip + " on " + clips + " held-out clips from seed " + seed;
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                monitor.beginTask("measuring " + clip, 1);
                try (ClipModel model = ClipModel.load(runtime, clip)) {
                    return clip + ": " + SampleClipZeroShot.measure(model, seed, clips) + " (seeds " + seed + ".."
                            + (seed + clips - 1) + ")";
                } finally {
                    monitor.done();
                }
            }
        };
    }
}
