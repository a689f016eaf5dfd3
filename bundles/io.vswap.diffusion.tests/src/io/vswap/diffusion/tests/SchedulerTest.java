package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.DdimStep;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;

/** DDPM noise schedule, DDIM (SD 1.5 config) sampling and inversion, guidance, seeded noise. */
class SchedulerTest {

    /**
     * alphas_cumprod computed here independently of the implementation: betas written as a
     * convex combination of the square roots, the product as exp(sum(log(1 - beta))).
     */
    static double alphaBar(int t) {
        double s0 = Math.sqrt(0.00085);
        double s1 = Math.sqrt(0.012);
        double logSum = 0;
        for (int i = 0; i <= t; i++) {
            double w = i / 999.0;
            double sb = s0 * (1 - w) + s1 * w;
            logSum += Math.log1p(-sb * sb);
        }
        return Math.exp(logSum);
    }

    @Test
    void fiftyLeadingTimestepsAreNineEightyOneDownToOne() {
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(50);
        int[] ts = s.timesteps();
        assertEquals(50, ts.length);
        assertEquals(981, ts[0]);
        assertEquals(961, ts[1]);
        assertEquals(1, ts[49]);
        for (int i = 1; i < ts.length; i++) {
            assertEquals(20, ts[i - 1] - ts[i]);
        }
        assertEquals(20, s.stepRatio());
        assertEquals(1, s.inversionTimesteps()[0]);
        assertEquals(981, s.inversionTimesteps()[49]);
        // 1000 // 30 = 33: leading spacing leaves the top of the range unused.
        int[] t30 = s.setTimesteps(30).timesteps();
        assertEquals(29 * 33 + 1, t30[0]);
        assertEquals(1, t30[29]);
        assertArrayEquals(new int[] { 1 }, s.setTimesteps(1).timesteps());
        assertThrows(IllegalArgumentException.class, () -> s.setTimesteps(0));
        assertThrows(IllegalArgumentException.class, () -> s.setTimesteps(1001));
        assertThrows(IllegalStateException.class, () -> DdimScheduler.stableDiffusion15().stepRatio());
    }

    @Test
    void alphasCumprodMatchTheFormula() {
        NoiseSchedule n = NoiseSchedule.stableDiffusion();
        assertEquals(1000, n.trainTimesteps());
        assertEquals(0.00085, n.beta(0), 1e-15);
        assertEquals(0.012, n.beta(999), 1e-15);
        for (int t : new int[] { 0, 1, 20, 261, 500, 741, 961, 981, 999 }) {
            double expected = alphaBar(t);
            assertEquals(expected, n.alphaCumprod(t), expected * 1e-12, "t=" + t);
        }
        assertEquals(1 - 0.00085, n.alphaCumprod(0), 1e-15);
        // set_alpha_to_one = false: the step past t = 0 uses alphas_cumprod[0], not 1.
        DdimScheduler s = DdimScheduler.stableDiffusion15();
        assertEquals(1 - 0.00085, s.finalAlphaCumprod(), 1e-15);
        assertEquals(s.finalAlphaCumprod(), s.alphaCumprod(-19), 0);
        // Well known for SD: almost no signal left at t = 999 (abar ~ 0.0047).
        assertTrue(n.alphaCumprod(999) > 0.004 && n.alphaCumprod(999) < 0.005, "" + n.alphaCumprod(999));
    }

    @Test
    void oneDdimStepEqualsTheHandComputation() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[] x = { 0.5f, -1.0f, 2.0f, 0f };
        float[] e = { 0.1f, 0.3f, -0.2f, 1.5f };
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(50);
        for (int[] tp : new int[][] { { 981, 961 }, { 501, 481 }, { 1, -1 } }) {
            double at = alphaBar(tp[0]);
            double ap = tp[1] >= 0 ? alphaBar(tp[1]) : alphaBar(0);
            double[] x0 = new double[x.length];
            double[] prev = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x0[i] = (x[i] - Math.sqrt(1 - at) * e[i]) / Math.sqrt(at);
                prev[i] = Math.sqrt(ap) * x0[i] + Math.sqrt(1 - ap) * e[i];
            }
            float[][] got = rt.call(() -> {
                try (NDManager m = rt.newManager()) {
                    DdimStep r = s.step(m.create(e), tp[0], m.create(x));
                    return new float[][] { r.sample().toFloatArray(), r.predictedOriginal().toFloatArray() };
                }
            });
            for (int i = 0; i < x.length; i++) {
                assertEquals(prev[i], got[0][i], 1e-5 * Math.max(1, Math.abs(prev[i])), "prev t=" + tp[0] + " i=" + i);
                assertEquals(x0[i], got[1][i], 1e-5 * Math.max(1, Math.abs(x0[i])), "x0 t=" + tp[0] + " i=" + i);
            }
        }
    }

    @Test
    void inversionThenSamplingWithAnOracleEpsilonReconstructs() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(50);
        Shape shape = new Shape(1, 4, 16, 16);
        double[] errors = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray start = SeededNoise.normal(m, 1, shape);
                // (1) The perfect denoiser of a deterministic path: its noise is one fixed array.
                NDArray noise = SeededNoise.normal(m, 2, shape);
                NDArray z = start;
                for (int t : s.inversionTimesteps()) {
                    z = s.invertStep(noise, t, z).sample();
                }
                // z_T lies on that path: sqrt(abar_981) x0' + sqrt(1 - abar_981) eps, x0' the start seen at the final alpha.
                double af = s.finalAlphaCumprod();
                double aT = s.alphaCumprod(981);
                NDArray x0 = start.sub(noise.mul(Math.sqrt(1 - af))).div(Math.sqrt(af));
                NDArray expectedZT = x0.mul(Math.sqrt(aT)).add(noise.mul(Math.sqrt(1 - aT)));
                double zTError = z.sub(expectedZT).abs().max().getFloat();
                for (int t : s.timesteps()) {
                    z = s.step(noise, t, z).sample();
                }
                double fixedNoiseError = z.sub(start).abs().max().getFloat();

                // (2) Any epsilon, per step (here: fresh noise per step), replayed at the same t.
                List<NDArray> eps = new ArrayList<>();
                z = start;
                int k = 0;
                for (int t : s.inversionTimesteps()) {
                    NDArray e = SeededNoise.normal(m, 100 + k++, shape);
                    eps.add(e);
                    z = s.invertStep(e, t, z).sample();
                }
                int[] down = s.timesteps();
                for (int i = 0; i < down.length; i++) {
                    z = s.step(eps.get(down.length - 1 - i), down[i], z).sample();
                }
                double replayError = z.sub(start).abs().max().getFloat();
                return new double[] { zTError, fixedNoiseError, replayError };
            }
        });
        System.out.printf("DDIM 50-step inversion round trip, max |error|: z_T %.2e, fixed-noise oracle %.2e, replayed eps %.2e%n",
                errors[0], errors[1], errors[2]);
        assertTrue(errors[0] < 1e-5, "z_T on the noise path: " + errors[0]);
        // Float32 arithmetic over 100 steps on values up to ~4 in size: ~1e-5 (measured 9.5e-6).
        assertTrue(errors[1] < 2e-5, "reconstruction (fixed-noise oracle): " + errors[1]);
        assertTrue(errors[2] < 2e-5, "reconstruction (replayed eps): " + errors[2]);
    }

    @Test
    void perStepArraysDoNotAccumulateOverTwoHundredSteps() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(200);
        Shape shape = new Shape(2, 4, 8, 8);
        int[] counts = rt.call(() -> {
            try (NDManager root = rt.newManager()) {
                NDArray latent = SeededNoise.normal(root, 7, shape);
                int baseline = root.getManagedArrays().size();
                int maxRoot = baseline;
                int maxStep = 0;
                for (int t : s.timesteps()) {
                    try (NDManager step = root.newSubManager()) {
                        latent.attach(step); // this step owns (and frees) the old latent
                        NDArray both = SeededNoise.normal(step, t, new Shape(4, 4, 8, 8));
                        NDArray eps = ClassifierFreeGuidance.combineBatched(both, 7.5);
                        DdimStep out = s.step(eps, t, latent);
                        maxStep = Math.max(maxStep, step.getManagedArrays().size());
                        latent = out.sample();
                        latent.attach(root);
                    }
                    maxRoot = Math.max(maxRoot, root.getManagedArrays().size());
                }
                assertFalse(Float.isNaN(latent.sum().getFloat()));
                return new int[] { baseline, maxRoot, maxStep, root.getManagedArrays().size() };
            }
        });
        System.out.printf("200 DDIM steps: root arrays baseline %d, max %d; arrays alive in a step manager at most %d%n",
                counts[0], counts[1], counts[2]);
        assertEquals(counts[0], counts[1], "root manager holds only the running latent");
        // old latent, batched prediction, guided eps, new sample, predicted x0: scheduler and guidance
        // temporaries are closed as soon as used.
        assertEquals(5, counts[2]);
    }

    @Test
    void addNoiseFollowsTheForwardProcess() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        NoiseSchedule n = NoiseSchedule.stableDiffusion();
        float[] x0 = { 1f, -0.5f, 0.25f, 2f };
        float[] eps = { 0.3f, 1.2f, -0.7f, 0.1f };
        float[][] got = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray a = m.create(x0, new Shape(2, 2));
                NDArray e = m.create(eps, new Shape(2, 2));
                return new float[][] { n.addNoise(a, e, 261).toFloatArray(),
                        n.addNoise(a, e, new int[] { 10, 900 }).toFloatArray() };
            }
        });
        for (int i = 0; i < 4; i++) {
            double ab = alphaBar(261);
            assertEquals(Math.sqrt(ab) * x0[i] + Math.sqrt(1 - ab) * eps[i], got[0][i], 1e-6);
            double abi = alphaBar(i < 2 ? 10 : 900);
            assertEquals(Math.sqrt(abi) * x0[i] + Math.sqrt(1 - abi) * eps[i], got[1][i], 1e-6);
        }
        int[] ts = n.sampleTimesteps(new Random(5), 1000, 500, 1000);
        for (int t : ts) {
            assertTrue(t >= 500 && t < 1000);
        }
        assertArrayEquals(ts, n.sampleTimesteps(new Random(5), 1000, 500, 1000));
    }

    @Test
    void guidanceAndSeededNoise() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray u = m.create(new float[] { 1f, 2f });
                NDArray c = m.create(new float[] { 3f, 0f });
                assertArrayEquals(new float[] { 16f, -13f }, ClassifierFreeGuidance.combine(u, c, 7.5).toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] { 3f, 0f }, ClassifierFreeGuidance.combine(u, c, 1).toFloatArray(), 1e-6f);
                NDArray both = NDArrays.stack(new ai.djl.ndarray.NDList(u, c));
                assertArrayEquals(new float[] { 16f, -13f },
                        ClassifierFreeGuidance.combineBatched(both, 7.5).toFloatArray(), 1e-6f);

                Shape shape = new Shape(4, 64, 64);
                float[] a = SeededNoise.normal(m, 42, shape).toFloatArray();
                float[] b = SeededNoise.normal(m, 42, shape).toFloatArray();
                float[] c2 = SeededNoise.normal(m, 43, shape).toFloatArray();
                assertArrayEquals(a, b, 0f);
                assertFalse(java.util.Arrays.equals(a, c2));
                double mean = 0;
                double sq = 0;
                for (float v : a) {
                    mean += v;
                    sq += (double) v * v;
                }
                mean /= a.length;
                double std = Math.sqrt(sq / a.length - mean * mean);
                assertEquals(0, mean, 0.02);
                assertEquals(1, std, 0.02);
                return null;
            }
        });
    }
}
