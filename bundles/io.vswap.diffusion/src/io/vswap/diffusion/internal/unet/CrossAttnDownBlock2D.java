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
final class CrossAttnDownBlock2D implements DownBlock {

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
        for (int i = 0; i < resnets.size(); i++) {
            h = resnets.get(i).forward(h, temb);
            h = attentions.get(i).forward(h, context);
            if (frames > 0 && !motion_modules.isEmpty()) {
                h = motion_modules.get(i).forward(h, frames);
            }
            if (i == resnets.size() - 1 && residual != null) {
                // diffusers: the adapter residual joins the last (resnet, attention[, motion]) output
                h = h.add(residual);
            }
            skips.add(h);
        }
        for (Downsample2D d : downsamplers) {
            h = d.forward(h);
            skips.add(h);
        }
        return h;
    }

    @Override
    public List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        attentions.forEach(t -> l.addAll(t.attentions()));
        return l;
    }
}
