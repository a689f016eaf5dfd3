package io.vswap.diffusion.internal.clip;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * transformers' {@code CLIPAttention}: biased {@code q_proj/k_proj/v_proj/out_proj}, queries
 * scaled by {@code head_dim^-0.5}, an additive mask on the scores before the softmax.
 */
final class CLIPAttention {

    final Linear q_proj;
    final Linear k_proj;
    final Linear v_proj;
    final Linear out_proj;
    private final int heads;
    private final int headDim;

    CLIPAttention(ParameterStore store, String prefix, int hidden, int heads) {
        q_proj = new Linear(store, key(prefix, "q_proj"), hidden, hidden, true);
        k_proj = new Linear(store, key(prefix, "k_proj"), hidden, hidden, true);
        v_proj = new Linear(store, key(prefix, "v_proj"), hidden, hidden, true);
        out_proj = new Linear(store, key(prefix, "out_proj"), hidden, hidden, true);
        this.heads = heads;
        this.headDim = hidden / heads;
    }

    /** {@code x [B, L, hidden]}, {@code mask [L, L]} added to the scores (0 or very negative), or null (the vision tower's). */
    NDArray forward(NDArray x, NDArray mask) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        NDArray q = toHeads(ScalarOps.mul(q_proj.forward(x), 1.0 / Math.sqrt(headDim)));
        NDArray k = toHeads(k_proj.forward(x));
        NDArray v = toHeads(v_proj.forward(x));
        // scores, mask and softmax in fp32 whatever the precision; probabilities back in v's type
        NDArray scores = Precision.fp32(q.batchMatMul(k.transpose(0, 2, 1)));
        NDArray p = Tensors.cast((mask == null ? scores : scores.add(mask)).softmax(-1), v.getDataType());
        NDArray o = p.batchMatMul(v).reshape(b, heads, n, headDim).transpose(0, 2, 1, 3).reshape(b, n,
                (long) heads * headDim);
        return out_proj.forward(o);
    }

    private NDArray toHeads(NDArray t) {
        long b = t.getShape().get(0);
        long n = t.getShape().get(1);
        return t.reshape(b, n, heads, headDim).transpose(0, 2, 1, 3).reshape(b * heads, n, headDim);
    }
}
