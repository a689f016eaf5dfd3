package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code ResnetBlock2D} (time scale shift "default", output scale 1):
 * {@code x + conv2(silu(norm2(conv1(silu(norm1(x))) + time_emb_proj(silu(temb)))))}, the
 * skip through a 1×1 {@code conv_shortcut} when the channel count changes.
 */
final class ResnetBlock2D {

    final GroupNorm norm1;
    final Conv2d conv1;
    final Linear time_emb_proj;
    final GroupNorm norm2;
    final Conv2d conv2;
    final Conv2d conv_shortcut;

    ResnetBlock2D(ParameterStore store, String prefix, int in, int out, int tembChannels, int groups, double eps) {
        norm1 = new GroupNorm(store, key(prefix, "norm1"), groups, in, eps);
        conv1 = new Conv2d(store, key(prefix, "conv1"), in, out, 3, 1, 1);
        time_emb_proj = new Linear(store, key(prefix, "time_emb_proj"), tembChannels, out, true);
        norm2 = new GroupNorm(store, key(prefix, "norm2"), groups, out, eps);
        conv2 = new Conv2d(store, key(prefix, "conv2"), out, out, 3, 1, 1);
        conv_shortcut = in != out ? new Conv2d(store, key(prefix, "conv_shortcut"), in, out, 1, 1, 0) : null;
    }

    NDArray forward(NDArray x, NDArray temb) {
        return Tensors.local(x, in -> compute(in, temb));
    }

    private NDArray compute(NDArray x, NDArray temb) {
        NDArray h = conv1.forward(Tensors.silu(norm1.forward(x)));
        NDArray t = time_emb_proj.forward(Tensors.silu(temb));
        h = h.add(t.reshape(t.getShape().get(0), t.getShape().get(1), 1, 1));
        h = conv2.forward(Tensors.silu(norm2.forward(h)));
        NDArray skip = conv_shortcut != null ? conv_shortcut.forward(x) : x;
        return skip.add(h);
    }
}
