package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.TensorRuntime;

/** The tensor semantics the hand-written blocks rely on. */
class NnOpsTest {

    @Test
    void repeatIsElementwiseSoItUpsamplesByNearestNeighbour() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[] got = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = m.create(new float[] { 1, 2, 3, 4 }, new Shape(1, 1, 2, 2));
                return x.repeat(2, 2).repeat(3, 2).toFloatArray();
            }
        });
        assertArrayEquals(new float[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, got, 0f);
    }
}
