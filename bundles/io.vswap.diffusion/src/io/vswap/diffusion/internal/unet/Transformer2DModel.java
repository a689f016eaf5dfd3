package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code Transformer2DModel} on a feature map: {@code norm} (GroupNorm, eps 1e-6),
 * {@code proj_in} (1×1 conv, or linear with {@code use_linear_projection}), the map as
 * {@code H·W} tokens through {@code transformer_blocks}, {@code proj_out}, plus the input.
 */
final class Transformer2DModel {

    final GroupNorm norm;
    final Conv2d proj_in_conv;
    final Linear proj_in_linear;
    final List<BasicTransformerBlock> transformer_blocks = new ArrayList<>();
    final Conv2d proj_out_conv;
    final Linear proj_out_linear;

    Transformer2DModel(ParameterStore store, String prefix, int channels, int heads, int layers, int crossDim,
            int groups, boolean linearProjection) {
        int headDim = channels / heads;
        int inner = heads * headDim;
        norm = new GroupNorm(store, key(prefix, "norm"), groups, channels, 1e-6);
        proj_in_conv = linearProjection ? null : new Conv2d(store, key(prefix, "proj_in"), channels, inner, 1, 1, 0);
        proj_in_linear = linearProjection ? new Linear(store, key(prefix, "proj_in"), channels, inner, true) : null;
        for (int i = 0; i < layers; i++) {
            transformer_blocks.add(new BasicTransformerBlock(store, key(prefix, "transformer_blocks." + i), inner,
                    heads, headDim, crossDim));
        }
        proj_out_conv = linearProjection ? null : new Conv2d(store, key(prefix, "proj_out"), inner, channels, 1, 1, 0);
        proj_out_linear = linearProjection ? new Linear(store, key(prefix, "proj_out"), inner, channels, true) : null;
    }

    List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        transformer_blocks.forEach(b -> {
            l.add(b.attn1);
            l.add(b.attn2);
        });
        return l;
    }

    NDArray forward(NDArray x, NDArray context) {
        return Tensors.local(x, in -> compute(in, context));
    }

    private NDArray compute(NDArray x, NDArray context) {
        long[] s = x.getShape().getShape(); // B, C, H, W
        NDArray h = norm.forward(x);
        if (proj_in_conv != null) {
            h = proj_in_conv.forward(h);
        }
        long inner = h.getShape().get(1);
        h = h.transpose(0, 2, 3, 1).reshape(s[0], s[2] * s[3], inner);
        if (proj_in_linear != null) {
            h = proj_in_linear.forward(h);
        }
        for (BasicTransformerBlock b : transformer_blocks) {
            h = b.forward(h, context);
        }
        if (proj_out_linear != null) {
            h = proj_out_linear.forward(h);
        }
        h = h.reshape(s[0], s[2], s[3], h.getShape().get(2)).transpose(0, 3, 1, 2);
        if (proj_out_conv != null) {
            h = proj_out_conv.forward(h);
        }
        return h.add(x);
    }
}
