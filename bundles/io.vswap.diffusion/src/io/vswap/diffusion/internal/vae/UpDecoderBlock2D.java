package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Upsample2D;

/** diffusers' {@code UpDecoderBlock2D}: {@code layers} resnets (no skips), then {@code upsamplers.0} unless last. */
final class UpDecoderBlock2D {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Upsample2D> upsamplers = new ArrayList<>();

    UpDecoderBlock2D(ParameterStore store, String prefix, int in, int out, int layers, boolean upsample, int groups,
            double eps) {
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(store, key(prefix, "resnets." + i), i == 0 ? in : out, out, groups, eps));
        }
        if (upsample) {
            upsamplers.add(new Upsample2D(store, key(prefix, "upsamplers.0"), out));
        }
    }

    NDArray forward(NDArray x) {
        for (ResnetBlock2D r : resnets) {
            x = r.forward(x);
        }
        for (Upsample2D u : upsamplers) {
            x = u.forward(x);
        }
        return x;
    }
}
