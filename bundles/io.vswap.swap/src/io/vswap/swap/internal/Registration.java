package io.vswap.swap.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.vswap.diffusion.api.ContextWindows;
import io.vswap.diffusion.api.ContextWindows.Window;
import io.vswap.diffusion.api.GradientCheckpointing;
import io.vswap.diffusion.api.GradientConfiguration;
import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.GradientReplayPolicy.Verdict;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.diffusion.api.WindowFusion;
import io.vswap.points.api.Trajectory;

/**
 * Semantic point registration (§3.4, Eq. 2): trains only the projection MLPs so that the UNet,
 * given the sparse motion features, predicts the noise of the source clip around the points:
 * {@code min_φ E ||(ε − ε_θ(z_t, t, p, φ(P_emb))) ⊙ Ω(P_coord)||²}, t ~ U(T/2, T) (semantic-enhanced
 * schedule), Ω the point patches, a random share of points dropped per iteration, AdamW.
 *
 * <p>It trains a copy and hands it back only when every iteration has run: on cancellation or
 * failure the copy (and the optimizer state in its manager) is freed and the caller's adapter is
 * as it was. Each iteration's arrays live in a sub-manager closed at its end.
 */
public final class Registration {

    /**
     * @param patchLoss false: the loss over the whole latent (ablation "no point patch loss")
     * @param semanticSchedule false: t ~ U(0, T) (ablation)
     * @param iterations per context window: a clip longer than one window runs {@code iterations} on each
     *        of its windows ({@link #iterationsFor}), so that every part of it is trained as much as a
     *        one-window clip (measured: a fixed count spread over a 64-frame clip's 5 windows held the
     *        subject's centroid within 2 px in 87 % of frames, against 96 % on 16-frame clips)
     * @param windows a clip longer than one window registers on one window per iteration, the windows
     *        taken in a shuffled cycle
     */
    public record Options(int iterations, double learningRate, double weightDecay, double pointDropRate,
            int patchSize, boolean patchLoss, boolean semanticSchedule, ContextWindows windows, long seed) {

        /** With {@link ContextWindows#DEFAULT}. */
        public Options(int iterations, double learningRate, double weightDecay, double pointDropRate, int patchSize,
                boolean patchLoss, boolean semanticSchedule, long seed) {
            this(iterations, learningRate, weightDecay, pointDropRate, patchSize, patchLoss, semanticSchedule,
                    ContextWindows.DEFAULT, seed);
        }

        /** The iterations a clip of {@code frames} frames runs: {@link #iterations} times its windows. */
        public int iterationsFor(int frames) {
            return Math.multiplyExact(iterations, windows.windows(frames).size());
        }
    }

    /** Sees every iteration as it ends. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param skipped no update: no two passes gave the same gradient ({@link Registration#replayPolicy()}),
         *        or every point sat this iteration out (loss NaN)
         */
        void iteration(int iteration, int timestep, float loss, boolean skipped);
    }

    /** Called after each backward pass, before its gradient is checked: a seam for testing the replay policy. */
    @FunctionalInterface
    public interface GradientFault {
        void afterBackward(int iteration, int pass, Map<String, NDArray> parameters);
    }

    private final VideoUNetModel unet;
    private final NoiseSchedule schedule;
    private final TensorRuntime runtime;
    private GradientConfiguration gradients;
    private GradientFault gradientFault;
    private final List<Double> gradientNorms = new ArrayList<>();
    private int replays;
    private final List<String> replayed = new ArrayList<>();
    private boolean checkpointing;

    /**
     * The replay rule of every registration (as it was before the policy was shared): up to 3 passes, the
     * first 3 iterations always replayed, a first pass above 10 times the median norm replayed, a replay
     * used only when it gives the same norm as an earlier pass, a non-finite loss replayed too.
     */
    public static GradientReplayPolicy replayPolicy() {
        return new GradientReplayPolicy(3, 3, 10, true, true);
    }

    /** @param runtime checks once per machine that its training gradients are right ({@link TensorRuntime#trainingGradients()}) */
    public Registration(VideoUNetModel unet, NoiseSchedule schedule, TensorRuntime runtime) {
        this.unet = unet;
        this.schedule = schedule;
        this.runtime = runtime;
    }

    /**
     * @param latents the source clip's latents {@code [F, C, h, w]}
     * @param prompt the source prompt's embedding {@code [1, L, dim]}
     * @param trajectories the points' source trajectories, in {@code embeddings}' order
     * @return a trained copy of {@code initial}, in a sub-manager of {@code latents}' manager
     * @throws OperationCanceledException when {@code monitor} is cancelled (checked every iteration)
     */
    public MotionFeatureAdapter register(MotionFeatureAdapter initial, NDArray latents, NDArray prompt,
            PointEmbeddings embeddings, List<Trajectory> trajectories, LatentGrid grid, Options options,
            Listener listener, IProgressMonitor monitor) {
        // the CPU kernels that give right gradients here (checked once per machine), before any step
        gradients = runtime.trainingGradients();
        NDManager home = latents.getManager();
        int frames = (int) latents.getShape().get(0);
        int iterations = options.iterationsFor(frames);
        SubMonitor sub = SubMonitor.convert(monitor, "Registering " + embeddings.names().size() + " points",
                iterations);
        List<Window> windows = options.windows().windows(frames);
        int span = windows.get(0).count();
        int points = embeddings.names().size();
        int trainSteps = schedule.trainTimesteps();
        int from = options.semanticSchedule() ? trainSteps / 2 : 0;
        Random random = new Random(options.seed());
        long c0 = unet.imageUNet().config().blockOutChannels().get(0);
        // the UNet stays in its precision (the MLPs train in fp32); a half-precision one is always
        // differentiated by checkpointed blocks, whose backward scales the gradient against underflow
        checkpointing = unet.precision() != Precision.FP32 || GradientCheckpointing.enabled(
                GradientCheckpointing.estimateBytes(span, latents.getShape().get(2), latents.getShape().get(3), c0),
                latents.getDevice());
        GradientReplayPolicy policy = replayPolicy();
        gradientNorms.clear();
        replays = 0;
        replayed.clear();
        float[] flatEmbeddings = flatten(embeddings.embeddings(), embeddings.dimension());

        MotionFeatureAdapter trained = initial.copy(home);
        try {
            Map<String, NDArray> params = trained.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) options.learningRate()))
                    .optWeightDecays((float) options.weightDecay()).build();
            List<Window> cycle = new ArrayList<>();
            for (int it = 0; it < iterations; it++) {
                if (sub.isCanceled()) {
                    throw new OperationCanceledException();
                }
                int t = from + random.nextInt(trainSteps - from);
                boolean[] used = new boolean[points];
                for (int k = 0; k < points; k++) {
                    used[k] = random.nextDouble() >= options.pointDropRate();
                }
                // a long clip: one window per iteration, every window once per shuffled cycle (drawn only then,
                // so a short clip's draws are as before)
                if (cycle.isEmpty()) {
                    cycle.addAll(windows);
                    if (windows.size() > 1) {
                        Collections.shuffle(cycle, random);
                    }
                }
                Window window = cycle.remove(cycle.size() - 1);
                PointPlacement placement = new PointPlacement(grid, frames, trajectories, embeddings.visible(), used)
                        .window(window);
                float loss = Float.NaN;
                try (NDManager step = home.newSubManager()) {
                    NDArray z0 = WindowFusion.whole(windows, frames) ? latents.duplicate() : latents.get(window.rows());
                    z0.attach(step);
                    NDArray noise = SeededNoise.normal(step, options.seed() * 1_000_003L + it, z0.getShape());
                    NDArray zt = schedule.addNoise(z0, noise, t);
                    NDArray text = prompt.repeat(0, span);
                    text.attach(step);
                    NDArray emb = step.create(flatEmbeddings, new Shape(points, embeddings.dimension()));
                    NDArray mask = options.patchLoss() ? placement.patchMask(options.patchSize(), step) : null;
                    if (mask != null && mask.sum().getFloat() == 0) {
                        // every point dropped or invisible: nothing to learn this iteration
                        gradientNorms.add(Double.NaN);
                        listener.iteration(it, t, Float.NaN, true);
                        sub.worked(1);
                        continue;
                    }
                    Backward b = backward(it, checkpointing
                            ? () -> checkpointedLoss(trained, zt, noise, t, text, emb, placement, mask, step)
                            : () -> {
                                NDArray l = loss(trained, zt, noise, t, text, emb, placement, mask, step);
                                return new LossPass(l, l);
                            }, params, policy, step);
                    loss = b.loss();
                    if (b.usable()) {
                        policy.used(b.norm());
                        for (var e : params.entrySet()) {
                            adamW.update(e.getKey(), e.getValue(), e.getValue().getGradient());
                        }
                    }
                    clearGradients(params);
                    gradientNorms.add(b.norm());
                    listener.iteration(it, t, loss, !b.usable());
                }
                sub.worked(1);
            }
            params.values().forEach(p -> p.setRequiresGradient(false));
            return trained;
        } catch (RuntimeException | Error e) {
            trained.close();
            throw e;
        }
    }

    /** One iteration's backward passes: the last pass's loss, and the norm of the gradient to use (NaN: none). */
    private record Backward(float loss, double norm, boolean usable) {
    }

    /** One pass's loss, and what to run the backward from (the loss itself, or a checkpointed surrogate). */
    private record LossPass(NDArray loss, NDArray backwardFrom) {
    }

    /** Backward passes of one iteration, replayed while {@code policy} says so: a backend glitch does not reproduce. */
    private Backward backward(int it, Supplier<LossPass> lossOfPass, Map<String, NDArray> params,
            GradientReplayPolicy policy, NDManager step) {
        double[] norms = new double[policy.maxPasses()];
        float loss = Float.NaN;
        Verdict verdict = Verdict.REPLAY;
        int pass = 0;
        for (; verdict == Verdict.REPLAY; pass++) {
            if (pass > 0) {
                clearGradients(params);
                replays++;
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                LossPass l = lossOfPass.get();
                loss = l.loss().getFloat();
                gc.backward(l.backwardFrom());
            }
            if (gradientFault != null) {
                gradientFault.afterBackward(it, pass, params);
            }
            norms[pass] = gradientNorm(params, step);
            verdict = policy.judge(it, norms, pass, loss);
        }
        if (pass > 1) {
            replayed.add("iteration " + it + ": " + Arrays.toString(Arrays.copyOf(norms, pass)));
        }
        boolean usable = verdict == Verdict.USE;
        return new Backward(loss, usable ? norms[pass - 1] : Double.NaN, usable);
    }

    /** For tests: corrupts gradients as a backend glitch would, to see them caught. */
    public void setGradientFault(GradientFault fault) {
        this.gradientFault = fault;
    }

    /** The last run's gradient norm per iteration, NaN where no update was made. */
    public List<Double> gradientNorms() {
        return List.copyOf(gradientNorms);
    }

    /** Which configuration of the CPU backend computed the last run's gradients; null before a run. */
    public GradientConfiguration gradients() {
        return gradients;
    }

    /** Whether the last run checkpointed the UNet's backward ({@link GradientCheckpointing}). */
    public boolean checkpointed() {
        return checkpointing;
    }

    /** The last run's backward passes beyond one per iteration. */
    public int replays() {
        return replays;
    }

    /** The last run's replayed iterations with the gradient norm of each pass, for the record. */
    public List<String> replayed() {
        return List.copyOf(replayed);
    }

    /** The global L2 norm of the gradients (NaN or infinite when one is not finite). */
    private static double gradientNorm(Map<String, NDArray> params, NDManager step) {
        double sum = 0;
        try (NDManager scratch = step.newSubManager()) {
            for (NDArray p : params.values()) {
                NDArray gradient = p.getGradient(); // a new handle on the gradient: freed with scratch
                gradient.attach(scratch);
                sum += gradient.square().sum().getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /** Through libtorch: GradientCollector.zeroGradients() subtracts a gradient from itself, and NaN - NaN is NaN. */
    private static void clearGradients(Map<String, NDArray> params) {
        params.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
    }

    /** Eq. 2 for one draw: the mean squared noise-prediction error inside {@code mask} (everywhere when null). */
    private NDArray loss(MotionFeatureAdapter adapter, NDArray zt, NDArray noise, int t, NDArray text, NDArray emb,
            PointPlacement placement, NDArray mask, NDManager step) {
        int frames = (int) zt.getShape().get(0);
        List<NDArray> residuals = adapter.features(emb, placement, 1.0, step);
        return maskedError(unet.forward(zt, frames, new float[] { t }, text, residuals), noise, mask, zt);
    }

    private static NDArray maskedError(NDArray predicted, NDArray noise, NDArray mask, NDArray zt) {
        NDArray err = predicted.sub(noise).square();
        return mask == null ? err.mean() : err.mul(mask).sum().div(mask.sum().mul(zt.getShape().get(1)));
    }

    /**
     * {@link #loss} with the UNet's backward checkpointed (at SD size a plain backward keeps ~4.5 GB per
     * frame): the UNet runs without a graph, the loss's gradient at its output goes back block by block
     * to the residuals ({@link VideoUNetModel#residualGradients}), and the pass's backward runs from
     * {@code Σ residual·gradient} into the MLPs: the same gradient by the chain rule.
     */
    private LossPass checkpointedLoss(MotionFeatureAdapter adapter, NDArray zt, NDArray noise, int t, NDArray text,
            NDArray emb, PointPlacement placement, NDArray mask, NDManager step) {
        int frames = (int) zt.getShape().get(0);
        float[] ts = { t };
        List<NDArray> residuals = adapter.features(emb, placement, 1.0, step);
        List<NDArray> constants = residuals.stream().map(NDArray::stopGradient).toList();
        NDArray predicted = unet.forward(zt, frames, ts, text, constants).stopGradient();
        predicted.setRequiresGradient(true);
        NDArray loss = maskedError(predicted, noise, mask, zt);
        try (NDArray ones = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
        }
        List<NDArray> grads = unet.residualGradients(zt, frames, ts, text, constants, predicted.getGradient());
        NDArray surrogate = null;
        for (int i = 0; i < residuals.size(); i++) {
            if (grads.get(i) != null) {
                NDArray term = residuals.get(i).mul(grads.get(i)).sum();
                surrogate = surrogate == null ? term : surrogate.add(term);
            }
        }
        return new LossPass(loss.stopGradient(), surrogate);
    }

    /**
     * The registration loss of {@code adapter} at a fixed timestep and noise draw, every visible
     * point placed (no drop), no gradients: for comparing adapters on equal terms.
     */
    public float evaluate(MotionFeatureAdapter adapter, NDArray latents, NDArray prompt, PointEmbeddings embeddings,
            List<Trajectory> trajectories, LatentGrid grid, int t, long noiseSeed, Integer patchSize) {
        return evaluate(adapter, latents, prompt, embeddings, trajectories, grid, t, noiseSeed, patchSize,
                ContextWindows.DEFAULT);
    }

    /** As above on a clip that may be longer than one window: the mean of the windows' losses, by frames. */
    public float evaluate(MotionFeatureAdapter adapter, NDArray latents, NDArray prompt, PointEmbeddings embeddings,
            List<Trajectory> trajectories, LatentGrid grid, int t, long noiseSeed, Integer patchSize,
            ContextWindows contextWindows) {
        int frames = (int) latents.getShape().get(0);
        List<Window> windows = contextWindows.windows(frames);
        PointPlacement placement = new PointPlacement(grid, frames, trajectories, embeddings.visible(), null);
        double sum = 0;
        for (Window window : windows) {
            try (NDManager step = latents.getManager().newSubManager()) {
                NDArray z0 = WindowFusion.whole(windows, frames) ? latents.duplicate() : latents.get(window.rows());
                z0.attach(step);
                NDArray noise = SeededNoise.normal(step, noiseSeed, z0.getShape());
                NDArray text = prompt.repeat(0, window.count());
                text.attach(step);
                NDArray emb = step.create(flatten(embeddings.embeddings(), embeddings.dimension()),
                        new Shape(embeddings.names().size(), embeddings.dimension()));
                PointPlacement p = placement.window(window);
                NDArray mask = patchSize == null ? null : p.patchMask(patchSize, step);
                sum += loss(adapter, schedule.addNoise(z0, noise, t), noise, t, text, emb, p, mask, step).getFloat();
            }
        }
        return (float) (sum / windows.size());
    }

    private static float[] flatten(float[][] rows, int dim) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * dim, dim);
        }
        return out;
    }
}
