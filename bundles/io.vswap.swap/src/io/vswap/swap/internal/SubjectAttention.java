package io.vswap.swap.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.DotProductAttention;

/**
 * Watches the spatial cross-attention layers ({@code attn2}) for the subject word's tokens, as
 * Prompt-to-Prompt's LocalBlend does, and attends as {@link DotProductAttention} does. Per forward
 * pass it keeps one map per frame at latent resolution: each layer's probabilities of the word's
 * tokens, averaged over heads and tokens, brought up to the latent grid by nearest-neighbour
 * repetition (the low-resolution layers are 2×, 4×… coarser), then averaged over all layers.
 * Unlike P2P (which uses the 16×16 layers of a 512 image only) every level counts, so the tiny
 * test models, whose coarsest level may be 8×8, get a mask too.
 *
 * <p>Set the token positions and which rows of the batch to watch before a pass
 * ({@link #watch}), take the map after it ({@link #take}).
 */
public final class SubjectAttention implements AttentionProcessor {

    private final int frames;
    private final int latentHeight;
    private final int latentWidth;
    private float[] tokenWeights;
    private int firstRow;
    private float[] sum;
    private int layers;

    public SubjectAttention(int frames, int latentHeight, int latentWidth) {
        this.frames = frames;
        this.latentHeight = latentHeight;
        this.latentWidth = latentWidth;
    }

    /**
     * Watches the next passes.
     *
     * @param tokens positions of the subject word in the encoded prompt (see {@code ClipTokenizer.wordPositions})
     * @param keyTokens the prompt's length (keys per cross-attention)
     * @param firstRow the batch row of frame 0 of the watched clip (F under guidance: the conditional half)
     */
    public void watch(int[] tokens, int keyTokens, int firstRow) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no subject tokens to watch");
        }
        tokenWeights = new float[keyTokens];
        for (int t : tokens) {
            tokenWeights[t] = 1f / tokens.length;
        }
        this.firstRow = firstRow;
        sum = null;
        layers = 0;
    }

    /** Stops watching (plain attention, nothing kept). */
    public void stop() {
        tokenWeights = null;
        sum = null;
        layers = 0;
    }

    /** The subject map of the passes since {@link #watch} or the last take, {@code [F·h·w]}, frame-major; then starts afresh. */
    public float[] take() {
        if (sum == null) {
            throw new IllegalStateException("no cross-attention was seen since the last take");
        }
        float[] out = sum;
        for (int i = 0; i < out.length; i++) {
            out[i] /= layers;
        }
        sum = null;
        layers = 0;
        return out;
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        if (tokenWeights == null || !layer.crossAttention()) {
            return DotProductAttention.attention(query, key, value); // sliced where memory asks for it
        }
        try (NDArray p = DotProductAttention.probabilities(query, key)) {
            observe(layer, p);
            // p is fp32 whatever the precision; weighted() brings it to the value's (fp16 on a half model)
            return DotProductAttention.weighted(p, value);
        }
    }

    /** How many times coarser than the latent grid a layer's {@code queries} lie (1, 2, 4…); refuses another count. */
    static int downscale(AttentionLayer layer, long queries, int latentHeight, int latentWidth) {
        int factor = (int) Math.round(Math.sqrt((double) latentHeight * latentWidth / queries));
        if (factor < 1 || (long) (latentHeight / factor) * (latentWidth / factor) != queries) {
            throw new IllegalStateException(layer.name() + ": " + queries + " queries are no downscaled "
                    + latentHeight + "x" + latentWidth + " grid");
        }
        return factor;
    }

    private void observe(AttentionLayer layer, NDArray p) {
        long rows = p.getShape().get(0) / layer.heads();
        long queries = p.getShape().get(1);
        long keys = p.getShape().get(2);
        if (keys != tokenWeights.length) {
            throw new IllegalStateException("cross-attention over " + keys + " tokens, watching a prompt of "
                    + tokenWeights.length);
        }
        int factor = downscale(layer, queries, latentHeight, latentWidth);
        int h = latentHeight / factor;
        int w = latentWidth / factor;
        float[] map;
        try (NDArray weights = p.getManager().create(tokenWeights, new Shape(keys, 1));
                NDArray word = p.matMul(weights); // [B·H, Q, 1]
                NDArray perRow = word.reshape(rows, layer.heads(), queries);
                NDArray watched = perRow.get(new NDIndex("{}:{}", firstRow, firstRow + frames));
                NDArray mean = watched.mean(new int[] { 1 })) {
            map = mean.toFloatArray(); // [F, h·w]
        }
        if (sum == null) {
            sum = new float[frames * latentHeight * latentWidth];
        }
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < latentHeight; y++) {
                for (int x = 0; x < latentWidth; x++) {
                    sum[(f * latentHeight + y) * latentWidth + x] += map[(f * h + y / factor) * w + x / factor];
                }
            }
        }
        layers++;
    }
}
