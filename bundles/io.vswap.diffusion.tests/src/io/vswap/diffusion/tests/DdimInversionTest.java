package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;

/** The one DDIM inversion loop and its per-step hook (what VideoSwap keeps at every level). */
class DdimInversionTest {

    /** A noise prediction that depends on the sample and the timestep, so that each step differs. */
    private static final DdimInversion.NoisePredictor EPS = (x, t) -> x.mul(0.1f + t / 2000f).tanh();

    @Test
    void theHookSeesEveryStepAndItsLatentsAreThoseOfTheSchedulersSteps() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(10);
        List<Integer> indices = new ArrayList<>();
        List<Integer> timesteps = new ArrayList<>();
        List<Integer> sampled = new ArrayList<>();
        float[][][] got = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray start = SeededNoise.normal(m, 1, new Shape(2, 4, 8, 8));
                List<float[]> kept = new ArrayList<>();
                NDArray zT = new DdimInversion(s, 0).invert(start, EPS, (i, t, z) -> {
                    indices.add(i);
                    timesteps.add(t);
                    kept.add(z.toFloatArray());
                });
                new DdimInversion(s, 0).sample(zT, EPS, (i, t, z) -> sampled.add(t));
                // the same steps written out by hand
                List<float[]> expected = new ArrayList<>();
                NDArray x = start;
                for (int t : s.inversionTimesteps()) {
                    x = s.invertStep(EPS.epsilon(x, t), t, x).sample();
                    expected.add(x.toFloatArray());
                }
                return new float[][][] { kept.toArray(float[][]::new), expected.toArray(float[][]::new),
                        { zT.toFloatArray() } };
            }
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), indices);
        assertEquals(List.of(1, 101, 201, 301, 401, 501, 601, 701, 801, 901), timesteps);
        assertEquals(List.of(901, 801, 701, 601, 501, 401, 301, 201, 101, 1), sampled);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(got[1][i], got[0][i], "level " + i + " bit for bit");
        }
        assertArrayEquals(got[1][9], got[2][0], "the result is the last level");
    }

    @Test
    void aHookThatThrowsStopsTheLoop() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(10);
        List<Integer> seen = new ArrayList<>();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray start = SeededNoise.normal(m, 1, new Shape(1, 4, 8, 8));
                assertThrows(IllegalStateException.class, () -> new DdimInversion(s, 0).invert(start, EPS, (i, t, z) -> {
                    seen.add(i);
                    if (i == 2) {
                        throw new IllegalStateException("cancelled");
                    }
                }));
            }
            return null;
        });
        assertEquals(List.of(0, 1, 2), seen);
    }
}
