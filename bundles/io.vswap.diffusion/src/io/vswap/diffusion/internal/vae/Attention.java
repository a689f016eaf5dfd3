package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code Attention} as the VAE's mid block builds it: one head of all channels
 * ({@code attention_head_dim = block_out_channels[-1]}), its own {@code group_norm}, biased
 * {@code to_q/to_k/to_v}, {@code to_out.0}, and the residual added back
 * ({@code residual_connection=True}, {@code rescale_output_factor=1}). Spatial input
 * {@code [B, C, H, W]} is attended as {@code H·W} tokens.
 */
final class Attention {

    final GroupNorm group_norm;
    final Linear to_q;
    final Linear to_k;
    final Linear to_v;
    final Linear to_out_0;
    private final int heads;

    Attention(ParameterStore store, String prefix, int channels, int headDim, int groups, double eps) {
        if (channels % headDim != 0) {
            throw new IllegalArgumentException(prefix + ": " + channels + " channels in heads of " + headDim);
        }
        heads = channels / headDim;
        group_norm = new GroupNorm(store, key(prefix, "group_norm"), groups, channels, eps);
        to_q = new Linear(store, key(prefix, "to_q"), channels, channels, true);
        to_k = new Linear(store, key(prefix, "to_k"), channels, channels, true);
        to_v = new Linear(store, key(prefix, "to_v"), channels, channels, true);
        to_out_0 = new Linear(store, key(prefix, "to_out.0"), channels, channels, true);
    }

    NDArray forward(NDArray x) {
        return Tensors.local(x, this::compute);
    }

    private NDArray compute(NDArray x) {
        long[] s = x.getShape().getShape();
        long b = s[0];
        long c = s[1];
        long n = s[2] * s[3];
        NDArray h = group_norm.forward(x).reshape(b, c, n).transpose(0, 2, 1); // [B, HW, C]
        NDArray q = toHeads(to_q.forward(h));
        NDArray k = toHeads(to_k.forward(h));
        NDArray v = toHeads(to_v.forward(h));
        NDArray o = DotProductAttention.attention(q, k, v);
        o = o.reshape(b, heads, n, c / heads).transpose(0, 2, 1, 3).reshape(b, n, c);
        o = to_out_0.forward(o).transpose(0, 2, 1).reshape(s);
        return o.add(x);
    }

    private NDArray toHeads(NDArray t) {
        long b = t.getShape().get(0);
        long n = t.getShape().get(1);
        long d = t.getShape().get(2) / heads;
        return t.reshape(b, n, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, n, d);
    }
}
