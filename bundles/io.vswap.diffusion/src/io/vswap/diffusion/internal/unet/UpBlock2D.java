package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Upsample2D;

/**
 * diffusers' {@code UpBlock2D}: {@code layers_per_block + 1} resnets, each on the hidden states
 * concatenated (channel axis) with the next skip from the stack's end (with AnimateDiff each
 * followed by a motion module); an optional upsampler.
 */
final class UpBlock2D implements UpBlock {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Upsample2D> upsamplers = new ArrayList<>();
    final List<VanillaTemporalModule> motion_modules = new ArrayList<>();

    UpBlock2D(ParameterStore store, String prefix, int in, int prevOut, int out, int tembChannels, int layers,
            boolean upsample, int groups, double eps, MotionModules motion) {
        for (int i = 0; i < layers; i++) {
            int skip = i == layers - 1 ? in : out;
            int resIn = i == 0 ? prevOut : out;
            resnets.add(new ResnetBlock2D(store, key(prefix, "resnets." + i), resIn + skip, out, tembChannels, groups,
                    eps));
            if (motion != null) {
                motion_modules.add(motion.create(prefix, i, out));
            }
        }
        if (upsample) {
            upsamplers.add(new Upsample2D(store, key(prefix, "upsamplers.0"), out));
        }
    }

    static NDArray withSkip(NDArray h, List<NDArray> skips) {
        return h.concat(skips.remove(skips.size() - 1), 1);
    }

    @Override
    public NDArray forward(NDArray x, NDArray temb, NDArray context, List<NDArray> skips, int frames) {
        NDArray h = x;
        for (int i = 0; i < resnets.size(); i++) {
            h = resnets.get(i).forward(withSkip(h, skips), temb);
            if (frames > 0 && !motion_modules.isEmpty()) {
                h = motion_modules.get(i).forward(h, frames);
            }
        }
        for (Upsample2D u : upsamplers) {
            h = u.forward(h);
        }
        return h;
    }

    @Override
    public int skipCount() {
        return resnets.size();
    }

    @Override
    public List<Attention> attentions() {
        return List.of();
    }
}
