package io.vswap.diffusion.internal.unet;

import java.util.List;

import ai.djl.ndarray.NDArray;

/** A UNet decoder level: takes its skip connections from the end of the stack. */
interface UpBlock {

    /**
     * @param skips the encoder outputs; this block removes the last {@link #skipCount()}
     * @param frames frames per clip for the motion modules; 0 runs without them (still images)
     */
    NDArray forward(NDArray x, NDArray temb, NDArray context, List<NDArray> skips, int frames);

    int skipCount();

    List<Attention> attentions();
}
