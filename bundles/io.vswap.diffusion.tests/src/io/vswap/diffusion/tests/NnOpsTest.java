package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.ParameterStore;

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

    @Test
    void groupNormMatchesTheDefinition() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        int n = 2, c = 6, hw = 5, groups = 3;
        double eps = 1e-5;
        float[] x = SeededNoise.normal(9, n * c * hw);
        float[] expected = new float[x.length];
        int per = c / groups * hw; // elements per (sample, group), contiguous in NCHW
        for (int start = 0; start < x.length; start += per) {
            double mean = 0, var = 0;
            for (int i = 0; i < per; i++) {
                mean += x[start + i];
            }
            mean /= per;
            for (int i = 0; i < per; i++) {
                var += (x[start + i] - mean) * (x[start + i] - mean);
            }
            var /= per; // biased, as torch.nn.GroupNorm
            for (int i = 0; i < per; i++) {
                expected[start + i] = (float) ((x[start + i] - mean) / Math.sqrt(var + eps));
            }
        }
        float[] got = rt.call(() -> {
            try (NDManager m = rt.newManager(); ParameterStore store = new ParameterStore()) {
                GroupNorm norm = new GroupNorm(store, "norm", groups, c, eps);
                store.initialize(m, 0); // weight 1, bias 0
                try (NDManager step = m.newSubManager()) {
                    return norm.forward(step.create(x, new Shape(n, c, 1, hw))).toFloatArray();
                }
            }
        });
        assertArrayEquals(expected, got, 1e-5f);
    }
}
