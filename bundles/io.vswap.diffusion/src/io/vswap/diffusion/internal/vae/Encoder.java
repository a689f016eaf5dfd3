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

/** diffusers' VAE {@code Encoder} ({@code double_z=True}): image to {@code 2·latent_channels} moments. */
final class Encoder {

    static final double EPS = 1e-6;

    final Conv2d conv_in;
    final List<DownEncoderBlock2D> down_blocks = new ArrayList<>();
    final UNetMidBlock2D mid_block;
    final GroupNorm conv_norm_out;
    final Conv2d conv_out;

    Encoder(ParameterStore store, String prefix, AutoencoderKLConfig c) {
        List<Integer> ch = c.blockOutChannels();
        int n = ch.size();
        int groups = c.normNumGroups();
        conv_in = new Conv2d(store, key(prefix, "conv_in"), c.inChannels(), ch.get(0), 3, 1, 1);
        int out = ch.get(0);
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch.get(i);
            down_blocks.add(VaeBlocks.getDownBlock(c.downBlockTypes().get(i), store, key(prefix, "down_blocks." + i),
                    c.layersPerBlock(), in, out, i < n - 1, groups, EPS));
        }
        mid_block = new UNetMidBlock2D(store, key(prefix, "mid_block"), ch.get(n - 1), groups, EPS,
                c.midBlockAddAttention());
        conv_norm_out = new GroupNorm(store, key(prefix, "conv_norm_out"), groups, ch.get(n - 1), EPS);
        conv_out = new Conv2d(store, key(prefix, "conv_out"), ch.get(n - 1), 2 * c.latentChannels(), 3, 1, 1);
    }

    NDArray forward(NDArray x) {
        x = conv_in.forward(x);
        for (DownEncoderBlock2D d : down_blocks) {
            x = d.forward(x);
        }
        x = mid_block.forward(x);
        return conv_out.forward(Tensors.silu(conv_norm_out.forward(x)));
    }
}
