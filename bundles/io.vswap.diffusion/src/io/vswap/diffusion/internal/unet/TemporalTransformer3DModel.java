package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * AnimateDiff's {@code TemporalTransformer3DModel}: {@code norm} (GroupNorm per frame, eps 1e-6),
 * linear {@code proj_in}, the {@code transformer_blocks} over each pixel's frames, linear
 * {@code proj_out}, plus the input.
 */
final class TemporalTransformer3DModel {

    final GroupNorm norm;
    final Linear proj_in;
    final List<TemporalTransformerBlock> transformer_blocks = new ArrayList<>();
    final Linear proj_out;

    TemporalTransformer3DModel(ParameterStore store, String prefix, int channels, int heads, int layers,
            int attentionBlocks, int groups, boolean positionEncoding, int maxLen) {
        norm = new GroupNorm(store, key(prefix, "norm"), groups, channels, 1e-6);
        proj_in = new Linear(store, key(prefix, "proj_in"), channels, channels, true);
        for (int i = 0; i < layers; i++) {
            transformer_blocks.add(new TemporalTransformerBlock(store, key(prefix, "transformer_blocks." + i),
                    channels, heads, attentionBlocks, positionEncoding, maxLen));
        }
        proj_out = new Linear(store, key(prefix, "proj_out"), channels, channels, true);
    }

    /** {@code x [B·F, C, H, W]}, clip-major. */
    NDArray forward(NDArray x, int frames) {
        long[] s = x.getShape().getShape();
        long clips = s[0] / frames;
        long c = s[1];
        long hw = s[2] * s[3];
        // [(B F), C, H, W] -> [B, F, C, H·W] -> [B, H·W, F, C] -> [(B H W), F, C]
        NDArray h = norm.forward(x).reshape(clips, frames, c, hw).transpose(0, 3, 1, 2)
                .reshape(clips * hw, frames, c);
        h = proj_in.forward(h);
        for (TemporalTransformerBlock b : transformer_blocks) {
            h = b.forward(h);
        }
        h = proj_out.forward(h);
        h = h.reshape(clips, hw, frames, c).transpose(0, 2, 3, 1).reshape(s);
        // x first: the sum keeps x's memory layout (a spatial transformer's output may be channels-last),
        // so the layers after an untrained module run exactly as in the image UNet
        return x.add(h);
    }

    List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        transformer_blocks.forEach(b -> l.addAll(b.attention_blocks));
        return l;
    }

    List<PositionalEncoding> positionEncodings() {
        List<PositionalEncoding> l = new ArrayList<>();
        transformer_blocks.forEach(b -> b.pos_encoders.stream().filter(p -> p != null).forEach(l::add));
        return l;
    }
}
