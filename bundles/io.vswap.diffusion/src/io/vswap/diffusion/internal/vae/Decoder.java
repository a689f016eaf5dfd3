package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' VAE {@code Decoder}: latents to images; up block {@code i} runs at
 * {@code block_out_channels[n-1-i]} with {@code layers_per_block + 1} resnets.
 */
final class Decoder {

    final Conv2d conv_in;
    final UNetMidBlock2D mid_block;
    final List<UpDecoderBlock2D> up_blocks = new ArrayList<>();
    final GroupNorm conv_norm_out;
    final Conv2d conv_out;

    Decoder(ParameterStore store, String prefix, AutoencoderKLConfig c) {
        List<Integer> ch = c.blockOutChannels();
        int n = ch.size();
        int groups = c.normNumGroups();
        double eps = Encoder.EPS;
        conv_in = new Conv2d(store, key(prefix, "conv_in"), c.latentChannels(), ch.get(n - 1), 3, 1, 1);
        mid_block = new UNetMidBlock2D(store, key(prefix, "mid_block"), ch.get(n - 1), groups, eps,
                c.midBlockAddAttention());
        int out = ch.get(n - 1);
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch.get(n - 1 - i);
            up_blocks.add(VaeBlocks.getUpBlock(c.upBlockTypes().get(i), store, key(prefix, "up_blocks." + i),
                    c.layersPerBlock() + 1, in, out, i < n - 1, groups, eps));
        }
        conv_norm_out = new GroupNorm(store, key(prefix, "conv_norm_out"), groups, ch.get(0), eps);
        conv_out = new Conv2d(store, key(prefix, "conv_out"), ch.get(0), c.outChannels(), 3, 1, 1);
    }

    NDArray forward(NDArray z) {
        NDArray x = conv_in.forward(z);
        x = mid_block.forward(x);
        for (UpDecoderBlock2D u : up_blocks) {
            x = u.forward(x);
        }
        return conv_out.forward(Tensors.silu(conv_norm_out.forward(x)));
    }
}
