package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.samples.model.api.SampleModel;

/**
 * {@code "train-sample-clip"}: trains a tiny CLIP image tower against the sample model's frozen text
 * encoder on the sample world and writes a CLIP folder (transformers' {@code CLIPModel} layout) that the
 * CLIP-T/F/I metrics load; the shipped one is the sample model's {@code clip/}.
 */
@Component(service = BatchJobType.class)
public final class TrainSampleClipJobType implements BatchJobType {

    private static final ClipTrainingSettings DEFAULTS = ClipTrainingSettings.defaults();

    private static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH,
            "the CLIP folder to write (replaced whole at the end)");
    private static final JobField MODEL = JobField.optional("model", JobField.Kind.PATH, "the shipped sample model",
            "the sample model whose text encoder and tokenizer the tower learns to match (they stay frozen)");
    private static final JobField SEED = JobField.integer("seed", (int) DEFAULTS.seed(), "the training seed");
    private static final JobField STEPS = JobField.integer("steps", DEFAULTS.steps(), "training steps").within(1, null);
    private static final JobField BATCH = JobField.integer("batch", DEFAULTS.batch(),
            "frames per step, each with a caption of its own (the contrastive negatives)").within(2,
                    SampleClipDraws.CAPTIONS);
    private static final JobField HIDDEN = JobField.integer("hidden_size", DEFAULTS.hiddenSize(),
            "the image tower's width (its MLP is 4 times as wide)").within(8, 1024);
    private static final JobField LAYERS = JobField.integer("layers", DEFAULTS.layers(), "the image tower's layers")
            .within(1, 24);
    private static final JobField HEADS = JobField.integer("heads", DEFAULTS.heads(), "attention heads per layer")
            .within(1, 64);
    private static final JobField PATCH = JobField.integer("patch_size", DEFAULTS.patchSize(),
            "pixels per patch side (divides 64)").within(1, 64);
    private static final JobField PROJECTION = JobField.integer("projection_dim", DEFAULTS.projectionDim(),
            "the width of the shared embedding").within(2, 1024);
    private static final JobField LR = JobField.decimal("lr", DEFAULTS.learningRate(), "peak learning rate (Adam, "
            + "warm-up then cosine decay to a tenth)").within(0, 1);
    private static final JobField EVAL_CLIPS = JobField.integer("eval_clips", DEFAULTS.evalClips(),
            "held-out clips measured at the end (frames 0, 5, 10, 15 of each)").within(1, null);
    private static final JobField EVAL_SEED = JobField.integer("eval_seed", (int) DEFAULTS.evalSeed(),
            "the first held-out clip's seed").within(0, null);
    private static final List<JobField> FIELDS = List.of(OUTPUT, MODEL, SEED, STEPS, BATCH, HIDDEN, LAYERS, HEADS,
            PATCH, PROJECTION, LR, EVAL_CLIPS, EVAL_SEED);

    @Reference
    private TensorRuntime runtime;

    @Override
    public String type() {
        return "train-sample-clip";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "train the sample model's tiny CLIP image tower (contrastively, against its frozen text encoder) and "
                + "report its zero-shot shape and colour accuracy on held-out clips";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path output = OUTPUT.path(spec);
        Path model;
        try {
            model = MODEL.optPath(spec).isPresent() ? MODEL.path(spec) : SampleModel.shippedFolder();
        } catch (IOException e) {
            throw spec.error("model", e.getMessage());
        }
        if (HIDDEN.integer(spec) % HEADS.integer(spec) != 0) {
            throw spec.error("heads", "must divide hidden_size " + HIDDEN.integer(spec));
        }
        if (io.vswap.samples.model.api.SampleModelConfigs.IMAGE_SIZE % PATCH.integer(spec) != 0) {
            throw spec.error("patch_size", "must divide the frame size "
                    + io.vswap.samples.model.api.SampleModelConfigs.IMAGE_SIZE);
        }
        ClipTrainingSettings settings;
        try {
            settings = new ClipTrainingSettings(SEED.integer(spec), STEPS.integer(spec), BATCH.integer(spec),
                    HIDDEN.integer(spec), LAYERS.integer(spec), HEADS.integer(spec), PATCH.integer(spec),
                    PROJECTION.integer(spec), LR.decimal(spec), EVAL_CLIPS.integer(spec), EVAL_SEED.integer(spec));
        } catch (IllegalArgumentException e) {
            throw spec.error(type(), e.getMessage()); // the message names the setting
        }
        String command = "vswap batch --job train-sample-clip output=DIR"
                + (MODEL.optPath(spec).isPresent() ? " model=" + model : "") + settings.arguments();
        return new BatchJob() {
            @Override
            public String describe() {
                return "train the sample model's CLIP image tower → " + output + " (" + settings.vision() + ", "
                        + settings.steps() + " steps × " + settings.batch() + " frames; text encoder of " + model + ")";
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                SampleClipTrainer.Result r = new SampleClipTrainer(runtime, model, settings,
                        line -> System.err.println("  " + line)).run(output, command, monitor);
                return String.format(Locale.ROOT, "CLIP folder written to %s in %.1f min; held-out contrastive loss "
                        + "%.4f→%.4f; %s", output, r.seconds() / 60, r.heldOutBefore(), r.heldOutAfter(), r.zeroShot());
            }
        };
    }
}
