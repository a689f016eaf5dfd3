package io.vswap.diffusion.api;

import io.vswap.diffusion.internal.clip.CLIPVisionModelWithProjection;

import ai.djl.ndarray.NDArray;

/**
 * The CLIP image tower with its projection ({@code CLIPVisionModelWithProjection}, diffusers'
 * {@code image_encoder/}) with transformers' parameter names ({@code vision_model.…},
 * {@code visual_projection.weight}); a full CLIPModel checkpoint loads into it too (its text tensors
 * are unexpected, not missing). Inputs are {@link CLIPImageProcessor}'s pixel values. Tensor methods
 * run inside {@link TensorRuntime#call}, take and give float32, and answer in the input's manager.
 */
public interface ImageEncoderModel extends DiffusersModel {

    static ImageEncoderModel create(CLIPVisionConfig config) {
        return new CLIPVisionModelWithProjection(config);
    }

    CLIPVisionConfig config();

    /** {@code pooler_output [B, hidden]}: {@code post_layernorm} of the class token, for {@code [B, 3, size, size]} pixels. */
    NDArray pooledOutput(NDArray pixelValues);

    /** {@code image_embeds [B, projection_dim]}: the pooled output through {@code visual_projection} (not normalised). */
    NDArray imageEmbeds(NDArray pixelValues);
}
