package io.vswap.method.tuneavideo.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.DotProductAttention;

/**
 * One temporal attention layer that Tune-A-Video adds to a transformer block ({@code attn_temp}
 * after a parameter-free layer norm): each spatial position attends over the clip's frames, and the
 * result is added to what came in through a zero-initialised output projection, so that a freshly
 * inflated UNet computes exactly what the image UNet does (sparse-causal attention aside).
 *
 * <p>Where it sits differs from the paper's: the paper puts it after the block's feed-forward; here it
 * works on the self-attention's output before {@code to_out}, the one place the backend's
 * attention-processor seam reaches without forking the UNet. The paper leaves {@code norm_temp}
 * untrained at its identity init (weight 1, bias 0), so the norm here has no parameters; the paper's
 * code zeroes only {@code to_out}'s weight and keeps its random bias, which would change the output
 * before tuning, so the bias is zeroed too.
 */
public final class TemporalAttention {

    private static final double NORM_EPS = 1e-5;

    private final String prefix;
    private final int channels;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    /**
     * Seeded PyTorch-style init (uniform ±1/√channels) of the query, key and value projections, zero
     * output projection, under {@code manager}.
     *
     * @param prefix the parameters' name prefix ({@code down_blocks.0.attentions.0.transformer_blocks.0.attn_temp})
     */
    public TemporalAttention(String prefix, int channels, NDManager manager, long seed) {
        this.prefix = prefix;
        this.channels = channels;
        Random random = new Random(seed);
        double bound = 1 / Math.sqrt(channels);
        for (String p : new String[] { "to_q", "to_k", "to_v" }) {
            float[] w = new float[channels * channels];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            parameters.put(name(p + ".weight"), manager.create(w, new Shape(channels, channels)));
        }
        parameters.put(name("to_out.0.weight"), manager.zeros(new Shape(channels, channels)));
        parameters.put(name("to_out.0.bias"), manager.zeros(new Shape(channels)));
    }

    private String name(String local) {
        return prefix + "." + local;
    }

    public String prefix() {
        return prefix;
    }

    /** The trainable arrays by their names ({@code <prefix>.to_q.weight}, …): live, in module order. */
    public Map<String, NDArray> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    /**
     * {@code x + to_out(attention over frames(norm(x)))} for the self-attention's output {@code x}
     * {@code [n·F·H, T, d]} (heads in the batch, as the processor sees it); the same shape back.
     */
    public NDArray forward(NDArray x, int frames, int heads) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long d = x.getShape().get(2);
        long clips = rows / ((long) frames * heads);
        if (heads * d != channels) {
            throw new IllegalArgumentException(prefix + " works on " + channels + " channels, the layer gives "
                    + heads + " heads of " + d);
        }
        // [n·F·H, T, d] -> [n, F, H, T, d] -> [n, T, F, H, d] -> [n·T, F, C]: one sequence of frames per position
        NDArray seq = x.reshape(clips, frames, heads, tokens, d).transpose(0, 3, 1, 2, 4)
                .reshape(clips * tokens, frames, channels);
        NDArray normed = layerNorm(seq);
        NDArray q = toHeads(linear(normed, "to_q"), heads);
        NDArray k = toHeads(linear(normed, "to_k"), heads);
        NDArray v = toHeads(linear(normed, "to_v"), heads);
        NDArray mixed = fromHeads(DotProductAttention.attention(q, k, v), clips * tokens, frames, heads);
        NDArray out = mixed.matMul(parameters.get(name("to_out.0.weight")).transpose())
                .add(parameters.get(name("to_out.0.bias")));
        NDArray sum = seq.add(out);
        // back to [n, T, F, H, d] -> [n, F, H, T, d] -> [n·F·H, T, d]
        return sum.reshape(clips, tokens, frames, heads, d).transpose(0, 2, 3, 1, 4).reshape(rows, tokens, d);
    }

    private NDArray linear(NDArray x, String projection) {
        return x.matMul(parameters.get(name(projection + ".weight")).transpose());
    }

    /** Layer norm over the channels without an affine part (the paper's untrained {@code norm_temp}). */
    private static NDArray layerNorm(NDArray x) {
        NDArray mean = x.mean(new int[] { -1 }, true);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().mean(new int[] { -1 }, true);
        return centred.div(variance.add(NORM_EPS).sqrt());
    }

    /** {@code [N, F, H·d]} → {@code [N·H, F, d]}. */
    private static NDArray toHeads(NDArray t, int heads) {
        long n = t.getShape().get(0);
        long f = t.getShape().get(1);
        long d = t.getShape().get(2) / heads;
        return t.reshape(n, f, heads, d).transpose(0, 2, 1, 3).reshape(n * heads, f, d);
    }

    /** {@code [N·H, F, d]} → {@code [N, F, H·d]}. */
    private static NDArray fromHeads(NDArray t, long n, int frames, int heads) {
        long d = t.getShape().get(2);
        return t.reshape(n, heads, frames, d).transpose(0, 2, 1, 3).reshape(n, frames, heads * d);
    }
}
