package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/** diffusers' {@code Upsample2D} with a conv: nearest 2× then a 3×3 conv. */
final class Upsample2D {

    final Conv2d conv;

    Upsample2D(ParameterStore store, String prefix, int channels) {
        conv = new Conv2d(store, key(prefix, "conv"), channels, channels, 3, 1, 1);
    }

    NDArray forward(NDArray x) {
        return conv.forward(Tensors.upsampleNearest2x(x));
    }
}
