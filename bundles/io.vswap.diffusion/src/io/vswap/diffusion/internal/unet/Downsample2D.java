package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.ParameterStore;

/** diffusers' {@code Downsample2D} with a conv: 3×3, stride 2, padding {@code downsample_padding}. */
final class Downsample2D {

    final Conv2d conv;

    Downsample2D(ParameterStore store, String prefix, int channels, int padding) {
        conv = new Conv2d(store, key(prefix, "conv"), channels, channels, 3, 2, padding);
    }

    NDArray forward(NDArray x) {
        return conv.forward(x);
    }
}
