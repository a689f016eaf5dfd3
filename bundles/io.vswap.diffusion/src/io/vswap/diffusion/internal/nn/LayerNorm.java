package io.vswap.diffusion.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.nn.Parameter.Init;

/** {@code torch.nn.LayerNorm} over the last axis. */
public final class LayerNorm {

    final Parameter weight;
    final Parameter bias;
    private final Shape normalized;
    private final float eps;

    public LayerNorm(ParameterStore store, String prefix, int dim, double eps) {
        weight = store.add(ParameterStore.key(prefix, "weight"), Init.ONES, 1, dim);
        bias = store.add(ParameterStore.key(prefix, "bias"), Init.ZEROS, 1, dim);
        normalized = new Shape(dim);
        this.eps = (float) eps;
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, weight.array(), bias.array(), eps)
                .singletonOrThrow();
    }
}
