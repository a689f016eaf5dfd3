package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;

/** Small tensor arithmetic shared by the schedulers; results land in the first input's manager. */
final class Ops {

    private Ops() {
    }

    /** {@code a * x + b * y}, with the one temporary closed at once. */
    static NDArray weightedSum(NDArray x, double a, NDArray y, double b) {
        try (NDArray by = y.mul(b)) {
            return x.mul(a).addi(by);
        }
    }
}
