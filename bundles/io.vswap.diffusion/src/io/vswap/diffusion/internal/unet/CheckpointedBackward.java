package io.vswap.diffusion.internal.unet;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * The gradient of {@code Σ output·outputGradient} with respect to the down-block residuals,
 * computed as gradient checkpointing does (Chen et al. 2016; diffusers'
 * {@code enable_gradient_checkpointing}): one forward without a graph keeps only each block's
 * inputs and the skip stack; then, from the output back to the input, each block runs again
 * with a graph on its own inputs and is differentiated at once. Autograd therefore holds one
 * block's activations at a time instead of the whole UNet's, for one more forward's work.
 *
 * <p>Blocks: {@code conv_norm_out + conv_out} (the head), each up block, the mid block, each down
 * block; a block made of {@link Stage}s (the cross-attention blocks, where the activations are
 * largest) a layer at a time instead: its layers' inputs are recomputed without a graph, then each
 * layer is differentiated on its own. A down block's outputs are exactly the skips it appends (its returned state is the last
 * of them), so its upstream gradient is that of those skips, summed over every block that reads
 * them. DJL has no custom autograd functions, so each block's vector-Jacobian product is one
 * backward of {@code Σ out·g} from leaf copies of its inputs. Parameters that require a gradient
 * get theirs accumulated on the way, as in a plain backward (registration's UNet has none).
 */
final class CheckpointedBackward {

    private final UNet2DConditionModel unet;

    CheckpointedBackward(UNet2DConditionModel unet) {
        this.unet = unet;
    }

    /**
     * In half precision the output gradient is scaled first by a power of two that brings its
     * largest element to about 1 (a loss's gradient is typically ~1e-5 per element, where fp16
     * keeps two significant digits or flushes to zero) and the results are scaled back in fp32:
     * exact, as mixed-precision training's loss scale. A result that overflowed (inf or NaN) is
     * computed again at a 256 times smaller scale, up to twice.
     *
     * @param residuals one per down block (null entries: none for that block), as {@code forward} takes them
     * @return one gradient per residual (null where the residual was null), in {@code sample}'s manager, fp32
     */
    List<NDArray> residualGradients(NDArray sample, int frames, float[] timesteps, NDArray context,
            List<NDArray> residuals, NDArray outputGradient) {
        if (unet.precision() == Precision.FP32) {
            return residualGradients(sample, frames, timesteps, context, residuals, outputGradient, 1);
        }
        double scale = GradientScale.of(outputGradient);
        for (int attempt = 0;; attempt++) {
            List<NDArray> out = residualGradients(sample, frames, timesteps, context, residuals, outputGradient, scale);
            if (attempt == 2 || GradientScale.finite(out)) {
                return out;
            }
            out.forEach(g -> {
                if (g != null) {
                    g.close();
                }
            });
            scale /= 256;
        }
    }

    private List<NDArray> residualGradients(NDArray sample, int frames, float[] timesteps, NDArray context,
            List<NDArray> residuals, NDArray outputGradient, double scale) {
        NDManager caller = sample.getManager();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDManager work = caller.newSubManager()) {
            Precision p = unet.precision();
            NDArray x = p.cast(detached(sample, work));
            NDArray ctx = p.cast(detached(context, work));
            List<NDArray> res = new ArrayList<>();
            for (NDArray r : residuals) {
                res.add(r == null ? null : p.cast(detached(r, work)));
            }
            float[] t = timesteps.length == 1 && x.getShape().get(0) > 1 ? fill(timesteps[0], x.getShape().get(0))
                    : timesteps;
            NDArray emb = unet.time_embedding.forward(p.cast(unet.time_proj.forward(t, work)));
            int downs = unet.down_blocks.size();
            int ups = unet.up_blocks.size();

            // forward without a graph (nothing here requires a gradient), keeping each block's inputs
            NDArray h = unet.config().centerInputSample() ? ScalarOps.mul(x, 2).sub(1) : x;
            h = unet.conv_in.forward(h);
            List<NDArray> skips = new ArrayList<>();
            skips.add(h);
            NDArray[] downIn = new NDArray[downs];
            int[] downFirstSkip = new int[downs];
            for (int i = 0; i < downs; i++) {
                downIn[i] = h;
                downFirstSkip[i] = skips.size();
                h = unet.down_blocks.get(i).forward(h, emb, ctx, i < res.size() ? res.get(i) : null, skips, frames);
            }
            NDArray midIn = h;
            h = unet.mid_block.forward(h, emb, ctx, frames);
            List<NDArray> stack = new ArrayList<>(skips);
            NDArray[] upIn = new NDArray[ups];
            int[] upFirstSkip = new int[ups];
            for (int j = 0; j < ups; j++) {
                upIn[j] = h;
                upFirstSkip[j] = stack.size() - unet.up_blocks.get(j).skipCount();
                h = unet.up_blocks.get(j).forward(h, emb, ctx, stack, frames);
            }
            NDArray headIn = h;

            // backward, block by block
            NDArray[] skipGrad = new NDArray[skips.size()];
            NDArray g = detached(outputGradient, work);
            g = p.cast(scale == 1 ? g : ScalarOps.mul(Precision.fp32(g), scale)); // scaled before it is narrowed
            g = vjp(headIn, g, in -> unet.conv_out.forward(Tensors.silu(unet.conv_norm_out.forward(in))), work);
            for (int j = ups - 1; j >= 0; j--) {
                UpBlock up = unet.up_blocks.get(j);
                int first = upFirstSkip[j];
                int count = up.skipCount();
                if (up instanceof Stage.Staged staged) {
                    g = upLayers(staged.stages(emb, ctx, frames), upIn[j], g, first + count - 1, skips, skipGrad, work);
                    continue;
                }
                try (NDManager block = work.newSubManager()) {
                    NDArray in = leaf(upIn[j], block);
                    List<NDArray> read = new ArrayList<>(skips.subList(0, first));
                    List<NDArray> leaves = new ArrayList<>();
                    for (int k = 0; k < count; k++) {
                        NDArray l = leaf(skips.get(first + k), block);
                        leaves.add(l);
                        read.add(l);
                    }
                    NDArray out = up.forward(in, emb, ctx, read, frames);
                    backward(out.mul(g).sum());
                    g = replace(g, gradient(in, work));
                    for (int k = 0; k < count; k++) {
                        skipGrad[first + k] = accumulate(skipGrad[first + k], gradient(leaves.get(k), work));
                    }
                }
            }
            NDArray midGrad = vjp(midIn, g, in -> unet.mid_block.forward(in, emb, ctx, frames), work);
            int last = skips.size() - 1;
            skipGrad[last] = accumulate(skipGrad[last], midGrad);
            List<NDArray> out = new ArrayList<>();
            for (int i = 0; i < downs; i++) {
                out.add(null);
            }
            for (int i = downs - 1; i >= 0; i--) {
                DownBlock down = unet.down_blocks.get(i);
                NDArray r = i < res.size() ? res.get(i) : null;
                if (down instanceof Stage.Staged staged) {
                    NDArray gr = downLayers(staged.stages(emb, ctx, frames), downIn[i], r, downFirstSkip[i], skipGrad,
                            work);
                    if (gr != null) {
                        out.set(i, unscaled(gr, scale, caller));
                    }
                    continue;
                }
                try (NDManager block = work.newSubManager()) {
                    NDArray in = leaf(downIn[i], block);
                    NDArray rLeaf = r == null ? null : leaf(r, block);
                    List<NDArray> outs = new ArrayList<>();
                    down.forward(in, emb, ctx, rLeaf, outs, frames);
                    NDArray surrogate = null;
                    for (int k = 0; k < outs.size(); k++) {
                        NDArray sg = skipGrad[downFirstSkip[i] + k];
                        if (sg != null) {
                            NDArray term = outs.get(k).mul(sg).sum();
                            surrogate = surrogate == null ? term : surrogate.add(term);
                        }
                    }
                    if (surrogate == null) {
                        continue; // nothing downstream reads this block's outputs
                    }
                    backward(surrogate);
                    int before = downFirstSkip[i] - 1;
                    skipGrad[before] = add(skipGrad[before], gradient(in, work));
                    if (rLeaf != null) {
                        out.set(i, unscaled(gradient(rLeaf, work), scale, caller));
                    }
                }
            }
            for (int i = 0; i < residuals.size() && i < downs; i++) {
                if (residuals.get(i) != null && out.get(i) == null) {
                    NDArray zeros = caller.zeros(residuals.get(i).getShape());
                    out.set(i, zeros);
                }
            }
            return out.subList(0, Math.min(residuals.size(), downs));
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * An up block a layer at a time: its layers' inputs again without a graph, then from the last
     * layer back each differentiated on its own. Resnets read skips from {@code lastSkip} down.
     *
     * @return the gradient at the block's input, in {@code work}
     */
    private static NDArray upLayers(List<Stage> stages, NDArray x, NDArray g, int lastSkip, List<NDArray> skips,
            NDArray[] skipGrad, NDManager work) {
        int n = stages.size();
        NDArray[] in = new NDArray[n];
        int[] skip = new int[n];
        try (NDManager block = work.newSubManager()) {
            NDArray h = detached(x, block);
            int next = lastSkip;
            boolean mode = JniUtils.isGradMode();
            JniUtils.setGradMode(false); // the inputs only: no graph, even to parameters that train
            try {
                for (int k = 0; k < n; k++) {
                    in[k] = h;
                    skip[k] = stages.get(k).readsSkip() ? next-- : -1;
                    h = stages.get(k).apply().apply(h, skip[k] < 0 ? null : skips.get(skip[k]));
                }
            } finally {
                JniUtils.setGradMode(mode);
            }
            for (int k = n - 1; k >= 0; k--) {
                try (NDManager layer = block.newSubManager()) {
                    NDArray xl = leaf(in[k], layer);
                    NDArray sl = skip[k] < 0 ? null : leaf(skips.get(skip[k]), layer);
                    backward(stages.get(k).apply().apply(xl, sl).mul(g).sum());
                    // the layer's input and the gradient at its output are not needed any more
                    g = replace(g, gradient(xl, block));
                    if (k == 0 || in[k] != in[k - 1]) {
                        in[k].close();
                    }
                    if (sl != null) {
                        skipGrad[skip[k]] = accumulate(skipGrad[skip[k]], gradient(sl, work));
                    }
                }
            }
            g.attach(work);
            return g;
        }
    }

    /**
     * A down block a layer at a time, as {@link #upLayers}: the gradient at each layer's output is
     * the next layer's input gradient plus, where the layer's output went on the skip stack, that
     * skip's gradient. The block's input gradient joins the skip before it ({@code firstSkip − 1}).
     *
     * @return the residual's gradient (model precision, in {@code work}), or null without one
     */
    private static NDArray downLayers(List<Stage> stages, NDArray x, NDArray residual, int firstSkip,
            NDArray[] skipGrad, NDManager work) {
        int n = stages.size();
        NDArray[] in = new NDArray[n];
        int[] emitted = new int[n];
        NDArray residualGrad = null;
        try (NDManager block = work.newSubManager()) {
            NDArray h = detached(x, block);
            int next = firstSkip;
            boolean mode = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            try {
                for (int k = 0; k < n; k++) {
                    in[k] = h;
                    Stage s = stages.get(k);
                    h = s.apply().apply(h, s.takesResidual() ? residual : null);
                    emitted[k] = s.emitsSkip() ? next++ : -1;
                }
            } finally {
                JniUtils.setGradMode(mode);
            }
            NDArray g = null;
            for (int k = n - 1; k >= 0; k--) {
                if (emitted[k] >= 0 && skipGrad[emitted[k]] != null) {
                    g = g == null ? skipGrad[emitted[k]] : g.add(skipGrad[emitted[k]]);
                }
                if (g == null) {
                    continue; // nothing downstream reads this layer's output
                }
                Stage s = stages.get(k);
                try (NDManager layer = block.newSubManager()) {
                    NDArray xl = leaf(in[k], layer);
                    NDArray rl = s.takesResidual() && residual != null ? leaf(residual, layer) : null;
                    backward(s.apply().apply(xl, rl).mul(g).sum());
                    g = gradient(xl, block);
                    if (rl != null) {
                        residualGrad = gradient(rl, work);
                    }
                }
            }
            if (g != null) {
                g.attach(work);
                skipGrad[firstSkip - 1] = add(skipGrad[firstSkip - 1], g);
            }
            return residualGrad;
        }
    }

    /** One block's vector-Jacobian product: the gradient of {@code Σ block(x)·g} with respect to {@code x}, in {@code home}. */
    private static NDArray vjp(NDArray x, NDArray g, java.util.function.UnaryOperator<NDArray> block, NDManager home) {
        try (NDManager scope = home.newSubManager()) {
            NDArray in = leaf(x, scope);
            NDArray out = block.apply(in);
            backward(out.mul(g).sum());
            return gradient(in, home);
        }
    }

    /** A residual's gradient in fp32, the output gradient's scale taken out, in {@code caller}. */
    private static NDArray unscaled(NDArray gradient, double scale, NDManager caller) {
        NDArray g32 = Precision.fp32(gradient);
        NDArray g = scale == 1 ? g32 : ScalarOps.mul(g32, 1 / scale);
        g.attach(caller);
        return g;
    }

    /** A copy of {@code x} that records a graph from here, in {@code manager}. */
    private static NDArray leaf(NDArray x, NDManager manager) {
        NDArray l = x.stopGradient();
        l.attach(manager);
        l.setRequiresGradient(true);
        return l;
    }

    private static NDArray detached(NDArray x, NDManager manager) {
        NDArray d = x.stopGradient();
        d.attach(manager);
        return d;
    }

    private static void backward(NDArray scalar) {
        try (NDArray ones = scalar.onesLike()) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, false, false);
        }
    }

    /** The gradient a backward left on {@code leaf}, as an array of its own in {@code home}. */
    private static NDArray gradient(NDArray leaf, NDManager home) {
        NDArray g = leaf.getGradient().duplicate();
        g.attach(home);
        return g;
    }

    private static NDArray add(NDArray a, NDArray b) {
        return a == null ? b : a.add(b);
    }

    /** {@code a + b} where nothing else holds either: both freed once summed. */
    private static NDArray accumulate(NDArray a, NDArray b) {
        if (a == null) {
            return b;
        }
        NDArray sum = a.add(b);
        a.close();
        b.close();
        return sum;
    }

    /**
     * {@code next}, {@code previous} freed: every gradient the backward passes up the chain is this
     * pass's own (the first a copy of the caller's), read by one layer only.
     */
    private static NDArray replace(NDArray previous, NDArray next) {
        previous.close();
        return next;
    }

    private static float[] fill(float v, long n) {
        float[] t = new float[(int) n];
        java.util.Arrays.fill(t, v);
        return t;
    }
}
