package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.internal.LatentGrid;
import io.vswap.swap.internal.MotionFeatureAdapter;
import io.vswap.swap.internal.PointEmbeddings;
import io.vswap.swap.internal.Registration;
import io.vswap.swap.internal.VideoSwapPipeline;

/** §3.4: registration trains the MLPs (only them), lowers the masked loss, and stops cleanly when cancelled. */
class RegistrationTest {

    /** The source side of the tiny clip: latents, the prompt, DIFT embeddings (ensemble 2). */
    record Source(VideoSwapPipeline pipeline, NDArray latents, NDArray prompt, PointEmbeddings embeddings,
            List<Trajectory> trajectories, LatentGrid grid) {
    }

    static Source source(TinyWorld w, VideoSwapSettings s) {
        VideoSwapPipeline p = new VideoSwapPipeline(w.models, s);
        NDArray latents = p.encode(TinyWorld.frames(), w.root);
        Map<String, Trajectory> ts = TinyWorld.trajectories(TinyWorld.points());
        return new Source(p, latents, p.embedText("a red square moving", w.root),
                p.embedPoints(latents, "square", ts, 64, 64), new ArrayList<>(ts.values()), p.grid(64, 64));
    }

    static VideoSwapSettings settings(int iterations, double lr) {
        return new VideoSwapSettings(50, 7.5, 0.5, 0.5, 0.3, 0.2, 261, 1, 2, 0.35, iterations, lr, 0.01, 0.2, 4, true,
                true, true, 3);
    }

    static Map<String, float[]> values(Map<String, NDArray> params) {
        Map<String, float[]> m = new HashMap<>();
        params.forEach((k, v) -> m.put(k, v.toFloatArray()));
        return m;
    }

    /** The masked loss averaged over fixed draws in the registration's range. */
    static float heldLoss(Registration r, MotionFeatureAdapter a, Source s) {
        float sum = 0;
        int[] ts = { 520, 700, 850, 990 };
        for (int i = 0; i < ts.length; i++) {
            sum += r.evaluate(a, s.latents(), s.prompt(), s.embeddings(), s.trajectories(), s.grid(), ts[i], 900 + i, 4);
        }
        return sum / ts.length;
    }

    @Test
    void twentyIterationsLowerTheMaskedLossAndMoveOnlyTheMlps() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                Source s = source(w, settings(20, 3e-2));
                Map<String, float[]> unetBefore = values(w.models.unet().imageUNet().parameters());
                Map<String, float[]> motionBefore = values(w.models.unet().motionParameters());
                Registration r = new Registration(w.models.unet(), w.models.schedule());
                try (MotionFeatureAdapter initial = s.pipeline().newAdapter(s.embeddings().dimension(), w.root)) {
                    Map<String, float[]> mlpBefore = values(initial.parameters());
                    List<Float> losses = new ArrayList<>();
                    int[] skipped = { 0 };
                    List<Integer> timesteps = new ArrayList<>();
                    long start = System.nanoTime();
                    // every point in every iteration, so that 20 iterations see each point 20 times
                    Registration.Options options = new Registration.Options(20, 3e-2, 0.01, 0, 4, true, true, 3);
                    try (MotionFeatureAdapter trained = r.register(initial, s.latents(), s.prompt(), s.embeddings(),
                            s.trajectories(), s.grid(), options, (it, t, loss, skip) -> {
                                losses.add(loss);
                                timesteps.add(t);
                                skipped[0] += skip ? 1 : 0;
                            }, new NullProgressMonitor())) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        float before = heldLoss(r, initial, s);
                        float after = heldLoss(r, trained, s);
                        System.out.printf("registration, tiny video UNet, 16 frames, 20 iterations: %.2f s; held-out "
                                + "masked loss %.4f -> %.4f; per-iteration %s%n", seconds, before, after, losses);
                        // No replay compared here: on this CPU backend a second registration in the same JVM now
                        // and then departs from the first at some iteration (seen in about 1 of 4 replays, also with
                        // ONEDNN_MAX_CPU_ISA=AVX2; once ending at 1.1827, above the start) -- the oneDNN backward
                        // glitch of BUILD-FACTS in a finite form. Open: verify gradients on the CPU.
                        assertEquals(20, losses.size());
                        assertTrue(skipped[0] <= 2, skipped[0] + " skipped iterations");
                        assertTrue(timesteps.stream().allMatch(t -> t >= 500 && t < 1000), "t ~ U(T/2, T): " + timesteps);
                        // lr 3e-2: a random tiny UNet needs bigger steps than the paper's model to show in 20
                        // iterations; measured 1.1494 -> 1.1086 (-3.5 %)
                        assertTrue(after < before * 0.985, "masked loss " + before + " -> " + after);
                        // only the MLPs moved; the initial adapter is untouched
                        assertTrue(trained.parameters().entrySet().stream().allMatch(
                                e -> !Arrays.equals(mlpBefore.get(e.getKey()), e.getValue().toFloatArray())),
                                "every MLP tensor was trained");
                        initial.parameters().forEach((k, v) -> assertArrayEquals(mlpBefore.get(k), v.toFloatArray(), k));
                        w.models.unet().imageUNet().parameters().forEach((k, v) -> {
                            assertFalse(v.hasGradient(), k);
                            assertArrayEquals(unetBefore.get(k), v.toFloatArray(), 0f, k);
                        });
                        w.models.unet().motionParameters()
                                .forEach((k, v) -> assertArrayEquals(motionBefore.get(k), v.toFloatArray(), 0f, k));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Registration on a video UNet held in fp16 (as on a GPU, where fp16 is the default): DJL casts
     * without autograd, so the UNet is held in fp32 for the registration and given back in fp16;
     * the masked loss falls as in fp32 (same bound as above) and the UNet comes back unchanged.
     */
    @Test
    void registrationThroughAnFp16UNetTrainsTheFp32Mlps() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                Source s = source(w, settings(20, 3e-2));
                w.models.unet().setPrecision(Precision.FP16);
                Map<String, float[]> unetBefore = values(w.models.unet().imageUNet().parameters());
                Registration r = new Registration(w.models.unet(), w.models.schedule());
                try (MotionFeatureAdapter initial = s.pipeline().newAdapter(s.embeddings().dimension(), w.root)) {
                    List<Float> losses = new ArrayList<>();
                    int[] skipped = { 0 };
                    long start = System.nanoTime();
                    Registration.Options options = new Registration.Options(20, 3e-2, 0.01, 0, 4, true, true, 3);
                    try (MotionFeatureAdapter trained = r.register(initial, s.latents(), s.prompt(), s.embeddings(),
                            s.trajectories(), s.grid(), options, (it, t, loss, skip) -> {
                                losses.add(loss);
                                skipped[0] += skip ? 1 : 0;
                            }, new NullProgressMonitor())) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        float before = heldLoss(r, initial, s);
                        float after = heldLoss(r, trained, s);
                        System.out.printf("registration on a fp16 tiny video UNet, 16 frames, 20 iterations: %.2f s; "
                                + "held-out masked loss %.4f -> %.4f; %d skipped; per-iteration %s%n", seconds, before,
                                after, skipped[0], losses);
                        assertEquals(20, losses.size());
                        assertTrue(skipped[0] <= 2, skipped[0] + " skipped iterations");
                        assertTrue(after < before * 0.985, "masked loss " + before + " -> " + after);
                        trained.parameters().forEach((k, v) -> assertEquals(ai.djl.ndarray.types.DataType.FLOAT32,
                                v.getDataType(), k));
                        assertEquals(Precision.FP16, w.models.unet().precision(), "given back in fp16");
                        w.models.unet().imageUNet().parameters().forEach((k, v) -> {
                            assertEquals(ai.djl.ndarray.types.DataType.FLOAT16, v.getDataType(), k);
                            assertArrayEquals(unetBefore.get(k), v.toFloatArray(), 0f, k + " unchanged (exact round trip)");
                        });
                    }
                }
            }
            return null;
        });
    }

    @Test
    void theAblationsRunTheirOwnLossAndSchedule() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                Source s = source(w, settings(3, 1e-3));
                Registration r = new Registration(w.models.unet(), w.models.schedule());
                try (MotionFeatureAdapter a = s.pipeline().newAdapter(s.embeddings().dimension(), w.root)) {
                    float patch = r.evaluate(a, s.latents(), s.prompt(), s.embeddings(), s.trajectories(), s.grid(), 700,
                            1, 4);
                    float full = r.evaluate(a, s.latents(), s.prompt(), s.embeddings(), s.trajectories(), s.grid(), 700,
                            1, null);
                    assertTrue(patch != full, "the patch mask changes the loss");
                    List<Integer> ts = new ArrayList<>();
                    Registration.Options fullRange = new Registration.Options(12, 1e-3, 0.01, 0.2, 4, false, false, 5);
                    try (MotionFeatureAdapter b = r.register(a, s.latents(), s.prompt(), s.embeddings(), s.trajectories(),
                            s.grid(), fullRange, (it, t, loss, skip) -> ts.add(t), null)) {
                        assertTrue(ts.stream().anyMatch(t -> t < 500), "t ~ U(0, T) reaches below T/2: " + ts);
                    }
                }
            }
            return null;
        });
    }

    @Test
    void cancellationStopsWithinAnIterationAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                Source s = source(w, settings(100, 5e-4));
                Registration r = new Registration(w.models.unet(), w.models.schedule());
                try (MotionFeatureAdapter initial = s.pipeline().newAdapter(s.embeddings().dimension(), w.root)) {
                    Map<String, float[]> before = values(initial.parameters());
                    int arraysBefore = w.root.getManagedArrays().size();
                    NullProgressMonitor monitor = new NullProgressMonitor();
                    int[] iterations = { 0 };
                    Path out = dir.resolve("mlps.safetensors");
                    long[] cancelledAt = new long[1];
                    long start = System.nanoTime();
                    assertThrows(OperationCanceledException.class, () -> {
                        MotionFeatureAdapter trained = r.register(initial, s.latents(), s.prompt(), s.embeddings(),
                                s.trajectories(), s.grid(), s.pipeline().registrationOptions(), (it, t, loss, skip) -> {
                                    if (++iterations[0] == 3) {
                                        monitor.setCanceled(true);
                                        cancelledAt[0] = System.nanoTime();
                                    }
                                }, monitor);
                        trained.save(out); // only a finished registration is written
                    });
                    long stopMs = (System.nanoTime() - cancelledAt[0]) / 1_000_000;
                    System.out.printf("registration cancelled after %d of 100 iterations, stopped %d ms after the "
                            + "cancel (%.2f s in all)%n", iterations[0], stopMs, (System.nanoTime() - start) / 1e9);
                    assertEquals(3, iterations[0], "no iteration starts after the cancel");
                    assertFalse(Files.exists(out));
                    try (var files = Files.list(dir)) {
                        assertEquals(0, files.count(), "nothing written");
                    }
                    initial.parameters().forEach((k, v) -> assertArrayEquals(before.get(k), v.toFloatArray(), 0f, k));
                    assertEquals(arraysBefore, w.root.getManagedArrays().size(),
                            "the trained copy, its optimizer state and every step's arrays are freed");
                }
            }
            return null;
        });
    }
}
