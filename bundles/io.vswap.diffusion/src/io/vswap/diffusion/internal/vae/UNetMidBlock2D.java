package io.vswap.diffusion.internal.vae;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.ParameterStore;

/** diffusers' {@code UNetMidBlock2D} (one layer): {@code resnets.0}, {@code attentions.0}, {@code resnets.1}. */
final class UNetMidBlock2D {

    final List<ResnetBlock2D> resnets = new ArrayList<>();
    final List<Attention> attentions = new ArrayList<>();

    UNetMidBlock2D(ParameterStore store, String prefix, int channels, int groups, double eps, boolean addAttention) {
        resnets.add(new ResnetBlock2D(store, key(prefix, "resnets.0"), channels, channels, groups, eps));
        if (addAttention) {
            attentions.add(new Attention(store, key(prefix, "attentions.0"), channels, channels, groups, eps));
        }
        resnets.add(new ResnetBlock2D(store, key(prefix, "resnets.1"), channels, channels, groups, eps));
    }

    NDArray forward(NDArray x) {
        x = resnets.get(0).forward(x);
        for (Attention a : attentions) {
            x = a.forward(x);
        }
        return resnets.get(1).forward(x);
    }
}
