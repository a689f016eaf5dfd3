package io.vswap.diffusion.internal.clip;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/** transformers' {@code CLIPEncoder}: {@code layers.i}, the stack both towers run (the text tower with a causal mask). */
final class CLIPEncoder {

    final List<CLIPEncoderLayer> layers = new ArrayList<>();

    CLIPEncoder(ParameterStore store, String prefix, int layerCount, int hidden, int heads, int intermediate,
            String act, double eps) {
        for (int i = 0; i < layerCount; i++) {
            layers.add(new CLIPEncoderLayer(store, key(prefix, "layers." + i), hidden, heads, intermediate, act, eps));
        }
    }

    /**
     * {@code x [B, L, hidden]}; {@code mask [L, L]} added to every layer's scores, or null. Each layer's
     * intermediates are freed when it returns (ViT-L/14 holds ~150 MB of them per layer for 8 images).
     */
    NDArray forward(NDArray x, NDArray mask) {
        NDArray h = x;
        for (CLIPEncoderLayer layer : layers) {
            h = Tensors.local(h, in -> layer.forward(in, mask));
        }
        return h;
    }
}
