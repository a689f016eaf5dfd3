package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.ParameterStore;

/** diffusers' {@code DownBlock2D}: resnets (each followed by a motion module with AnimateDiff), then an optional stride-2 downsampler. */
final class DownBlock2D implements DownBlock {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Downsample2D> downsamplers = new ArrayList<>();
    final List<VanillaTemporalModule> motion_modules = new ArrayList<>();

    DownBlock2D(ParameterStore store, String prefix, int in, int out, int tembChannels, int layers, boolean downsample,
            int groups, double eps, int downsamplePadding, MotionModules motion) {
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(store, key(prefix, "resnets." + i), i == 0 ? in : out, out, tembChannels,
                    groups, eps));
            if (motion != null) {
                motion_modules.add(motion.create(prefix, i, out));
            }
        }
        if (downsample) {
            downsamplers.add(new Downsample2D(store, key(prefix, "downsamplers.0"), out, downsamplePadding));
        }
    }

    @Override
    public NDArray forward(NDArray x, NDArray temb, NDArray context, NDArray residual, List<NDArray> skips, int frames) {
        NDArray h = x;
        for (int i = 0; i < resnets.size(); i++) {
            h = resnets.get(i).forward(h, temb);
            if (frames > 0 && !motion_modules.isEmpty()) {
                h = motion_modules.get(i).forward(h, frames);
            }
            skips.add(h);
        }
        for (Downsample2D d : downsamplers) {
            h = d.forward(h);
            skips.add(h);
        }
        if (residual != null) {
            // diffusers: `sample += residual` in place, which also changes the last skip (same tensor)
            h = h.add(residual);
            skips.set(skips.size() - 1, h);
        }
        return h;
    }

    @Override
    public List<Attention> attentions() {
        return List.of();
    }
}
