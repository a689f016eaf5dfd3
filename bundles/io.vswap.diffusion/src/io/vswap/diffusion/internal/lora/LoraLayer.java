package io.vswap.diffusion.internal.lora;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.Tensors;

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
        // the adapter's arrays stay fp32 (trained, saved as such); on a fp16/bf16 base model its
        // input is cast up and its output back to the base output's type
        NDArray in = Tensors.cast(x, down.getDataType());
        NDArray h = ai.djl.nn.core.Linear.linear(in, down).singletonOrThrow();
        NDArray y = ai.djl.nn.core.Linear.linear(h, up).singletonOrThrow();
        y = ScalarOps.muli(y, multiplier * scale);
        return Tensors.cast(y, x.getDataType());
    }

    /** {@code w · scale · B A}, in the adapter's manager: close it after use. */
    private NDArray delta(double w) {
        return ScalarOps.muli(up.matMul(down), w * scale);
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
