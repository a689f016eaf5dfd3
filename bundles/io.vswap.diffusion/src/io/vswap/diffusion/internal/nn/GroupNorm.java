package io.vswap.diffusion.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.vswap.diffusion.internal.nn.Parameter.Init;

/**
 * {@code torch.nn.GroupNorm} on {@code [N, C, H, W]} (DJL has no GroupNorm block): statistics
 * per sample and group of {@code C/groups} channels, biased variance, then a per-channel affine.
 */
public final class GroupNorm {

    final Parameter weight;
    final Parameter bias;
    private final int groups;
    private final double eps;

    public GroupNorm(ParameterStore store, String prefix, int groups, int channels, double eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(prefix + ": " + channels + " channels do not split into " + groups
                    + " groups");
        }
        weight = store.add(ParameterStore.key(prefix, "weight"), Init.ONES, 1, channels);
        bias = store.add(ParameterStore.key(prefix, "bias"), Init.ZEROS, 1, channels);
        this.groups = groups;
        this.eps = eps;
    }

    /**
     * In fp32 whatever {@code x}'s precision (as autocast does): mean and variance of a group in
     * bf16/fp16 would keep 3 significant digits; the result comes back in x's type (both casts
     * differentiable under autograd).
     */
    public NDArray forward(NDArray x) {
        if (x.getDataType() != DataType.FLOAT32) {
            NDArray x32 = Tensors.cast(x, DataType.FLOAT32);
            NDArray y = forward32(x32);
            return Tensors.cast(y, x.getDataType());
        }
        return forward32(x);
    }

    /** The normalisation without the affine: per sample and group, mean 0 and (biased) variance 1. */
    public static NDArray normalize(NDArray x, int groups, double eps) {
        long[] s = x.getShape().getShape();
        NDArray g = x.reshape(s[0], groups, -1);
        NDArray mean = g.mean(new int[] { 2 }, true);
        NDArray centred = g.sub(mean);
        NDArray var = centred.square().mean(new int[] { 2 }, true);
        return centred.div(var.add(eps).sqrt()).reshape(s);
    }

    private NDArray forward32(NDArray x) {
        long[] s = x.getShape().getShape();
        long c = s[1];
        NDArray normed = normalize(x, groups, eps);
        // Views of the parameters land in the parameters' manager: move them to the step's.
        NDArray w = Tensors.scoped(weight.array().reshape(1, c, 1, 1), x);
        NDArray b = Tensors.scoped(bias.array().reshape(1, c, 1, 1), x);
        if (w.getDataType() != DataType.FLOAT32) {
            w = Tensors.scoped(Tensors.cast(w, DataType.FLOAT32), x);
            b = Tensors.scoped(Tensors.cast(b, DataType.FLOAT32), x);
        }
        return normed.mul(w).add(b);
    }
}
