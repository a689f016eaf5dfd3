package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Classifier-free guidance (Ho and Salimans, 2022): {@code eps = uncond + scale * (cond - uncond)}. */
public final class ClassifierFreeGuidance {

    private ClassifierFreeGuidance() {
    }

    /** Guided epsilon, in {@code cond}'s manager. */
    public static NDArray combine(NDArray uncond, NDArray cond, double scale) {
        NDArray d = cond.sub(uncond);
        return d.muli(scale).addi(uncond);
    }

    /**
     * Guided epsilon from one batched UNet output whose first half along axis 0 is the
     * unconditional prediction and second half the conditional one (diffusers' order).
     */
    public static NDArray combineBatched(NDArray both, double scale) {
        long b = both.getShape().get(0);
        if (b % 2 != 0) {
            throw new IllegalArgumentException("batched prediction of odd batch size " + b);
        }
        NDList halves = both.split(2, 0);
        try {
            return combine(halves.get(0), halves.get(1), scale);
        } finally {
            halves.close();
        }
    }
}
