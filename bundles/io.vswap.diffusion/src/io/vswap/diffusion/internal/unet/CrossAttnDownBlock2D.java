package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * diffusers' {@code CrossAttnDownBlock2D}: (resnet, transformer) pairs, then an optional downsampler;
 * with AnimateDiff, a motion module after each pair ({@code CrossAttnDownBlock3D}).
 */
final class CrossAttnDownBlock2D implements DownBlock, Stage.Staged {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Transformer2DModel> attentions = new ArrayList<>();
    final List<Downsample2D> downsamplers = new ArrayList<>();
    final List<VanillaTemporalModule> motion_modules = new ArrayList<>();

    CrossAttnDownBlock2D(ParameterStore store, String prefix, int in, int out, int tembChannels, int layers,
            boolean downsample, int groups, double eps, int downsamplePadding, int heads, int transformerLayers,
            int crossDim, boolean linearProjection, MotionModules motion) {
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(store, key(prefix, "resnets." + i), i == 0 ? in : out, out, tembChannels,
                    groups, eps));
            attentions.add(new Transformer2DModel(store, key(prefix, "attentions." + i), out, heads,
                    transformerLayers, crossDim, groups, linearProjection));
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
        for (Stage s : stages(temb, context, frames)) {
            h = s.apply().apply(h, s.takesResidual() ? residual : null);
            if (s.emitsSkip()) {
                skips.add(h);
            }
        }
        return h;
    }

    @Override
    public List<Stage> stages(NDArray temb, NDArray context, int frames) {
        List<Stage> out = new ArrayList<>();
        boolean motion = frames > 0 && !motion_modules.isEmpty();
        for (int i = 0; i < resnets.size(); i++) {
            ResnetBlock2D r = resnets.get(i);
            Transformer2DModel a = attentions.get(i);
            boolean last = i == resnets.size() - 1;
            out.add(Stage.layer(h -> r.forward(h, temb)));
            // the group's last layer goes on the skip stack; in the last group with the adapter residual
            // joined (diffusers: it joins the last (resnet, attention[, motion]) output)
            VanillaTemporalModule m = motion ? motion_modules.get(i) : null;
            java.util.function.UnaryOperator<NDArray> end = m != null ? h -> m.forward(h, frames)
                    : h -> a.forward(h, context);
            if (motion) {
                out.add(Stage.layer(h -> a.forward(h, context)));
            }
            out.add(new Stage(false, true, last, (h, residual) -> {
                NDArray o = end.apply(h);
                return residual == null ? o : o.add(residual);
            }));
        }
        for (Downsample2D d : downsamplers) {
            out.add(new Stage(false, true, false, (h, unused) -> d.forward(h)));
        }
        return out;
    }

    @Override
    public List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        attentions.forEach(t -> l.addAll(t.attentions()));
        return l;
    }
}
