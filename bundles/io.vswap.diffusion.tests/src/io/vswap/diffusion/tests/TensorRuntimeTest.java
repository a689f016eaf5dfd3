package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.testing.TestServices;

/** DJL's PyTorch engine runs real tensors inside OSGi, from the natives embedded in the bundle. */
class TensorRuntimeTest {

    static TensorRuntime runtime() {
        return TestServices.await(TensorRuntime.class);
    }

    @Test
    void matrixProductMatchesPlainJava() throws Exception {
        TensorRuntime rt = runtime();
        assertTrue(rt.engineDescription().startsWith("PyTorch 2."), rt.engineDescription());
        int n = 33;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        Random rnd = new Random(3);
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
        }
        float[] expected = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += (double) a[i * n + k] * b[k * n + j];
                }
                expected[i * n + j] = (float) s;
            }
        }
        float[] got = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = m.create(a, new ai.djl.ndarray.types.Shape(n, n));
                NDArray y = m.create(b, new ai.djl.ndarray.types.Shape(n, n));
                return x.matMul(y).toFloatArray();
            }
        });
        assertArrayEquals(expected, got, 1e-4f);
    }

    @Test
    void gradientsFlow() throws Exception {
        TensorRuntime rt = runtime();
        float[] grad = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = m.create(new float[] { 1f, -2f, 3f });
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = x.mul(x).sum(); // d/dx sum(x²) = 2x
                    gc.backward(y);
                }
                return x.getGradient().toFloatArray();
            }
        });
        assertArrayEquals(new float[] { 2f, -4f, 6f }, grad, 1e-6f);
        assertEquals("cpu", rt.device().getDeviceType());
    }
}
