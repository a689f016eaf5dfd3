package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * diffusers' {@code UNetMidBlock2DCrossAttn} (one layer): {@code resnets.0}, {@code attentions.0},
 * {@code resnets.1}; AnimateDiff v2 puts {@code motion_modules.0} between the attention and {@code resnets.1}.
 */
final class UNetMidBlock2DCrossAttn {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Transformer2DModel> attentions = new ArrayList<>();
    final List<VanillaTemporalModule> motion_modules = new ArrayList<>();

    UNetMidBlock2DCrossAttn(ParameterStore store, String prefix, int channels, int tembChannels, int groups,
            double eps, int heads, int transformerLayers, int crossDim, boolean linearProjection, MotionModules motion) {
        resnets.add(new ResnetBlock2D(store, key(prefix, "resnets.0"), channels, channels, tembChannels, groups, eps));
        attentions.add(new Transformer2DModel(store, key(prefix, "attentions.0"), channels, heads, transformerLayers,
                crossDim, groups, linearProjection));
        if (motion != null && motion.config.midBlock()) {
            motion_modules.add(motion.create(prefix, 0, channels));
        }
        resnets.add(new ResnetBlock2D(store, key(prefix, "resnets.1"), channels, channels, tembChannels, groups, eps));
    }

    NDArray forward(NDArray x, NDArray temb, NDArray context, int frames) {
        NDArray h = resnets.get(0).forward(x, temb);
        for (int i = 0; i < attentions.size(); i++) {
            h = attentions.get(i).forward(h, context);
            if (frames > 0 && !motion_modules.isEmpty()) {
                h = motion_modules.get(i).forward(h, frames);
            }
            h = resnets.get(i + 1).forward(h, temb);
        }
        return h;
    }

    List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        attentions.forEach(t -> l.addAll(t.attentions()));
        return l;
    }
}
