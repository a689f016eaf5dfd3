package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.points.api.PointEdit;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.internal.PlacementGuidance;
import io.vswap.swap.internal.SubjectAttention;
import io.vswap.swap.internal.VideoSwapPipeline;
import io.vswap.testing.TestServices;

/** Placement guidance: the attention centroids, their energy on tensors, its gradient, and the edit it changes. */
class PlacementGuidanceTest {

    @Test
    void aFramesCentroidIsTheMassOfItsMapAboveTheFramesMean() {
        int side = 8;
        float[] map = new float[2 * side * side];
        for (int i = 0; i < side * side; i++) {
            map[i] = 0.1f;
            map[side * side + i] = 0.4f; // frame 1 flat
        }
        for (int y = 1; y <= 2; y++) {
            for (int x = 5; x <= 6; x++) {
                map[y * side + x] = 1f; // a 2x2 blob: cell centres 5.5 and 6.5, 1.5 and 2.5
            }
        }
        float[][] c = PlacementGuidance.centroids(map, 2, side, side);
        assertArrayEquals(new float[] { 6f, 2f }, c[0], 1e-5f, "the blob's centre, in cells");
        assertArrayEquals(new float[] { 4f, 4f }, c[1], 1e-5f, "a flat frame: the middle");
    }

    @Test
    void theEnergyOnTensorsIsTheMeanSquaredDistanceOfTheCentroidsInCells() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                int frames = 3;
                int h = 6;
                int w = 10;
                Random r = new Random(5);
                float[] a = new float[frames * h * w];
                float[] b = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) Math.pow(r.nextDouble(), 4); // a few strong cells, as attention maps are
                    b[i] = (float) Math.pow(r.nextDouble(), 4);
                }
                float[][] ca = PlacementGuidance.centroids(a, frames, h, w);
                float[][] cb = PlacementGuidance.centroids(b, frames, h, w);
                double expected = 0;
                for (int f = 0; f < frames; f++) {
                    double dx = ca[f][0] - cb[f][0];
                    double dy = ca[f][1] - cb[f][1];
                    expected += (dx * dx + dy * dy) / frames;
                }
                assertTrue(expected > 0.1, "random maps lie apart: " + expected);
                NDArray map = m.create(a, new Shape(frames, h, w));
                assertEquals(expected, PlacementGuidance.loss(map, cb, m).getFloat(), 1e-4 * expected);
                assertEquals(0, PlacementGuidance.loss(map, ca, m).getFloat(), 1e-6, "a map against its own centroids");
            }
            return null;
        });
    }

    @Test
    void aStepAgainstTheGradientBringsTheSubjectsAttentionTowardTheSourcesAndTheWatcherComesBack() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                VideoSwapPipeline p = new VideoSwapPipeline(w.models, VideoSwapSettings.DEFAULTS);
                io.vswap.swap.api.PromptConditioning plain = io.vswap.swap.api.PromptConditioning.plain(w.models);
                NDArray latents = p.encode(TinyWorld.frames(), w.root);
                String prompt = "a red square moving";
                NDArray text = p.embedText(prompt, w.root).repeat(0, 16);
                int[] tokens = p.tokens(prompt, "square");
                int t = 601;
                NDArray z = w.models.schedule().addNoise(latents, SeededNoise.normal(w.root, 3, latents.getShape()), t);
                // the "source" is a subject in the top-left corner of every frame, away from wherever it is now
                float[] source = new float[16 * 16 * 16];
                for (int f = 0; f < 16; f++) {
                    for (int y = 1; y < 4; y++) {
                        for (int x = 1; x < 4; x++) {
                            source[f * 256 + y * 16 + x] = 1f;
                        }
                    }
                }
                SubjectAttention watcher = new SubjectAttention(16, 16, 16);
                PlacementGuidance guidance = new PlacementGuidance(16, 16, 16);
                // the CPU backend now and then gives a non-finite gradient (docs/user-guide.md, "Wrong gradients on the
                // CPU"); the edit skips such a step, here the same pass is asked again (up to 3 times)
                PlacementGuidance.Pull pull = null;
                for (int attempt = 0; attempt < 3 && (pull == null || pull.gradient() == null); attempt++) {
                    pull = guidance.gradient(w.models.unet(), z, t, text, null, tokens, source, w.root, plain, watcher);
                }
                NDArray g = pull.gradient();
                assertNotNull(g, "a finite gradient in 3 passes");
                assertEquals(z.getShape(), g.getShape());
                float rms = g.square().mean().sqrt().getFloat();
                assertTrue(rms > 0, "the energy depends on the latent through the cross-attention");
                assertTrue(pull.energy() > 1, "the subject is not in the corner yet: " + pull.energy());
                // a small step down the gradient lowers the energy (first order), a step up raises it
                NDArray down = z.sub(g.mul(0.02f / rms));
                NDArray up = z.add(g.mul(0.02f / rms));
                float lower = guidance.gradient(w.models.unet(), down, t, text, null, tokens, source, w.root, plain, watcher)
                        .energy();
                float higher = guidance.gradient(w.models.unet(), up, t, text, null, tokens, source, w.root, plain, watcher)
                        .energy();
                assertTrue(lower < pull.energy() && pull.energy() < higher,
                        "energy " + lower + " < " + pull.energy() + " < " + higher);
                // on a half-precision UNet the pass runs in fp32 (no gradient crosses DJL's casts) and the
                // UNet is given back in fp16: the same gradient up to fp16 rounding of the weights
                w.models.unet().setPrecision(io.vswap.diffusion.api.Precision.FP16);
                PlacementGuidance.Pull half = guidance.gradient(w.models.unet(), z, t, text, null, tokens, source,
                        w.root, plain, watcher);
                assertEquals(io.vswap.diffusion.api.Precision.FP16, w.models.unet().precision());
                assertNotNull(half.gradient(), "a finite gradient through the half-precision model");
                assertEquals(pull.energy(), half.energy(), 0.05 * pull.energy());
                w.models.unet().setPrecision(io.vswap.diffusion.api.Precision.FP32);
                // an aim moves every frame's target: the energy is quadratic in it, so aims of -1, 0 and +1
                // cell in x have a second difference of exactly 2 cells² (0 if the aim were ignored)
                float[] e = new float[3];
                for (int k = 0; k < 3; k++) {
                    float[][] aim = new float[16][];
                    for (int f = 0; f < 16; f++) {
                        aim[f] = new float[] { k - 1, 0 };
                    }
                    e[k] = new PlacementGuidance(16, 16, 16, aim)
                            .gradient(w.models.unet(), z, t, text, null, tokens, source, w.root, plain, watcher).energy();
                }
                assertEquals(2, e[0] + e[2] - 2 * e[1], 1e-3, java.util.Arrays.toString(e));
                // (compared afresh: the fp16 round trip above rounded the weights)
                float none = guidance.gradient(w.models.unet(), z, t, text, null, tokens, source, w.root, plain, watcher)
                        .energy();
                assertEquals(none, e[1], 1e-5 * none, "a zero aim is no aim");
                assertThrows(IllegalArgumentException.class, () -> new PlacementGuidance(16, 16, 16, new float[3][]));
                // the caller's processor is back: a watched pass gives its map, and z was left as it was
                watcher.watch(tokens, (int) text.getShape().get(1), 0);
                w.models.unet().forward(z, 16, new float[] { t }, text, null);
                assertEquals(16 * 256, watcher.take().length);
                assertFalse(z.hasGradient(), "the latent passed in is not put on the graph");
                w.models.unet().setAttentionProcessor(DotProductAttention.DEFAULT);
            }
            return null;
        });
    }

    /** The placement energy at the first and the last guided step. */
    static double[] energies(EditReport report) {
        return new double[] { report.figure("placement.energy.first").orElseThrow(),
                report.figure("placement.energy.last").orElseThrow() };
    }

    @Test
    void theSettingPullsTheEditsCentroidsTogetherReportsItsEnergyAndRefusesANegativeWeight() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        EditMethod method = TestServices.await(EditMethod.class);
        try (TinyWorld w = rt.call(() -> TinyWorld.create(rt))) {
            PointEdit keep = new PointEdit("to circle", Set.of(), List.of());
            // no registration: the forward path is deterministic (see EditLoopTest)
            Map<String, Object> plain = new HashMap<>(Map.of("steps", 6, "registrationIterations", 0, "diftEnsemble", 1,
                    "seed", 1));
            Map<String, Object> pulled = new HashMap<>(plain);
            pulled.put("placementGuidance", 3.0);
            Map<String, Object> measured = new HashMap<>(plain);
            measured.put("placementGuidance", 1e-9); // measures the energy, moves nothing
            EditResult a = method.run(EditLoopTest.request(w, keep, plain), new NullProgressMonitor());
            EditResult b = method.run(EditLoopTest.request(w, keep, pulled), new NullProgressMonitor());
            EditResult c = method.run(EditLoopTest.request(w, keep, measured), new NullProgressMonitor());
            Map<String, Object> huge = new HashMap<>(plain);
            huge.put("placementGuidance", 1e7);
            EditResult d = method.run(EditLoopTest.request(w, keep, huge), new NullProgressMonitor());
            assertTrue(a.report().figure("placement.energy.first").isEmpty(), "off by default: " + a.report());
            assertEquals(3.0, b.report().figure("placement.energy.steps").orElseThrow(),
                    "guided on the motion steps (half of 6): " + b.report().figures());
            assertTrue(b.report().note("placement.energy").orElseThrow().matches(
                    "[0-9.]+ -> [0-9.]+ cells\\^2 over 3 steps"), b.report().notes().toString());
            assertEquals(3.0, b.report().settings().get("placementGuidance"), b.report().settings().toString());
            assertFalse(EditLoopTest.same(a.frames(), b.frames()), "the guidance changes the frames");
            // the pull goes the right way: by the last guided step the centroids lie closer than unguided
            double[] guided = energies(b.report());
            double[] unguided = energies(c.report());
            assertEquals(unguided[0], guided[0], 1e-4 * unguided[0], "the same start");
            assertTrue(guided[1] < unguided[1], "guided " + guided[1] + " < unguided " + unguided[1]);
            assertTrue(b.report().figure("placement.capped").isEmpty(), b.report().notes().toString());
            // an absurd weight is cut to a quarter of the noise prediction on every step: the frames stay an image
            // (a step the CPU backend gave a non-finite gradient goes unguided: counted as skipped, not capped)
            double notFinite = d.report().figure("placement.skipped").orElse(0);
            assertEquals(3 - notFinite, d.report().figure("placement.capped").orElseThrow(), d.report().toString());
            assertTrue(d.report().note("placement.capped").orElseThrow().startsWith((3 - (int) notFinite)
                    + " of 3 steps"), d.report().notes().toString());
            assertEquals(notFinite > 0, d.report().warnings().stream().anyMatch(x -> x.contains("not finite")),
                    d.report().warnings().toString());
            assertFalse(EditLoopTest.same(b.frames(), d.frames()));
            double[] energy = energies(d.report());
            assertTrue(Double.isFinite(energy[1]), d.report().figures().toString());
        }
        assertEquals(0.0, VideoSwapSettings.DEFAULTS.placementGuidance(), "off by default, as the paper");
        assertEquals(1, VideoSwapSettings.DEFAULTS.placementPasses(), "one edit by default, as the paper");
        assertThrows(IllegalArgumentException.class, () -> VideoSwapSettings.fromValues(Map.of("placementPasses", 0)));
        assertThrows(IllegalArgumentException.class, () -> VideoSwapSettings.fromValues(
                Map.of("placementPasses", VideoSwapSettings.MAX_PLACEMENT_PASSES + 1)));
        assertThrows(IllegalArgumentException.class, () -> VideoSwapSettings.fromValues(Map.of("placementGuidance", -1)));
        assertThrows(IllegalArgumentException.class,
                () -> VideoSwapSettings.fromValues(Map.of("placementGuidance", Double.NaN)));
    }
}
