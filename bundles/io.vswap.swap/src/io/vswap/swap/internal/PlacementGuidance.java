package io.vswap.swap.internal;

import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.swap.api.PromptConditioning;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * Keeps the new subject where the old one was: the centroid term of self-guidance (Epstein et al.
 * 2023, "Diffusion Self-Guidance for Controllable Image Generation", §3). Not part of VideoSwap.
 * Per frame, the centroid of the target word's cross-attention while editing is pulled toward the
 * centroid of the source word's cross-attention at the same timestep of the inversion, by the
 * gradient of {@code g = mean over frames of |c_edit − c_source|²} (coordinates in latent cells)
 * with respect to the latent.
 *
 * <p>Why: on the sample model a shape drawn into another shape's inverted noise can settle a few
 * pixels off the source's path with a bias of its own per swap, with or without the motion features
 * (docs/results/2026-11-24-guidance-tiny-model.md). The motion features pin the points' semantics; this
 * pins the subject's mass. Both maps are the same measure ({@link SubjectAttention}'s average of
 * every cross-attention layer at latent resolution), so its blur is common to both sides.
 *
 * <p>The map's centroid is taken over the part of each frame's map above that frame's mean, so the
 * weak attention the word spreads over the background does not pull every centroid to the middle.
 */
public final class PlacementGuidance implements AttentionProcessor {

    private final int frames;
    private final int latentHeight;
    private final int latentWidth;
    private final float[][] aim;
    /** One pass, no replay: a gradient that is not finite leaves its step unguided (another pass costs a UNet). */
    private final GradientReplayPolicy replay = new GradientReplayPolicy(1, 0, Double.POSITIVE_INFINITY, false, false);
    private int guided;
    private NDArray tokenWeights;
    private NDArray sum;
    private int layers;

    public PlacementGuidance(int frames, int latentHeight, int latentWidth) {
        this(frames, latentHeight, latentWidth, null);
    }

    /**
     * @param aim null, or per frame {dx, dy} in latent cells added to the source's centroid before
     *        pulling toward it (a frame's entry may be null: no offset); see {@code placementPasses}
     */
    public PlacementGuidance(int frames, int latentHeight, int latentWidth, float[][] aim) {
        if (aim != null && aim.length != frames) {
            throw new IllegalArgumentException(aim.length + " aim offsets for " + frames + " frames");
        }
        this.frames = frames;
        this.latentHeight = latentHeight;
        this.latentWidth = latentWidth;
        this.aim = aim;
    }

    /**
     * The energy's gradient at one step.
     *
     * @param gradient {@code ∇_z g} {@code [F, C, h, w]}, or null where the backend gave a gradient that
     *        is not finite (then the step goes unguided, as a replay would cost another pass)
     * @param energy {@code g} at {@code z}, in squared latent cells
     */
    public record Pull(NDArray gradient, float energy) {
    }

    /**
     * {@code g} and {@code ∇_z g} for the conditional pass at timestep {@code t}.
     *
     * @param z the latents {@code [F, C, h, w]} (not changed)
     * @param text the target prompt's embedding, one row per frame {@code [F, L, dim]}
     * @param residuals the motion features of the conditional pass, or null
     * @param tokens the target word's positions in the prompt
     * @param sourceMap the source word's map at {@code t} from the inversion, {@code [F·h·w]}
     * @param manager where the gradient lives
     * @param conditioning installs the processors (a target concept's layers keep their part around them)
     *        and says how many keys a cross-attention sees
     * @param restore the attention processor the UNet gets back afterwards
     */
    public Pull gradient(VideoUNetModel unet, NDArray z, int t, NDArray text, List<NDArray> residuals, int[] tokens,
            float[] sourceMap, NDManager manager, PromptConditioning conditioning, AttentionProcessor restore) {
        // the pass needs gradients through the UNet, in fp32 (see Fp32Hold)
        return Fp32Hold.call(unet, () -> gradientFp32(unet, z, t, text, residuals, tokens, sourceMap, manager,
                conditioning, restore));
    }

    private Pull gradientFp32(VideoUNetModel unet, NDArray z, int t, NDArray text, List<NDArray> residuals,
            int[] tokens, float[] sourceMap, NDManager manager, PromptConditioning conditioning,
            AttentionProcessor restore) {
        float[][] target = centroids(sourceMap, frames, latentHeight, latentWidth);
        for (int f = 0; aim != null && f < frames; f++) {
            if (aim[f] != null) {
                target[f][0] += aim[f][0];
                target[f][1] += aim[f][1];
            }
        }
        try (NDManager pass = manager.newSubManager()) {
            NDArray x = z.duplicate();
            x.attach(pass);
            x.setRequiresGradient(true);
            float[] weights = new float[conditioning.keyTokens()];
            for (int k : tokens) {
                weights[k] = 1f / tokens.length;
            }
            tokenWeights = pass.create(weights, new Shape(weights.length, 1));
            float energy;
            sum = null;
            layers = 0;
            conditioning.install(this);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                unet.forward(x, frames, new float[] { t }, text, residuals);
                if (sum == null) {
                    throw new IllegalStateException("the model has no cross-attention to guide by");
                }
                NDArray loss = loss(ScalarOps.div(sum, layers), target, pass);
                energy = loss.getFloat();
                gc.backward(loss);
            } finally {
                conditioning.install(restore);
                tokenWeights = null;
                sum = null;
            }
            NDArray g = x.getGradient();
            double[] size = { g.abs().sum().getFloat() };
            boolean use = replay.judge(guided++, size, 0, energy) == GradientReplayPolicy.Verdict.USE;
            NDArray out = use ? g.duplicate() : null;
            if (out != null) {
                out.attach(manager);
            }
            x.setRequiresGradient(false);
            return new Pull(out, energy);
        }
    }

    /** {@code g}: the mean squared distance of the map's centroids {@code [F, h, w]} to {@code target}. */
    public static NDArray loss(NDArray map, float[][] target, NDManager manager) {
        Shape s = map.getShape();
        int f = (int) s.get(0);
        int h = (int) s.get(1);
        int w = (int) s.get(2);
        // DJL's PyTorch mean takes one axis only
        NDArray above = ScalarOps.maximum(map.sub(ScalarOps.div(map.sum(new int[] { 1, 2 }, true), (double) h * w)), 0);
        NDArray mass = above.sum(new int[] { 1, 2 }).add(1e-12f);
        NDArray xs = manager.arange(0f, w).add(0.5f).reshape(1, 1, w);
        NDArray ys = manager.arange(0f, h).add(0.5f).reshape(1, h, 1);
        NDArray cx = above.mul(xs).sum(new int[] { 1, 2 }).div(mass);
        NDArray cy = above.mul(ys).sum(new int[] { 1, 2 }).div(mass);
        float[] tx = new float[f];
        float[] ty = new float[f];
        for (int i = 0; i < f; i++) {
            tx[i] = target[i][0];
            ty[i] = target[i][1];
        }
        NDArray dx = cx.sub(manager.create(tx));
        NDArray dy = cy.sub(manager.create(ty));
        return dx.square().add(dy.square()).mean();
    }

    /**
     * Each frame's centroid of a map {@code [F·h·w]} as {@link #loss} takes it: {x, y} in latent
     * cells (the top-left cell's centre is 0.5, 0.5); the middle of the frame where the map is flat.
     */
    public static float[][] centroids(float[] map, int frames, int h, int w) {
        float[][] out = new float[frames][];
        int cells = h * w;
        for (int f = 0; f < frames; f++) {
            double mean = 0;
            for (int i = 0; i < cells; i++) {
                mean += map[f * cells + i];
            }
            mean /= cells;
            double m = 1e-12;
            double sx = 0;
            double sy = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double a = Math.max(0, map[f * cells + y * w + x] - mean);
                    m += a;
                    sx += a * (x + 0.5);
                    sy += a * (y + 0.5);
                }
            }
            out[f] = m > 1e-9 ? new float[] { (float) (sx / m), (float) (sy / m) } : new float[] { w / 2f, h / 2f };
        }
        return out;
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        if (tokenWeights == null || !layer.crossAttention()) {
            return DotProductAttention.attention(query, key, value); // sliced where memory asks for it
        }
        NDArray p = DotProductAttention.probabilities(query, key);
        observe(layer, p);
        return DotProductAttention.weighted(p, value);
    }

    /** As {@link SubjectAttention}, but kept as a tensor on the autograd graph. */
    private void observe(AttentionLayer layer, NDArray p) {
        long rows = p.getShape().get(0) / layer.heads();
        long queries = p.getShape().get(1);
        int factor = SubjectAttention.downscale(layer, queries, latentHeight, latentWidth);
        int h = latentHeight / factor;
        int w = latentWidth / factor;
        if (rows != frames) {
            throw new IllegalStateException(layer.name() + ": " + rows + " rows, guiding " + frames + " frames");
        }
        NDArray word = p.matMul(tokenWeights).reshape(rows, layer.heads(), h, 1, w, 1).mean(new int[] { 1 });
        // nearest-neighbour up to the latent grid, as SubjectAttention does
        NDArray up = word.broadcast(new Shape(rows, h, factor, w, factor)).reshape(rows, latentHeight, latentWidth);
        up.attach(tokenWeights.getManager()); // the pass's: p's own manager closes with its transformer block
        sum = sum == null ? up : sum.add(up);
        layers++;
    }
}
