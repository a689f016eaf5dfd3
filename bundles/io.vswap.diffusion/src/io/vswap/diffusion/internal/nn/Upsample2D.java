package io.vswap.diffusion.internal.nn;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;

/** diffusers' {@code Upsample2D} with a conv: nearest 2× then a 3×3 conv (the UNet's and the VAE's decoder's). */
public final class Upsample2D {

    final Conv2d conv;

    public Upsample2D(ParameterStore store, String prefix, int channels) {
        conv = new Conv2d(store, key(prefix, "conv"), channels, channels, 3, 1, 1);
    }

    public NDArray forward(NDArray x) {
        return conv.forward(Tensors.upsampleNearest2x(x));
    }
}
