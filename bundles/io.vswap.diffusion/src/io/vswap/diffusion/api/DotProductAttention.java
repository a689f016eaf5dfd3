package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

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

    /**
     * {@code softmax(Q·Kᵀ/√d)} over the key tokens: {@code [batch·heads, queryTokens, keyTokens]},
     * always float32 (the softmax runs in fp32 when Q and K are fp16/bf16, as diffusers'
     * {@code upcast_softmax}); multiply with V through {@link #weighted}.
     */
    public static NDArray probabilities(NDArray query, NDArray key) {
        long d = query.getShape().get(query.getShape().dimension() - 1);
        try (NDArray kt = key.transpose(0, 2, 1)) {
            NDArray scaled = ScalarOps.mul(query, 1.0 / Math.sqrt(d));
            NDArray scores = scaled.batchMatMul(kt);
            scaled.close();
            // half precision up to fp32; fp64 (the gradient self-check's reference) stays as it is
            NDArray scores32 = scores.getDataType() == DataType.FLOAT64 ? scores : Precision.fp32(scores);
            if (scores32 != scores) {
                scores.close();
            }
            NDArray p = scores32.softmax(-1);
            scores32.close();
            return p;
        }
    }

    /** {@code probabilities · value} in value's precision ({@code [batch·heads, queryTokens, headDim]}). */
    public static NDArray weighted(NDArray probabilities, NDArray value) {
        if (probabilities.getDataType() == value.getDataType()) {
            return probabilities.batchMatMul(value);
        }
        try (NDArray p = probabilities.toType(value.getDataType(), false)) {
            return p.batchMatMul(value);
        }
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        NDArray p = probabilities(query, key);
        if (observer != null) {
            observer.attentionProbabilities(layer, p);
            return weighted(p, value);
        }
        // Nobody holds p: free it now rather than at the end of the step. At SD 1.5's 64x64 level it is
        // [B*8, 4096, 4096] floats, 1 GB per image pair and layer. (Autograd keeps its own reference.)
        try (p) {
            return weighted(p, value);
        }
    }
}
