package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.LayerNorm;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code BasicTransformerBlock} (layer norms, pre-norm residuals): self-attention
 * ({@code norm1, attn1}), cross-attention to the text ({@code norm2, attn2}), GEGLU
 * feed-forward ({@code norm3, ff}).
 */
final class BasicTransformerBlock {

    final LayerNorm norm1;
    final Attention attn1;
    final LayerNorm norm2;
    final Attention attn2;
    final LayerNorm norm3;
    final FeedForward ff;

    BasicTransformerBlock(ParameterStore store, String prefix, int dim, int heads, int headDim, int crossDim) {
        norm1 = new LayerNorm(store, key(prefix, "norm1"), dim, 1e-5);
        attn1 = new Attention(store, key(prefix, "attn1"), dim, 0, heads, headDim);
        norm2 = new LayerNorm(store, key(prefix, "norm2"), dim, 1e-5);
        attn2 = new Attention(store, key(prefix, "attn2"), dim, crossDim, heads, headDim);
        norm3 = new LayerNorm(store, key(prefix, "norm3"), dim, 1e-5);
        ff = new FeedForward(store, key(prefix, "ff"), dim);
    }

    /** Each residual step's intermediates freed when it returns, so a pass holds one step's at a time. */
    NDArray forward(NDArray x, NDArray context) {
        NDArray h = Tensors.local(x, in -> attn1.forward(norm1.forward(in), null).add(in));
        h = Tensors.local(h, in -> attn2.forward(norm2.forward(in), context).add(in));
        return Tensors.local(h, in -> ff.forward(norm3.forward(in)).add(in));
    }
}
