package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * diffusers' {@code Downsample2D} as the VAE encoder builds it ({@code padding=0}): the input is
 * zero-padded by one on the right and bottom only ({@code F.pad(x, (0, 1, 0, 1))}), then a 3×3
 * stride-2 conv without padding.
 */
final class Downsample2D {

    final Conv2d conv;

    Downsample2D(ParameterStore store, String prefix, int channels) {
        conv = new Conv2d(store, key(prefix, "conv"), channels, channels, 3, 2, 0);
    }

    NDArray forward(NDArray x) {
        return conv.forward(x.pad(new Shape(0, 1, 0, 1), 0));
    }
}
