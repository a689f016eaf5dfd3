package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Upsample2D;

/** diffusers' {@code CrossAttnUpBlock2D}: as {@link UpBlock2D} with a transformer (then, with AnimateDiff, a motion module) after each resnet. */
final class CrossAttnUpBlock2D implements UpBlock, Stage.Staged {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Transformer2DModel> attentions = new ArrayList<>();
    final List<Upsample2D> upsamplers = new ArrayList<>();
    final List<VanillaTemporalModule> motion_modules = new ArrayList<>();

    CrossAttnUpBlock2D(ParameterStore store, String prefix, int in, int prevOut, int out, int tembChannels,
            int layers, boolean upsample, int groups, double eps, int heads, int transformerLayers, int crossDim,
            boolean linearProjection, MotionModules motion) {
        for (int i = 0; i < layers; i++) {
            int skip = i == layers - 1 ? in : out;
            int resIn = i == 0 ? prevOut : out;
            resnets.add(new ResnetBlock2D(store, key(prefix, "resnets." + i), resIn + skip, out, tembChannels, groups,
                    eps));
            attentions.add(new Transformer2DModel(store, key(prefix, "attentions." + i), out, heads,
                    transformerLayers, crossDim, groups, linearProjection));
            if (motion != null) {
                motion_modules.add(motion.create(prefix, i, out));
            }
        }
        if (upsample) {
            upsamplers.add(new Upsample2D(store, key(prefix, "upsamplers.0"), out));
        }
    }

    @Override
    public NDArray forward(NDArray x, NDArray temb, NDArray context, List<NDArray> skips, int frames) {
        NDArray h = x;
        for (Stage s : stages(temb, context, frames)) {
            h = s.apply().apply(h, s.readsSkip() ? skips.remove(skips.size() - 1) : null);
        }
        return h;
    }

    @Override
    public List<Stage> stages(NDArray temb, NDArray context, int frames) {
        List<Stage> out = new ArrayList<>();
        for (int i = 0; i < resnets.size(); i++) {
            ResnetBlock2D r = resnets.get(i);
            out.add(new Stage(true, false, false, (h, skip) -> r.forward(h.concat(skip, 1), temb)));
            Transformer2DModel a = attentions.get(i);
            out.add(Stage.layer(h -> a.forward(h, context)));
            if (frames > 0 && !motion_modules.isEmpty()) {
                VanillaTemporalModule m = motion_modules.get(i);
                out.add(Stage.layer(h -> m.forward(h, frames)));
            }
        }
        for (Upsample2D u : upsamplers) {
            out.add(Stage.layer(u::forward));
        }
        return out;
    }

    @Override
    public int skipCount() {
        return resnets.size();
    }

    @Override
    public List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        attentions.forEach(t -> l.addAll(t.attentions()));
        return l;
    }
}
