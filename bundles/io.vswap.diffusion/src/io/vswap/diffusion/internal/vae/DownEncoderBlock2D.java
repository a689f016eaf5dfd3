package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.ParameterStore;

/** diffusers' {@code DownEncoderBlock2D}: {@code layers} resnets, then {@code downsamplers.0} unless last. */
final class DownEncoderBlock2D {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Downsample2D> downsamplers = new ArrayList<>();

    DownEncoderBlock2D(ParameterStore store, String prefix, int in, int out, int layers, boolean downsample,
            int groups, double eps) {
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(store, key(prefix, "resnets." + i), i == 0 ? in : out, out, groups, eps));
        }
        if (downsample) {
            downsamplers.add(new Downsample2D(store, key(prefix, "downsamplers.0"), out));
        }
    }

    NDArray forward(NDArray x) {
        for (ResnetBlock2D r : resnets) {
            x = r.forward(x);
        }
        for (Downsample2D d : downsamplers) {
            x = d.forward(x);
        }
        return x;
    }
}
