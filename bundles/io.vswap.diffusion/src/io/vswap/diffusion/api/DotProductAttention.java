package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;

/**
 * The default processor, diffusers' {@code AttnProcessor}: {@code softmax(Q·Kᵀ/√d)·V} per head,
 * optionally showing each layer's probabilities to an {@link Observer}.
 */
public final class DotProductAttention implements AttentionProcessor {

    /** Plain attention, nobody watching. */
    public static final DotProductAttention DEFAULT = new DotProductAttention(null);

    /** Sees the attention probabilities of every layer this processor serves. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param probabilities {@code [batch·heads, queryTokens, keyTokens]}; it belongs to the
         *        step's manager and is closed with it: copy it to keep it.
         */
        void attentionProbabilities(AttentionLayer layer, NDArray probabilities);
    }

    private final Observer observer;

    public DotProductAttention(Observer observer) {
        this.observer = observer;
    }

    /** {@code softmax(Q·Kᵀ/√d)} over the key tokens: {@code [batch·heads, queryTokens, keyTokens]}. */
    public static NDArray probabilities(NDArray query, NDArray key) {
        long d = query.getShape().get(query.getShape().dimension() - 1);
        try (NDArray kt = key.transpose(0, 2, 1)) {
            NDArray scaled = query.mul(1.0 / Math.sqrt(d));
            NDArray scores = scaled.batchMatMul(kt);
            scaled.close();
            NDArray p = scores.softmax(-1);
            scores.close();
            return p;
        }
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        NDArray p = probabilities(query, key);
        if (observer != null) {
            observer.attentionProbabilities(layer, p);
            return p.batchMatMul(value);
        }
        // Nobody holds p: free it now rather than at the end of the step. At SD 1.5's 64x64 level it is
        // [B*8, 4096, 4096] floats, 1 GB per image pair and layer. (Autograd keeps its own reference.)
        try (p) {
            return p.batchMatMul(value);
        }
    }
}
