package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimStep;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNetModel;

/** The sampling loop on the tiny seeded UNet: memory over many steps, and DDIM inversion round trips. */
class BackendLoopTest {

    /** VmRSS of this process in kB. */
    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void twoHundredGuidedDdimStepsHoldMemoryFlat() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(200);
        int warmup = 20;
        long[] r = rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                // diffusers' order for guidance: [unconditional; conditional]
                NDArray text = SeededNoise.normal(root, 2, new Shape(2, 5, 32));
                NDArray latent = SeededNoise.normal(root, 1, new Shape(1, 4, 16, 16));
                int[] ts = s.timesteps();
                long baseline = root.getManagedArrays().size();
                long maxRoot = baseline;
                long rssAfterWarmup = 0;
                long maxFirstHalf = 0;
                long maxRss = 0;
                for (int i = 0; i < ts.length; i++) {
                    try (NDManager step = root.newSubManager()) {
                        latent.attach(step); // this step owns (and frees) the old latent
                        NDArray both = unet.forward(NDArrays.concat(new NDList(latent, latent)), new float[] { ts[i] },
                                text);
                        DdimStep out = s.step(ClassifierFreeGuidance.combineBatched(both, 7.5), ts[i], latent);
                        latent = out.sample();
                        latent.attach(root);
                    }
                    maxRoot = Math.max(maxRoot, root.getManagedArrays().size());
                    if (i == warmup - 1) {
                        rssAfterWarmup = rssKb();
                    }
                    if (i >= warmup && i < (warmup + ts.length) / 2) {
                        maxFirstHalf = Math.max(maxFirstHalf, rssKb());
                    } else if (i >= warmup) {
                        maxRss = Math.max(maxRss, rssKb());
                    }
                }
                assertFalse(Float.isNaN(latent.sum().getFloat()));
                return new long[] { baseline, maxRoot, rssAfterWarmup, maxRss, maxFirstHalf };
            }
        });
        long growthKb = r[3] - r[2];
        long secondHalfKb = r[3] - r[4];
        System.out.printf("200 guided DDIM steps, tiny UNet: root arrays %d -> max %d; VmRSS after %d steps %.1f MB, "
                + "max in steps %d-109 %.1f MB, max in steps 110-199 %.1f MB (growth %.1f MB, in the second half %.1f MB)%n",
                r[0], r[1], warmup, r[2] / 1024.0, warmup, r[4] / 1024.0, r[3] / 1024.0, growthKb / 1024.0,
                secondHalfKb / 1024.0);
        assertEquals(r[0], r[1], "the root manager holds only the model, the text and the running latent");
        // One step's activations (batch 2, 16x16, 32-64 channels, 256x256 attention maps) are a few MB, so
        // keeping them by mistake would add >= 90 x ~3 MB = ~270 MB over the second half alone. The
        // allocator settles in steps: measured growth after warm-up 0.3 MB in one run, 77 MB in another
        // (glibc arenas, not arrays: the count above stayed flat), so the bound is on the second half
        // (a leak grows linearly, fragmentation levels off) and loosely on the whole.
        assertTrue(secondHalfKb < 48 * 1024, "VmRSS grew by " + secondHalfKb / 1024 + " MB over steps 110-199");
        assertTrue(growthKb < 160 * 1024, "VmRSS grew by " + growthKb / 1024 + " MB over 180 steps");
    }

    @Test
    void ddimInversionThenSamplingReturnsToTheStartLatents() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        DdimScheduler s = DdimScheduler.stableDiffusion15().setTimesteps(50);
        int[] iterations = { 0, 3 };
        float[][] err = rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                NDArray prompt = SeededNoise.normal(root, 3, new Shape(1, 5, 32));
                NDArray start = SeededNoise.normal(root, 4, new Shape(1, 4, 16, 16));
                DdimInversion.NoisePredictor eps = (x, t) -> unet.forward(x, new float[] { t }, prompt);
                float[][] e = new float[iterations.length][];
                for (int k = 0; k < iterations.length; k++) {
                    DdimInversion inv = new DdimInversion(s, iterations[k]);
                    NDArray noise = inv.invert(start, eps);
                    NDArray back = inv.sample(noise, eps);
                    NDArray d = back.sub(start).abs();
                    e[k] = new float[] { d.max().getFloat(), d.mean().getFloat(),
                            (float) Math.sqrt(noise.square().mean().getFloat()) };
                }
                return e;
            }
        });
        for (int k = 0; k < iterations.length; k++) {
            System.out.printf("DDIM inversion + sampling, 50 steps, tiny seeded UNet, %d fixed-point iteration(s): "
                    + "max error %.3g, mean error %.3g (start latents N(0,1); inverted rms %.3f)%n", iterations[k],
                    err[k][0], err[k][1], err[k][2]);
        }
        // Plain inversion on an untrained UNet: eps(x, t) is a rough function of x, so eps(x_{t-1}, t)
        // is a poor stand-in for eps(x_t, t) (measured: max 2.30, mean 0.336). Three fixed-point
        // iterations per step remove most of it (measured: max 0.0153, mean 0.0020). Bounds: ~5x margin.
        assertTrue(err[0][1] < 0.6 && err[0][0] < 4, "plain inversion: " + err[0][0] + " / " + err[0][1]);
        assertTrue(err[1][1] < 0.01, "fixed-point inversion, mean error " + err[1][1]);
        assertTrue(err[1][0] < 0.08, "fixed-point inversion, max error " + err[1][0]);
    }

    /**
     * The guided predictor of a clip's sampling loop: both halves in one batch and one after the other
     * give the same prediction, and it is {@code uncond + scale · (cond − uncond)} of the UNet's own
     * predictions under the two prompts, each repeated per frame.
     */
    @Test
    void guidedPredictionIsTheSameTogetherAndApartAndCombinesTheTwoPrompts() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[] d = rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                NDArray uncond = SeededNoise.normal(root, 5, new Shape(1, 5, 32));
                NDArray cond = SeededNoise.normal(root, 6, new Shape(1, 5, 32));
                NDArray z = SeededNoise.normal(root, 7, new Shape(3, 4, 16, 16)); // a 3-frame clip
                int[] batches = new int[2];
                ClassifierFreeGuidance.PromptedPredictor p = (x, t, prompts) -> {
                    assertEquals(x.getShape().get(0), prompts.getShape().get(0), "one prompt per image");
                    batches[x.getShape().get(0) == 6 ? 0 : 1]++;
                    return unet.forward(x, new float[] { t }, prompts);
                };
                NDArray[] eps = new NDArray[2];
                String[] halves = { "together", "apart" };
                for (int k = 0; k < 2; k++) {
                    System.setProperty(ClassifierFreeGuidance.HALVES_PROPERTY, halves[k]);
                    try (ClassifierFreeGuidance.Guided g = ClassifierFreeGuidance.guided(uncond, cond, z,
                            UNetTest.tinyConfig().blockOutChannels().get(0), 7.5, p)) {
                        assertEquals(k == 1, g.apart());
                        eps[k] = g.epsilon(z, 500);
                    } finally {
                        System.clearProperty(ClassifierFreeGuidance.HALVES_PROPERTY);
                    }
                }
                NDArray u = unet.forward(z, new float[] { 500 }, uncond.repeat(0, 3));
                NDArray c = unet.forward(z, new float[] { 500 }, cond.repeat(0, 3));
                NDArray expected = u.add(c.sub(u).mul(7.5));
                return new float[] { batches[0], batches[1], eps[0].sub(eps[1]).abs().max().getFloat(),
                        eps[1].sub(expected).abs().max().getFloat(), expected.abs().max().getFloat() };
            }
        });
        assertEquals(1, d[0], "one batched pass of both halves");
        assertEquals(2, d[1], "two passes apart");
        assertTrue(d[2] < 1e-4 * d[4], "together against apart: " + d[2]);
        assertTrue(d[3] < 1e-4 * d[4], "against uncond + 7.5 (cond - uncond): " + d[3]);
    }
}
