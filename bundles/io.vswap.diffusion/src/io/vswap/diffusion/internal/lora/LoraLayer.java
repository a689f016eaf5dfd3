package io.vswap.diffusion.internal.lora;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.internal.nn.Linear;

/** One adapter on one {@link Linear}: {@code m · scale · B (A x)}; nothing while merged. */
final class LoraLayer implements Linear.Adapter {

    final Linear target;
    final NDArray down; // lora_A [r, in]
    final NDArray up; // lora_B [out, r]
    final double scale;
    double multiplier = 1;
    boolean merged;
    double mergedWeight;

    LoraLayer(Linear target, NDArray down, NDArray up, double scale) {
        this.target = target;
        this.down = down;
        this.up = up;
        this.scale = scale;
    }

    @Override
    public NDArray apply(NDArray x) {
        if (merged || multiplier == 0) {
            return null;
        }
        NDArray h = ai.djl.nn.core.Linear.linear(x, down).singletonOrThrow();
        return ai.djl.nn.core.Linear.linear(h, up).singletonOrThrow().muli(multiplier * scale);
    }

    /** {@code w · scale · B A}, in the adapter's manager: close it after use. */
    private NDArray delta(double w) {
        return up.matMul(down).muli(w * scale);
    }

    void merge(double w) {
        NDArray base = target.weight().array();
        try (NDArray d = delta(w)) {
            base.addi(d);
        }
        merged = true;
        mergedWeight = w;
    }

    void unmerge() {
        NDArray base = target.weight().array();
        try (NDArray d = delta(mergedWeight)) {
            base.subi(d);
        }
        merged = false;
    }
}
