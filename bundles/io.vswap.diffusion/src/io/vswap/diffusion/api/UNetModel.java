package io.vswap.diffusion.api;

import java.util.List;

import ai.djl.ndarray.NDArray;

import io.vswap.diffusion.internal.unet.UNet2DConditionModel;

/**
 * A Stable-Diffusion-family UNet ({@code UNet2DConditionModel}) whose parameters carry
 * diffusers' names. Building one records parameter shapes only; {@link #initialize} or
 * {@link #load} allocates them. Tensor methods run inside {@link TensorRuntime#call}.
 */
public interface UNetModel extends DiffusersModel {

    static UNetModel create(UNet2DConditionConfig config) {
        return new UNet2DConditionModel(config);
    }

    UNet2DConditionConfig config();

    /** The attention layers, in module order ({@code attn1} self-, {@code attn2} cross-attention). */
    List<AttentionLayer> attentionLayers();

    /** Uses {@code processor} for every attention layer. */
    void setAttentionProcessor(AttentionProcessor processor);

    /** Uses {@code processor} for the layer called {@code layerName} (see {@link #attentionLayers()}). */
    void setAttentionProcessor(String layerName, AttentionProcessor processor);

    /** {@link #forward(NDArray, float[], NDArray, List)} without down-block residuals. */
    default NDArray forward(NDArray sample, float[] timesteps, NDArray encoderHiddenStates) {
        return forward(sample, timesteps, encoderHiddenStates, null);
    }

    /**
     * The noise prediction for {@code sample [B, C, H, W]} at {@code timesteps} (one value, or one
     * per batch element), cross-attending to {@code encoderHiddenStates [B, tokens, dim]}.
     *
     * @param downBlockResiduals null, or up to one tensor per down block added to that block's
     *        output, with diffusers' {@code down_intrablock_additional_residuals} semantics
     *        (T2I-Adapter): in a cross-attention down block it is added to the last
     *        resnet+attention output, before the downsampler, so the skip connection carries it
     *        too; in a plain down block it is added to the block's final output, which is also
     *        its last skip connection (diffusers adds it in place).
     * @return {@code [B, out_channels, H, W]} in the sample's manager
     */
    NDArray forward(NDArray sample, float[] timesteps, NDArray encoderHiddenStates, List<NDArray> downBlockResiduals);

    /**
     * The output of up block {@code upBlockIndex} (after its upsampler, if it has one) for the same
     * inputs as {@link #forward}: the intermediate feature DIFT reads ({@code up_ft_index}; SD 1.5's
     * block 1 gives 1280 channels at half the latent size). The blocks above it are not run.
     *
     * @return {@code [B, block_out_channels[n-1-upBlockIndex], h, w]} in the sample's manager
     */
    NDArray upBlockFeatures(NDArray sample, float[] timesteps, NDArray encoderHiddenStates, int upBlockIndex);
}
