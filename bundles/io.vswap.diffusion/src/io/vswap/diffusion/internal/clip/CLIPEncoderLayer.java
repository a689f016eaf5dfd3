package io.vswap.diffusion.internal.clip;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.LayerNorm;
import io.vswap.diffusion.internal.nn.ParameterStore;

/** transformers' {@code CLIPEncoderLayer}, pre-norm: {@code x + attn(ln1(x))}, then {@code + mlp(ln2(·))}. */
final class CLIPEncoderLayer {

    final CLIPAttention self_attn;
    final LayerNorm layer_norm1;
    final CLIPMLP mlp;
    final LayerNorm layer_norm2;

    CLIPEncoderLayer(ParameterStore store, String prefix, int hidden, int heads, int intermediate, String act,
            double eps) {
        self_attn = new CLIPAttention(store, key(prefix, "self_attn"), hidden, heads);
        layer_norm1 = new LayerNorm(store, key(prefix, "layer_norm1"), hidden, eps);
        mlp = new CLIPMLP(store, key(prefix, "mlp"), hidden, intermediate, act);
        layer_norm2 = new LayerNorm(store, key(prefix, "layer_norm2"), hidden, eps);
    }

    NDArray forward(NDArray x, NDArray mask) {
        NDArray h = x.add(self_attn.forward(layer_norm1.forward(x), mask));
        return h.add(mlp.forward(layer_norm2.forward(h)));
    }
}
