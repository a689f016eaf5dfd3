package io.vswap.diffusion.api;

/**
 * One attention layer of a model, as an {@link AttentionProcessor} sees it.
 *
 * @param name the diffusers module path, e.g. {@code down_blocks.0.attentions.0.transformer_blocks.0.attn2}
 * @param crossAttention whether keys and values come from the encoder hidden states (text), i.e. {@code attn2}
 * @param heads number of heads
 * @param headDim channels per head
 */
public record AttentionLayer(String name, boolean crossAttention, int heads, int headDim) {
}
