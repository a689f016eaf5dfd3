package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code Attention} as SD uses it: {@code to_q/to_k/to_v} without bias, heads split
 * into the batch axis ({@code head_to_batch_dim}), the {@link AttentionProcessor}, heads merged,
 * then {@code to_out.0} (with bias; {@code to_out.1} is dropout).
 */
final class Attention {

    final Linear to_q;
    final Linear to_k;
    final Linear to_v;
    final Linear to_out_0;
    final AttentionLayer layer;
    AttentionProcessor processor = DotProductAttention.DEFAULT;

    /** {@code crossDim} 0: self-attention. */
    Attention(ParameterStore store, String prefix, int queryDim, int crossDim, int heads, int headDim) {
        int inner = heads * headDim;
        int kvDim = crossDim > 0 ? crossDim : queryDim;
        to_q = new Linear(store, key(prefix, "to_q"), queryDim, inner, false);
        to_k = new Linear(store, key(prefix, "to_k"), kvDim, inner, false);
        to_v = new Linear(store, key(prefix, "to_v"), kvDim, inner, false);
        to_out_0 = new Linear(store, key(prefix, "to_out.0"), inner, queryDim, true);
        layer = new AttentionLayer(prefix, crossDim > 0, heads, headDim);
    }

    /** {@code x [B, N, C]}; {@code context} null for self-attention. */
    NDArray forward(NDArray x, NDArray context) {
        NDArray kv = context != null ? context : x;
        NDArray q = toHeads(to_q.forward(x));
        // Scoped to x: with cross-attention kv is the prompt embedding, usually held across steps in a
        // longer-lived manager; unscoped, K and V (and their reshapes) would pile up there every step.
        NDArray k = toHeads(Tensors.scoped(to_k.forward(kv), x));
        NDArray v = toHeads(Tensors.scoped(to_v.forward(kv), x));
        NDArray o = processor.attend(layer, q, k, v);
        return to_out_0.forward(fromHeads(o, x.getShape().get(0)));
    }

    /** {@code [B, N, H·d] -> [B·H, N, d]}. */
    private NDArray toHeads(NDArray t) {
        long b = t.getShape().get(0);
        long n = t.getShape().get(1);
        return t.reshape(b, n, layer.heads(), layer.headDim()).transpose(0, 2, 1, 3)
                .reshape(b * layer.heads(), n, layer.headDim());
    }

    /** {@code [B·H, N, d] -> [B, N, H·d]}. */
    private NDArray fromHeads(NDArray t, long b) {
        long n = t.getShape().get(1);
        return t.reshape(b, layer.heads(), n, layer.headDim()).transpose(0, 2, 1, 3)
                .reshape(b, n, (long) layer.heads() * layer.headDim());
    }
}
