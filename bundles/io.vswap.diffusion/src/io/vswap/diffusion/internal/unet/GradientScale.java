package io.vswap.diffusion.internal.unet;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The power-of-two scale of a half-precision backward ({@link CheckpointedBackward#residualGradients}). */
final class GradientScale {

    private GradientScale() {
    }

    /** {@code 2^k} with {@code max|g|·2^k} in [0.5, 1); 1 for a zero or non-finite gradient. */
    static double of(NDArray gradient) {
        float max;
        try (NDArray a = gradient.abs(); NDArray m = a.max(); NDArray m32 = m.toType(DataType.FLOAT32, false)) {
            max = m32.getFloat();
        }
        if (!(max > 0) || !Float.isFinite(max)) {
            return 1;
        }
        int k = -Math.getExponent(max) - 1;
        return Math.scalb(1.0, Math.max(-60, Math.min(60, k)));
    }

    /** Whether every element of every (non-null) array is finite. */
    static boolean finite(List<NDArray> arrays) {
        for (NDArray a : arrays) {
            if (a == null) {
                continue;
            }
            try (NDArray nan = a.isNaN(); NDArray inf = a.isInfinite(); NDArray bad = nan.logicalOr(inf);
                    NDArray any = bad.any()) {
                if (any.getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }
}
