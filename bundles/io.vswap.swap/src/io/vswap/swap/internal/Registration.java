package io.vswap.swap.internal;

import java.util.List;
import java.util.Map;
import java.util.Random;

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
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.VideoUNetModel;
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
     */
    public record Options(int iterations, double learningRate, double weightDecay, double pointDropRate,
            int patchSize, boolean patchLoss, boolean semanticSchedule, long seed) {
    }

    /** Sees every iteration as it ends. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param skipped no update: the gradients were not finite twice (BUILD-FACTS, oneDNN), or every
         *        point sat this iteration out (loss NaN)
         */
        void iteration(int iteration, int timestep, float loss, boolean skipped);
    }

    private final VideoUNetModel unet;
    private final NoiseSchedule schedule;

    public Registration(VideoUNetModel unet, NoiseSchedule schedule) {
        this.unet = unet;
        this.schedule = schedule;
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
        Precision held = unet.precision();
        if (held == Precision.FP32) {
            return registerFp32(initial, latents, prompt, embeddings, trajectories, grid, options, listener, monitor);
        }
        // Training runs in fp32: DJL casts between precisions without autograd (no gradient would
        // reach the MLPs through a fp16 UNet). fp16 -> fp32 -> fp16 is exact, so the UNet is held
        // in fp32 for the registration only and given back as it was (the fp32 copy costs twice
        // its memory meanwhile).
        unet.setPrecision(Precision.FP32);
        try {
            return registerFp32(initial, latents, prompt, embeddings, trajectories, grid, options, listener, monitor);
        } finally {
            unet.setPrecision(held);
        }
    }

    private MotionFeatureAdapter registerFp32(MotionFeatureAdapter initial, NDArray latents, NDArray prompt,
            PointEmbeddings embeddings, List<Trajectory> trajectories, LatentGrid grid, Options options,
            Listener listener, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Registering " + embeddings.names().size() + " points",
                options.iterations());
        NDManager home = latents.getManager();
        int frames = (int) latents.getShape().get(0);
        int points = embeddings.names().size();
        int trainSteps = schedule.trainTimesteps();
        int from = options.semanticSchedule() ? trainSteps / 2 : 0;
        Random random = new Random(options.seed());
        float[] flatEmbeddings = flatten(embeddings.embeddings(), embeddings.dimension());

        MotionFeatureAdapter trained = initial.copy(home);
        try {
            Map<String, NDArray> params = trained.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) options.learningRate()))
                    .optWeightDecays((float) options.weightDecay()).build();
            for (int it = 0; it < options.iterations(); it++) {
                if (sub.isCanceled()) {
                    throw new OperationCanceledException();
                }
                int t = from + random.nextInt(trainSteps - from);
                boolean[] used = new boolean[points];
                for (int k = 0; k < points; k++) {
                    used[k] = random.nextDouble() >= options.pointDropRate();
                }
                PointPlacement placement = new PointPlacement(grid, frames, trajectories, embeddings.visible(), used);
                float loss = Float.NaN;
                try (NDManager step = home.newSubManager()) {
                    NDArray z0 = latents.duplicate();
                    z0.attach(step);
                    NDArray noise = SeededNoise.normal(step, options.seed() * 1_000_003L + it, z0.getShape());
                    NDArray zt = schedule.addNoise(z0, noise, t);
                    NDArray text = prompt.repeat(0, frames);
                    text.attach(step);
                    NDArray emb = step.create(flatEmbeddings, new Shape(points, embeddings.dimension()));
                    NDArray mask = options.patchLoss() ? placement.patchMask(options.patchSize(), step) : null;
                    if (mask != null && mask.sum().getFloat() == 0) {
                        // every point dropped or invisible: nothing to learn this iteration
                        listener.iteration(it, t, Float.NaN, true);
                        sub.worked(1);
                        continue;
                    }
                    // BUILD-FACTS: oneDNN's CPU backward now and then leaves a non-finite gradient on a step
                    // that replays cleanly. Replay once (so a seed keeps its result); skip if it happens again.
                    boolean finite = false;
                    for (int attempt = 0; attempt < 2 && !finite; attempt++) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = loss(trained, zt, noise, t, text, emb, placement, mask, step);
                            loss = l.getFloat();
                            gc.backward(l);
                        }
                        finite = params.values().stream().allMatch(p -> p.getGradient().isNaN()
                                .logicalOr(p.getGradient().isInfinite()).none().getBoolean());
                        if (!finite) {
                            // NaN - NaN stays NaN: clear through libtorch, not GradientCollector.zeroGradients()
                            params.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
                        }
                    }
                    if (finite) {
                        for (var e : params.entrySet()) {
                            adamW.update(e.getKey(), e.getValue(), e.getValue().getGradient());
                        }
                    }
                    params.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
                    listener.iteration(it, t, loss, !finite);
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

    /** Eq. 2 for one draw: the mean squared noise-prediction error inside {@code mask} (everywhere when null). */
    private NDArray loss(MotionFeatureAdapter adapter, NDArray zt, NDArray noise, int t, NDArray text, NDArray emb,
            PointPlacement placement, NDArray mask, NDManager step) {
        int frames = (int) zt.getShape().get(0);
        List<NDArray> residuals = adapter.features(emb, placement, 1.0, step);
        NDArray predicted = unet.forward(zt, frames, new float[] { t }, text, residuals);
        NDArray err = predicted.sub(noise).square();
        return mask == null ? err.mean() : err.mul(mask).sum().div(mask.sum().mul(zt.getShape().get(1)));
    }

    /**
     * The registration loss of {@code adapter} at a fixed timestep and noise draw, every visible
     * point placed (no drop), no gradients: for comparing adapters on equal terms.
     */
    public float evaluate(MotionFeatureAdapter adapter, NDArray latents, NDArray prompt, PointEmbeddings embeddings,
            List<Trajectory> trajectories, LatentGrid grid, int t, long noiseSeed, Integer patchSize) {
        int frames = (int) latents.getShape().get(0);
        PointPlacement placement = new PointPlacement(grid, frames, trajectories, embeddings.visible(), null);
        try (NDManager step = latents.getManager().newSubManager()) {
            NDArray z0 = latents.duplicate();
            z0.attach(step);
            NDArray noise = SeededNoise.normal(step, noiseSeed, z0.getShape());
            NDArray text = prompt.repeat(0, frames);
            text.attach(step);
            NDArray emb = step.create(flatten(embeddings.embeddings(), embeddings.dimension()),
                    new Shape(embeddings.names().size(), embeddings.dimension()));
            NDArray mask = patchSize == null ? null : placement.patchMask(patchSize, step);
            return loss(adapter, schedule.addNoise(z0, noise, t), noise, t, text, emb, placement, mask, step).getFloat();
        }
    }

    private static float[] flatten(float[][] rows, int dim) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * dim, dim);
        }
        return out;
    }
}
