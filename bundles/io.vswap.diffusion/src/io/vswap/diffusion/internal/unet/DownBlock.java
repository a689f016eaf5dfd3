package io.vswap.diffusion.internal.unet;

import java.util.List;

import ai.djl.ndarray.NDArray;

/** A UNet encoder level: runs on the hidden states and adds its outputs to the skip stack. */
interface DownBlock {

    /**
     * @param skips receives one output per resnet (and one after the downsampler)
     * @param residual null, or diffusers' {@code down_intrablock_additional_residuals} entry for this block
     * @param frames frames per clip for the motion modules; 0 runs without them (still images)
     */
    NDArray forward(NDArray x, NDArray temb, NDArray context, NDArray residual, List<NDArray> skips, int frames);

    List<Attention> attentions();
}
