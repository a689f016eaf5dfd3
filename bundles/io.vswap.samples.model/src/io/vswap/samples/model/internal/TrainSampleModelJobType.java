package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
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
 * {@code "train-sample-model"} ({@code vswap train-sample-model output=DIR …}): trains the sample
 * model from scratch, or resumes the checkpoint in its work folder, and writes the model folder.
 */
@Component(service = BatchJobType.class)
public final class TrainSampleModelJobType implements BatchJobType {

    @Reference
    private TensorRuntime runtime;

    @Override
    public String type() {
        return "train-sample-model";
    }

    private static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH, "the model folder to write");
    private static final JobField WORK = JobField.optional("work", JobField.Kind.PATH, "<output>.work",
            "the checkpoints' folder (run again after a kill or Ctrl-C to resume)");
    private static final JobField PLAN = JobField.optional("plan", JobField.Kind.TEXT, "shipped", "\"shipped\" "
            + "reproduces the shipped weights (plan base, then five rounds of plan refine, each on the result before); "
            + "\"base\": from scratch; \"refine\": goes on from the model in from; \"smoke\": a few minutes");
    private static final JobField FROM = JobField.optional("from", JobField.Kind.PATH, "none (plan refine needs it)",
            "a trained model folder to continue, or \"shipped\" for the built-in one");
    private static final String PLANS = "the plan's";
    private static final JobField SEED = JobField.optional("seed", JobField.Kind.INTEGER, PLANS, "the training seed")
            .within(0, null);
    private static final JobField VAE_STEPS = steps("vae_steps", "VAE training steps");
    private static final JobField VAE_BATCH = count("vae_batch", "VAE batch size");
    private static final JobField UNET_STEPS = steps("unet_steps", "UNet (denoising) training steps");
    private static final JobField UNET_BATCH = count("unet_batch", "UNet batch size");
    private static final JobField MOTION_STEPS = steps("motion_steps", "motion-module training steps");
    private static final JobField MOTION_CLIPS = count("motion_clips", "clips per motion-module step");
    private static final JobField CHECKPOINT_EVERY = count("checkpoint_every", "steps between checkpoints");
    private static final JobField SUBJECT_WEIGHT = JobField.optional("subject_weight", JobField.Kind.DECIMAL, PLANS,
            "the denoising loss weighs a latent cell 1 + w × its share of subject pixels, dilated by one cell "
                    + "(0 weighs all alike)").within(0, 100);
    private static final JobField SHAPE_WEIGHTS = JobField.optional("shape_weights", JobField.Kind.TEXT, PLANS,
            "how often training draws each shape, e.g. star:3,cross:2; a shape not named weighs 1");
    private static final JobField POINT_WEIGHT = JobField.optional("point_weight", JobField.Kind.DECIMAL, PLANS,
            "added to the weight of each latent cell holding one of the subject's named points (0 adds nothing)")
            .within(0, 100);
    private static final JobField UNET_LAYERS = JobField.optional("unet_layers", JobField.Kind.TEXT, PLANS,
            "the UNet's layers per level, finest first, e.g. 2,1,1,1; a refinement asked for more than its base has "
                    + "adds them as layers that change nothing until trained");
    /** What a base, refine or smoke plan may change; the shipped plan takes none of them. */
    private static final List<JobField> OVERRIDES = List.of(SEED, VAE_STEPS, VAE_BATCH, UNET_STEPS, UNET_BATCH,
            MOTION_STEPS, MOTION_CLIPS, CHECKPOINT_EVERY, SUBJECT_WEIGHT, SHAPE_WEIGHTS, POINT_WEIGHT, UNET_LAYERS);
    private static final List<JobField> FIELDS = Stream.concat(Stream.of(OUTPUT, WORK, PLAN, FROM),
            OVERRIDES.stream()).toList();

    private static JobField steps(String name, String doc) {
        return JobField.optional(name, JobField.Kind.INTEGER, PLANS, doc
                + " (0: none; a refinement keeps its base's weights for that part)").within(0, null);
    }

    private static JobField count(String name, String doc) {
        return JobField.optional(name, JobField.Kind.INTEGER, PLANS, doc).within(1, null);
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "train the built-in sample model on the sample world, or refine a trained one (resumable: run again "
                + "after a kill or Ctrl-C); a plan other than shipped takes the overrides below";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path output = OUTPUT.path(spec);
        Path work = WORK.optPath(spec).orElse(output.resolveSibling(output.getFileName() + ".work"));
        String planName = PLAN.text(spec);
        String fromArgument = FROM.optText(spec).orElse(null); // a folder, or the word "shipped"
        if (planName.equals("shipped")) {
            for (JobField f : OVERRIDES) {
                if (spec.has(f.name())) {
                    throw spec.error(f.name(), "cannot change the shipped plan (six phases: base, then five refinement "
                            + "rounds); give plan=base or plan=refine with the override");
                }
            }
            if (fromArgument != null) {
                throw spec.error("from", "does not go with the shipped plan, which trains its own base; use plan=refine");
            }
            return shippedJob(output, work);
        }
        TrainingPlan base = switch (planName) {
        case "base" -> TrainingPlan.base();
        case "refine" -> TrainingPlan.refine(1);
        case "smoke" -> TrainingPlan.smoke(seed(spec, 1));
        default -> throw spec.error("plan",
                "is \"" + planName + "\"; use \"shipped\", \"base\", \"refine\" or \"smoke\"");
        };
        if (planName.equals("refine") && fromArgument == null) {
            throw spec.error("from", "is missing: plan=refine goes on from a trained model; give from=shipped (the "
                    + "built-in model) or from=DIR");
        }
        Path from;
        try {
            from = fromArgument == null ? null
                    : fromArgument.equals("shipped") ? SampleModel.shippedFolder() : spec.path("from");
        } catch (IOException e) {
            throw spec.error("from", e.getMessage());
        }
        TrainingPlan plan = overridden(spec, base);
        return new BatchJob() {
            @Override
            public String describe() {
                return "train the sample model → " + output + " (" + plan + (from == null ? "" : ", from " + from)
                        + ", checkpoints in " + work + ")";
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                return summary(output, new SampleModelTrainer(runtime, work, plan, from, fromArgument, TrainSampleModelJobType::log)
                        .run(output, monitor));
            }
        };
    }

    /** The spec's seed (a long: read as a number), or {@code otherwise}. */
    private static long seed(JobSpec spec, long otherwise) throws SpecException {
        OptionalDouble seed = SEED.optDecimal(spec);
        return seed.isPresent() ? (long) seed.getAsDouble() : otherwise;
    }

    /** {@code base} with the overrides the spec gives. */
    private static TrainingPlan overridden(JobSpec spec, TrainingPlan base) throws SpecException {
        TrainingPlan uniform;
        try {
            uniform = new TrainingPlan(seed(spec, base.seed()),
                    VAE_STEPS.optInteger(spec).orElse(base.vaeSteps()), VAE_BATCH.optInteger(spec).orElse(base.vaeBatch()),
                    UNET_STEPS.optInteger(spec).orElse(base.unetSteps()),
                    UNET_BATCH.optInteger(spec).orElse(base.unetBatch()),
                    MOTION_STEPS.optInteger(spec).orElse(base.motionSteps()),
                    MOTION_CLIPS.optInteger(spec).orElse(base.motionClips()),
                    CHECKPOINT_EVERY.optInteger(spec).orElse(base.checkpointEvery()),
                    SUBJECT_WEIGHT.optDecimal(spec).orElse(base.subjectWeight()), Map.of(),
                    POINT_WEIGHT.optDecimal(spec).orElse(base.pointWeight()));
        } catch (IllegalArgumentException e) {
            throw spec.error("plan", e.getMessage());
        }
        TrainingPlan weighted;
        try {
            weighted = spec.has("shape_weights")
                    ? uniform.withShapeWeights(TrainingPlan.parseShapeWeights(SHAPE_WEIGHTS.optText(spec).orElseThrow()))
                    : uniform;
        } catch (IllegalArgumentException e) {
            throw spec.error("shape_weights", e.getMessage());
        }
        try {
            return spec.has("unet_layers")
                    ? weighted.withUnetLayers(TrainingPlan.parseUnetLayers(UNET_LAYERS.optText(spec).orElseThrow()))
                    : weighted;
        } catch (IllegalArgumentException e) {
            throw spec.error("unet_layers", e.getMessage());
        }
    }

    /**
     * The shipped weights in one command: the base plan from scratch, then each refinement round
     * on the previous phase's model, the last one into {@code output}. Each phase checkpoints in
     * its own folder under {@code work} and leaves its model there, so running the command again
     * resumes whichever phase was under way.
     */
    private BatchJob shippedJob(Path output, Path work) {
        return new BatchJob() {
            @Override
            public String describe() {
                return "train the sample model → " + output + " (the shipped plan: " + TrainingPlan.shippedPhases()
                        .stream().map(TrainingPlan::toString).collect(Collectors.joining(", then ")) + "; checkpoints in "
                        + work + ")";
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                return summary(output, trainInPhases(runtime, work, output, TrainingPlan.shippedPhases(), monitor));
            }
        };
    }

    /**
     * Trains {@code phases[0]} from scratch, then each later phase from the previous phase's model,
     * the last into {@code output}. Each phase checkpoints in its own folder under {@code work} and
     * leaves its model there ({@code base-model}, {@code refine-model}, {@code refine-2-model}, …),
     * so a second run skips finished phases and resumes the one under way.
     */
    public static List<SampleModelTrainer.StageResult> trainInPhases(TensorRuntime runtime, Path work, Path output,
            List<TrainingPlan> phases, IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, phases.size());
        List<SampleModelTrainer.StageResult> results = new ArrayList<>();
        Path previous = null;
        for (int i = 0; i < phases.size(); i++) {
            boolean last = i == phases.size() - 1;
            // the first two keep the folder names of the two-phase plan, so such a run resumes
            String name = i == 0 ? "base" : i == 1 ? "refine" : "refine-" + i;
            Path model = last ? output : work.resolve(name + "-model");
            String phase = "phase " + (i + 1) + " of " + phases.size();
            if (!last && Files.isRegularFile(model.resolve(SampleModel.CHECKSUMS))) {
                log(phase + ": done earlier (" + model + ")");
                sub.worked(1);
            } else {
                log(phase + (i == 0 ? ": the base model" : ": refining the model of phase " + i) + " (" + phases.get(i)
                        + ")");
                SampleModelTrainer trainer = i == 0
                        ? new SampleModelTrainer(runtime, work.resolve(name), phases.get(i), TrainSampleModelJobType::log)
                        : new SampleModelTrainer(runtime, work.resolve(name), phases.get(i), previous, "BASE",
                                TrainSampleModelJobType::log);
                if (i > 0) {
                    trainer.recordCommand("vswap train-sample-model output=DIR");
                }
                results.addAll(trainer.run(model, sub.split(1)));
            }
            previous = model;
        }
        return results;
    }

    private static void log(String line) {
        System.err.println("  " + line);
    }

    private static String summary(Path output, List<SampleModelTrainer.StageResult> results) {
        StringBuilder b = new StringBuilder("model written to " + output + "; held-out loss");
        for (var r : results) {
            b.append(String.format(Locale.ROOT, " %s %.4f→%.4f", r.stage().name().toLowerCase(Locale.ROOT),
                    r.evalBefore(), r.evalAfter()));
        }
        return b.toString();
    }
}
