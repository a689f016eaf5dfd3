package io.vswap.diffusion.internal.nn;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Parameter.Init;

/**
 * {@code torch.nn.Linear}: {@code weight [out, in]}, optional {@code bias [out]}, plus optional
 * {@link Adapter}s whose outputs are added to the base output (the LoRA seam:
 * {@code W x + b + Σ adapter(x)}).
 */
public final class Linear {

    /** A side path added to this layer's output, e.g. a LoRA {@code scale · up(down(x))}. */
    public interface Adapter {
        /** {@code x [..., in] -> [..., out]}, or null to add nothing (a disabled or merged adapter). */
        NDArray apply(NDArray x);
    }

    final Parameter weight;
    final Parameter bias;
    private final String name;
    private final int in;
    private final int out;
    private final List<Adapter> adapters = new CopyOnWriteArrayList<>();

    public Linear(ParameterStore store, String prefix, int in, int out, boolean withBias) {
        this.name = prefix;
        this.in = in;
        this.out = out;
        weight = store.add(ParameterStore.key(prefix, "weight"), Init.UNIFORM_FAN_IN, in, out, in);
        bias = withBias ? store.add(ParameterStore.key(prefix, "bias"), Init.UNIFORM_FAN_IN, in, out) : null;
        store.registerLinear(this);
    }

    /** The module name, the checkpoint key prefix ({@code ….attn1.to_q}). */
    public String name() {
        return name;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    public void addAdapter(Adapter a) {
        adapters.add(a);
    }

    public boolean removeAdapter(Adapter a) {
        return adapters.remove(a);
    }

    public List<Adapter> adapters() {
        return List.copyOf(adapters);
    }

    /** Over the last axis of {@code x} (any leading axes). */
    public NDArray forward(NDArray x) {
        NDArray y = bias == null ? ai.djl.nn.core.Linear.linear(x, weight.array()).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight.array(), bias.array()).singletonOrThrow();
        for (Adapter a : adapters) {
            NDArray delta = a.apply(x);
            if (delta != null) {
                y = y.add(delta); // not in place: y may be needed by autograd
            }
        }
        return y;
    }
}
