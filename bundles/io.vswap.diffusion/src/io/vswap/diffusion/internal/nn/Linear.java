package io.vswap.diffusion.internal.nn;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Parameter.Init;

/** {@code torch.nn.Linear}: {@code weight [out, in]}, optional {@code bias [out]}. */
public final class Linear {

    final Parameter weight;
    final Parameter bias;

    public Linear(ParameterStore store, String prefix, int in, int out, boolean withBias) {
        weight = store.add(ParameterStore.key(prefix, "weight"), Init.UNIFORM_FAN_IN, in, out, in);
        bias = withBias ? store.add(ParameterStore.key(prefix, "bias"), Init.UNIFORM_FAN_IN, in, out) : null;
    }

    /** Over the last axis of {@code x} (any leading axes). */
    public NDArray forward(NDArray x) {
        return bias == null ? ai.djl.nn.core.Linear.linear(x, weight.array()).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight.array(), bias.array()).singletonOrThrow();
    }
}
