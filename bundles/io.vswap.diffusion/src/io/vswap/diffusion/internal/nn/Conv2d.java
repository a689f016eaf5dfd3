package io.vswap.diffusion.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.nn.Parameter.Init;

/** {@code torch.nn.Conv2d} with a square kernel: {@code weight [out, in, k, k]}, {@code bias [out]}. */
public final class Conv2d {

    final Parameter weight;
    final Parameter bias;
    private final Shape stride;
    private final Shape padding;

    public Conv2d(ParameterStore store, String prefix, int in, int out, int kernel, int stride, int padding) {
        long fanIn = (long) in * kernel * kernel;
        weight = store.add(ParameterStore.key(prefix, "weight"), Init.UNIFORM_FAN_IN, fanIn, out, in, kernel, kernel);
        bias = store.add(ParameterStore.key(prefix, "bias"), Init.UNIFORM_FAN_IN, fanIn, out);
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.convolutional.Conv2d
                .conv2d(x, weight.array(), bias.array(), stride, padding, new Shape(1, 1), 1).singletonOrThrow();
    }
}
