package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.LayerNorm;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * AnimateDiff's {@code TemporalTransformerBlock}: pre-norm residual temporal self-attentions
 * ({@code norms.a}, {@code attention_blocks.a}, the {@code VersatileAttention} with its
 * {@code pos_encoder} added to the normed input), then GEGLU {@code ff} after {@code ff_norm}.
 * Tokens arrive as {@code [B·H·W, F, C]}: each pixel's frame sequence is one attention batch row.
 */
final class TemporalTransformerBlock {

    final List<LayerNorm> norms = new ArrayList<>();
    final List<Attention> attention_blocks = new ArrayList<>();
    final List<PositionalEncoding> pos_encoders = new ArrayList<>();
    final FeedForward ff;
    final LayerNorm ff_norm;

    TemporalTransformerBlock(ParameterStore store, String prefix, int dim, int heads, int attentionBlocks,
            boolean positionEncoding, int maxLen) {
        int headDim = dim / heads;
        for (int a = 0; a < attentionBlocks; a++) {
            String p = key(prefix, "attention_blocks." + a);
            attention_blocks.add(new Attention(store, p, dim, 0, heads, headDim));
            norms.add(new LayerNorm(store, key(prefix, "norms." + a), dim, 1e-5));
            pos_encoders.add(positionEncoding ? new PositionalEncoding(key(p, "pos_encoder.pe"), dim, maxLen) : null);
        }
        ff = new FeedForward(store, key(prefix, "ff"), dim);
        ff_norm = new LayerNorm(store, key(prefix, "ff_norm"), dim, 1e-5);
    }

    /** Each residual step's intermediates freed when it returns, so a pass holds one step's at a time. */
    NDArray forward(NDArray x) {
        NDArray h = x;
        for (int a = 0; a < attention_blocks.size(); a++) {
            int block = a;
            h = Tensors.local(h, in -> {
                NDArray n = norms.get(block).forward(in);
                if (pos_encoders.get(block) != null) {
                    n = pos_encoders.get(block).forward(n);
                }
                return attention_blocks.get(block).forward(n, null).add(in);
            });
        }
        return Tensors.local(h, in -> ff.forward(ff_norm.forward(in)).add(in));
    }
}
