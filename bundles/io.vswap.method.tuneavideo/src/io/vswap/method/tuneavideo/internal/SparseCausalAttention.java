package io.vswap.method.tuneavideo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.DotProductAttention;

/**
 * Tune-A-Video's sparse-causal self-attention (§4.1): the queries of frame {@code i} attend to the
 * keys and values of the first frame and of frame {@code i-1} (frame 0 to itself twice, which is
 * plain self-attention), so that every frame is drawn in the first frame's appearance at the cost of
 * two frames' keys rather than all of them. Optionally followed by the layer's {@link TemporalAttention}.
 *
 * <p>The layer hands the processor its heads folded into the batch, {@code [n·F·H, T, d]} with row
 * {@code (clip·F + frame)·H + head}; {@code n} is 2 under classifier-free guidance (both halves in one
 * batch), so it is read from the shapes, F is the clip's frame count.
 */
public final class SparseCausalAttention implements AttentionProcessor {

    private final int frames;
    private final TemporalAttention temporal;

    /** @param temporal the layer's temporal attention after the spatial one; null: none */
    public SparseCausalAttention(int frames, TemporalAttention temporal) {
        if (frames < 1) {
            throw new IllegalArgumentException("a clip has at least one frame, not " + frames);
        }
        this.frames = frames;
        this.temporal = temporal;
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        NDArray out = attention(query, key, value, frames, layer.heads());
        if (temporal == null) {
            return out;
        }
        NDArray mixed = temporal.forward(out, frames, layer.heads());
        out.close();
        return mixed;
    }

    /**
     * The sparse-causal attention of {@code [n·F·H, T, d]} queries, keys and values: each frame's
     * queries over the first frame's and the previous frame's {@code 2T} keys.
     */
    public static NDArray attention(NDArray query, NDArray key, NDArray value, int frames, int heads) {
        return DotProductAttention.attention(query, firstAndPrevious(key, frames, heads),
                firstAndPrevious(value, frames, heads));
    }

    /** {@code [n·F·H, T, d]} → {@code [n·F·H, 2T, d]}: per frame, the first frame's tokens then the previous frame's. */
    static NDArray firstAndPrevious(NDArray x, int frames, int heads) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long d = x.getShape().get(2);
        if (rows % ((long) frames * heads) != 0) {
            throw new IllegalArgumentException(rows + " attention rows are not a whole number of " + frames
                    + "-frame clips of " + heads + " heads");
        }
        long clips = rows / ((long) frames * heads);
        NDArray byFrame = x.reshape(clips, frames, heads, tokens, d);
        NDArray first = byFrame.get(new NDIndex(":, 0:1")).repeat(1, frames);
        // frame i's previous is i-1, the first frame's is itself: [0, 0, 1, …, F-2]
        NDArray previous = frames == 1 ? byFrame.get(new NDIndex(":, 0:1"))
                : NDArrays.concat(new NDList(byFrame.get(new NDIndex(":, 0:1")),
                        byFrame.get(new NDIndex(":, 0:{}", frames - 1))), 1);
        return NDArrays.concat(new NDList(first, previous), 3).reshape(rows, 2 * tokens, d);
    }
}
