package io.vswap.diffusion.api;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.vswap.diffusion.internal.SdpaModule;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * The default processor, diffusers' {@code AttnProcessor}: {@code softmax(Q·Kᵀ/√d)·V} per head,
 * optionally showing each layer's probabilities to an {@link Observer}. Without an observer it
 * runs the {@link AttentionKernel} chosen: PyTorch's scaled-dot-product attention by default.
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
        try (NDArray p = Tensors.cast(probabilities, value.getDataType())) {
            return p.batchMatMul(value);
        }
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        if (observer == null) {
            return attention(query, key, value);
        }
        NDArray p = probabilities(query, key);
        observer.attentionProbabilities(layer, p);
        return weighted(p, value);
    }

    /**
     * {@code softmax(Q·Kᵀ/√d)·V} with the {@link AttentionKernel} chosen ({@code -Dvswap.attention}):
     * what a processor calls for layers whose probabilities nobody needs to see.
     */
    public static NDArray attention(NDArray query, NDArray key, NDArray value) {
        AttentionKernel kernel = AttentionKernel.current();
        if (kernel == AttentionKernel.SDPA || kernel == AttentionKernel.AUTO && sdpaAvailable(query)) {
            return SdpaModule.get(query).attend(query, key, value);
        }
        long budget = kernel == AttentionKernel.WHOLE ? Long.MAX_VALUE : AttentionSlicing.budgetBytes(query.getDevice());
        return attention(query, key, value, budget);
    }

    private static volatile Boolean sdpa;

    /** Whether the engine loads PyTorch's scaled-dot-product attention (asked once; a refusal is logged once). */
    private static boolean sdpaAvailable(NDArray like) {
        Boolean s = sdpa;
        if (s == null) {
            try {
                SdpaModule.get(like);
                s = true;
            } catch (IllegalStateException e) {
                System.getLogger(DotProductAttention.class.getName()).log(System.Logger.Level.WARNING,
                        e.getMessage() + "; attention runs in slices instead");
                s = false;
            }
            sdpa = s;
        }
        return s;
    }

    /**
     * {@code softmax(Q·Kᵀ/√d)·V} holding at most {@code budgetBytes} of fp32 scores at once: whole
     * when they fit, else in slices of whole heads, else of query rows within one head. Each row's
     * softmax runs over all its keys either way, so slicing changes no number (up to the matmul's
     * blocking); under autograd the slices join through a differentiable concatenation.
     */
    public static NDArray attention(NDArray query, NDArray key, NDArray value, long budgetBytes) {
        long heads = query.getShape().get(0);
        long queries = query.getShape().get(1);
        long rowBytes = key.getShape().get(1) * Float.BYTES;
        if (heads * queries * rowBytes <= budgetBytes) {
            // Nobody holds p: free it now rather than at the end of the step. At SD 1.5's 64x64 level
            // it is [B*8, 4096, 4096] floats, 1 GB per image pair and layer. (Autograd keeps its own reference.)
            try (NDArray p = probabilities(query, key)) {
                return weighted(p, value);
            }
        }
        long rows = Math.max(1, budgetBytes / rowBytes);
        List<NDArray> parts = new ArrayList<>();
        if (rows >= queries) {
            long perSlice = rows / queries;
            for (long h = 0; h < heads; h += perSlice) {
                NDIndex i = new NDIndex("{}:{}", h, Math.min(heads, h + perSlice));
                try (NDArray q = query.get(i); NDArray k = key.get(i); NDArray v = value.get(i)) {
                    parts.add(attention(q, k, v, Long.MAX_VALUE));
                }
            }
            return join(parts, 0);
        }
        for (long h = 0; h < heads; h++) {
            NDIndex head = new NDIndex("{}:{}", h, h + 1);
            List<NDArray> headParts = new ArrayList<>();
            try (NDArray k = key.get(head); NDArray v = value.get(head)) {
                for (long r = 0; r < queries; r += rows) {
                    try (NDArray q = query.get(new NDIndex("{}:{}, {}:{}", h, h + 1, r, Math.min(queries, r + rows)))) {
                        headParts.add(attention(q, k, v, Long.MAX_VALUE));
                    }
                }
            }
            parts.add(join(headParts, 1));
        }
        return join(parts, 0);
    }

    private static NDArray join(List<NDArray> parts, int axis) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        NDArray joined = NDArrays.concat(new NDList(parts), axis);
        parts.forEach(NDArray::close);
        return joined;
    }
}
