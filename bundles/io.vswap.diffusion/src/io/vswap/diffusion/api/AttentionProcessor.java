package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;

/**
 * The seam where attention is computed (diffusers' attention processors): methods observe
 * cross-attention maps (latent-blend masks) or replace attention without forking the model.
 * The layer has already projected and split the heads; it merges them and applies
 * {@code to_out} afterwards, so projections (and LoRA on them) are not this seam's business.
 */
@FunctionalInterface
public interface AttentionProcessor {

    /**
     * @param query {@code [batch·heads, queryTokens, headDim]}
     * @param key {@code [batch·heads, keyTokens, headDim]}
     * @param value {@code [batch·heads, keyTokens, headDim]}
     * @return {@code [batch·heads, queryTokens, headDim]}, in the query's manager
     */
    NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value);
}
