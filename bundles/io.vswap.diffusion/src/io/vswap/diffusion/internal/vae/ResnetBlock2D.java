package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code ResnetBlock2D} as the VAE builds it ({@code temb_channels=None}, so no
 * {@code time_emb_proj}): {@code x + conv2(silu(norm2(conv1(silu(norm1(x))))))}, the skip
 * through a 1×1 {@code conv_shortcut} when the channel count changes.
 */
final class ResnetBlock2D {

    final GroupNorm norm1;
    final Conv2d conv1;
    final GroupNorm norm2;
    final Conv2d conv2;
    final Conv2d conv_shortcut;

    ResnetBlock2D(ParameterStore store, String prefix, int in, int out, int groups, double eps) {
        norm1 = new GroupNorm(store, key(prefix, "norm1"), groups, in, eps);
        conv1 = new Conv2d(store, key(prefix, "conv1"), in, out, 3, 1, 1);
        norm2 = new GroupNorm(store, key(prefix, "norm2"), groups, out, eps);
        conv2 = new Conv2d(store, key(prefix, "conv2"), out, out, 3, 1, 1);
        conv_shortcut = in != out ? new Conv2d(store, key(prefix, "conv_shortcut"), in, out, 1, 1, 0) : null;
    }

    NDArray forward(NDArray x) {
        return Tensors.local(x, this::compute);
    }

    private NDArray compute(NDArray x) {
        NDArray h = conv1.forward(Tensors.silu(norm1.forward(x)));
        h = conv2.forward(Tensors.silu(norm2.forward(h)));
        NDArray skip = conv_shortcut != null ? conv_shortcut.forward(x) : x;
        return skip.add(h);
    }
}
