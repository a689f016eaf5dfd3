package io.vswap.method.tuneavideo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AdamW;
import io.vswap.diffusion.api.GradientConfiguration;
import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.GradientReplayPolicy.Verdict;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;

/**
 * Tune-A-Video's one-shot tuning (§4.2): the inflated UNet learns to denoise the one source clip given
 * its prompt, {@code min E ||ε − ε_θ(z_t, t, prompt)||²} over the whole clip at once, t ~ U(0, T), with
 * only the query projections and the temporal layers trained ({@link InflatedUNet#trainable()}), AdamW.
 *
 * <p>Step {@code k}'s timestep and noise are drawn from the seed and {@code k} alone, so that a run
 * stopped and resumed from its checkpoint (weights, moments, losses) continues exactly as one that ran
 * through. A backward pass whose gradient is not finite is replayed ({@link GradientReplayPolicy}, the
 * trainer's rule), then the step skipped.
 */
public final class OneShotTuning {

    /**
     * @param checkpointEvery save the state every this many steps (0: only when cancelled and at the end)
     */
    public record Options(int steps, double learningRate, double weightDecay, long seed, int checkpointEvery) {
    }

    /** Sees every step as it ends. */
    @FunctionalInterface
    public interface Listener {
        /** @param step 1 for the first; {@code skipped}: no update (no finite gradient) */
        void step(int step, int steps, int timestep, float loss, boolean skipped);
    }

    /** Where a run's state goes: every {@code checkpointEvery} steps, when cancelled, and at the end. */
    @FunctionalInterface
    public interface Checkpoint {
        /**
         * @param weights the trainable arrays (live: copy what is kept)
         * @param moments the optimizer's moments by {@code m.<name>}, {@code v.<name>}
         * @param losses every step's loss so far
         */
        void save(int stepsDone, long updates, Map<String, NDArray> weights, Map<String, NDArray> moments,
                List<Float> losses) throws java.io.IOException;
    }

    /** A saved run to continue from. */
    public record Resume(int stepsDone, long updates, Map<String, float[]> weights, Map<String, float[]> moments,
            List<Float> losses) {
    }

    /**
     * What a run did.
     *
     * @param losses every step's loss, those of a resumed run's earlier steps included
     * @param resumedFrom the steps already done when this run began (0: from the start)
     * @param checkpointProblem why a checkpoint could not be saved (the run went on), or null
     */
    public record Result(List<Float> losses, int skipped, int replays, int resumedFrom, GradientConfiguration gradients,
            String checkpointProblem) {

        public double meanOfLast(int n) {
            return OneShotTuning.meanOfLast(losses, n);
        }

        public double meanOfFirst(int n) {
            return mean(losses.subList(0, Math.min(n, losses.size())));
        }
    }

    /** The mean loss of the last {@code n} steps (one step's loss depends on its timestep too much to say alone). */
    public static double meanOfLast(List<Float> losses, int n) {
        return mean(losses.subList(Math.max(0, losses.size() - n), losses.size()));
    }

    /** The mean of the finite ones; NaN when there are none. */
    public static double mean(List<Float> losses) {
        return losses.stream().filter(l -> Float.isFinite(l)).mapToDouble(Float::doubleValue).average()
                .orElse(Double.NaN);
    }

    private final NoiseSchedule schedule;
    private final TensorRuntime runtime;

    public OneShotTuning(NoiseSchedule schedule, TensorRuntime runtime) {
        this.schedule = schedule;
        this.runtime = runtime;
    }

    /**
     * Tunes {@code unet} on the clip; the trainable arrays are left tuned.
     *
     * @param latents the clip's latents {@code [F, C, h, w]}
     * @param prompt the source prompt's embedding {@code [1, L, dim]}
     * @param resume a saved run of the same options to continue, or null
     * @throws OperationCanceledException when {@code monitor} is cancelled (the state saved first)
     */
    public Result tune(InflatedUNet unet, NDArray latents, NDArray prompt, Options o, Resume resume, Listener listener,
            Checkpoint checkpoint, IProgressMonitor monitor) {
        // the CPU kernels that give right gradients here (checked once per machine), before any step
        GradientConfiguration gradients = runtime.trainingGradients();
        int first = resume == null ? 0 : resume.stepsDone();
        SubMonitor sub = SubMonitor.convert(monitor, Math.max(1, o.steps() - first));
        List<Float> losses = new ArrayList<>(resume == null ? List.of() : resume.losses());
        NDManager home = latents.getManager();
        int frames = (int) latents.getShape().get(0);
        GradientReplayPolicy policy = new GradientReplayPolicy(3, 0, Double.POSITIVE_INFINITY, false, false);
        int skipped = 0;
        int replays = 0;
        String problem = null;
        if (resume != null) {
            unet.load(resume.weights());
        }
        unet.install(frames);
        try (AdamW adam = new AdamW(home, unet.trainable(), o.weightDecay());
                NDArray text = prompt.repeat(0, frames)) {
            if (resume != null) {
                adam.restore(resume.moments(), resume.updates());
            }
            for (int step = first; step < o.steps(); step++) {
                if (sub.isCanceled()) {
                    save(checkpoint, step, adam, unet, losses);
                    throw new OperationCanceledException();
                }
                Random draw = new Random(o.seed() * 1_000_003L + step);
                int t = draw.nextInt(schedule.trainTimesteps());
                float loss = Float.NaN;
                boolean used = false;
                try (NDManager scratch = home.newSubManager()) {
                    NDArray noise = SeededNoise.normal(scratch, draw.nextLong(), latents.getShape());
                    NDArray zt = schedule.addNoise(latents, noise, t);
                    zt.attach(scratch);
                    double[] norms = new double[policy.maxPasses()];
                    Verdict verdict = Verdict.REPLAY;
                    for (int pass = 0; verdict == Verdict.REPLAY; pass++) {
                        if (pass > 0) {
                            adam.clearGradients();
                            replays++;
                        }
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = unet.unet().forward(zt, new float[] { t }, text).sub(noise).square().mean();
                            loss = l.getFloat();
                            gc.backward(l);
                        }
                        norms[pass] = adam.gradientNorm();
                        verdict = policy.judge(step, norms, pass, loss);
                    }
                    if (verdict == Verdict.USE) {
                        adam.update(o.learningRate());
                        used = true;
                    } else {
                        skipped++;
                    }
                    adam.clearGradients();
                }
                losses.add(loss);
                listener.step(step + 1, o.steps(), t, loss, !used);
                sub.worked(1);
                if (o.checkpointEvery() > 0 && (step + 1) % o.checkpointEvery() == 0 && step + 1 < o.steps()) {
                    problem = save(checkpoint, step + 1, adam, unet, losses);
                }
            }
            String last = save(checkpoint, o.steps(), adam, unet, losses);
            return new Result(losses, skipped, replays, first, gradients, last != null ? last : problem);
        } finally {
            unet.uninstall();
        }
    }

    /** A checkpoint that cannot be written costs a resume, not the run: its problem is returned, not thrown. */
    private static String save(Checkpoint checkpoint, int stepsDone, AdamW adam, InflatedUNet unet, List<Float> losses) {
        try {
            checkpoint.save(stepsDone, adam.updates(), unet.trainable(), adam.state(), List.copyOf(losses));
            return null;
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }

    /**
     * The tuning loss at fixed draws, no gradients: the mean over {@code timesteps} of
     * {@code ||ε − ε_θ(z_t, t, prompt)||²} with the noise of {@code noiseSeed}, for comparing weights on
     * equal terms.
     */
    public float loss(InflatedUNet unet, NDArray latents, NDArray prompt, int[] timesteps, long noiseSeed) {
        int frames = (int) latents.getShape().get(0);
        unet.install(frames);
        double sum = 0;
        try (NDManager scratch = latents.getManager().newSubManager()) {
            NDArray text = prompt.repeat(0, frames);
            text.attach(scratch);
            for (int t : timesteps) {
                NDArray noise = SeededNoise.normal(scratch, noiseSeed + t, latents.getShape());
                NDArray zt = schedule.addNoise(latents, noise, t);
                zt.attach(scratch);
                sum += unet.unet().forward(zt, new float[] { t }, text).sub(noise).square().mean().getFloat();
            }
        } finally {
            unet.uninstall();
        }
        return (float) (sum / timesteps.length);
    }
}
