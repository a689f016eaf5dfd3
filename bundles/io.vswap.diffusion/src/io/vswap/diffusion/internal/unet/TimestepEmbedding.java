package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/** diffusers' {@code TimestepEmbedding}: {@code linear_2(silu(linear_1(t)))}. */
final class TimestepEmbedding {

    final Linear linear_1;
    final Linear linear_2;

    TimestepEmbedding(ParameterStore store, String prefix, int in, int dim) {
        linear_1 = new Linear(store, key(prefix, "linear_1"), in, dim, true);
        linear_2 = new Linear(store, key(prefix, "linear_2"), dim, dim, true);
    }

    NDArray forward(NDArray t) {
        return linear_2.forward(Tensors.silu(linear_1.forward(t)));
    }
}
