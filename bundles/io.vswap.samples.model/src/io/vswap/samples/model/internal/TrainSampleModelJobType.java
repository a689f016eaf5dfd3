package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
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

    @Override
    public String description() {
        return "train the built-in sample model on the sample world (resumable: run again after a kill or Ctrl-C). "
                + "Fields: output (model folder to write), work (checkpoints; default <output>.work), plan "
                + "(\"shipped\", the default, reproduces the shipped weights: plan base, then five rounds of plan refine, each on the result before; "
                + "\"base\": from scratch; \"refine\": goes on from the model in from; \"smoke\": a few minutes), "
                + "from (a trained model folder to continue, or \"shipped\" for the built-in one), and to override a "
                + "one-phase plan: seed, vae_steps, vae_batch, unet_steps, unet_batch, motion_steps, motion_clips, "
                + "checkpoint_every, subject_weight (the denoising loss weighs a latent cell 1 + w × its share of subject pixels, "
                + "dilated by one cell; 0, the default, weighs all alike), shape_weights (how often training draws each shape, "
                + "e.g. star:3,cross:2; a shape not named weighs 1, the default draws all alike), point_weight (added to the "
                + "weight of each latent cell holding one of the subject's named points, e.g. a star's tips; 0, the default, adds nothing), "
                + "unet_layers (the UNet's layers per level, finest first, e.g. 2,1,1,1; the default keeps the base's, or 1,1,1,1 "
                + "from scratch; a refinement asked for more than its base has adds them as layers that change nothing until trained)";
    }

    private static final List<String> OVERRIDES = List.of("seed", "vae_steps", "vae_batch", "unet_steps", "unet_batch",
            "motion_steps", "motion_clips", "checkpoint_every", "subject_weight", "shape_weights", "point_weight",
            "unet_layers");

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        List<String> fields = new ArrayList<>(List.of("output", "work", "plan", "from"));
        fields.addAll(OVERRIDES);
        spec.requireOnly(fields.toArray(String[]::new));
        Path output = spec.path("output");
        Path work = spec.optPath("work").orElse(output.resolveSibling(output.getFileName() + ".work"));
        String planName = spec.optString("plan").orElse("shipped");
        String fromArgument = spec.optString("from").orElse(null);
        if (planName.equals("shipped")) {
            for (String f : OVERRIDES) {
                if (spec.has(f)) {
                    throw spec.error(f, "cannot change the shipped plan (six phases: base, then five refinement rounds); give "
                            + "plan=base or plan=refine with the override");
                }
            }
            if (fromArgument != null) {
                throw spec.error("from", "does not go with the shipped plan, which trains its own base; use plan=refine");
            }
            return shippedJob(output, work);
        }
        long seedValue = spec.optNumber("seed").isPresent() ? (long) spec.optNumber("seed").getAsDouble() : -1;
        TrainingPlan base = switch (planName) {
        case "base" -> TrainingPlan.base();
        case "refine" -> TrainingPlan.refine(1);
        case "smoke" -> TrainingPlan.smoke(seedValue >= 0 ? seedValue : 1);
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
        TrainingPlan uniform;
        try {
            uniform = new TrainingPlan(seedValue >= 0 ? seedValue : base.seed(),
                    spec.optInt("vae_steps").orElse(base.vaeSteps()), spec.optInt("vae_batch").orElse(base.vaeBatch()),
                    spec.optInt("unet_steps").orElse(base.unetSteps()),
                    spec.optInt("unet_batch").orElse(base.unetBatch()),
                    spec.optInt("motion_steps").orElse(base.motionSteps()),
                    spec.optInt("motion_clips").orElse(base.motionClips()),
                    spec.optInt("checkpoint_every").orElse(base.checkpointEvery()),
                    spec.optNumber("subject_weight").orElse(base.subjectWeight()), Map.of(),
                    spec.optNumber("point_weight").orElse(base.pointWeight()));
        } catch (IllegalArgumentException e) {
            throw spec.error("plan", e.getMessage());
        }
        TrainingPlan weighted;
        try {
            weighted = spec.has("shape_weights")
                    ? uniform.withShapeWeights(TrainingPlan.parseShapeWeights(spec.optString("shape_weights").orElseThrow()))
                    : uniform;
        } catch (IllegalArgumentException e) {
            throw spec.error("shape_weights", e.getMessage());
        }
        TrainingPlan plan;
        try {
            plan = spec.has("unet_layers")
                    ? weighted.withUnetLayers(TrainingPlan.parseUnetLayers(spec.optString("unet_layers").orElseThrow()))
                    : weighted;
        } catch (IllegalArgumentException e) {
            throw spec.error("unet_layers", e.getMessage());
        }
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
