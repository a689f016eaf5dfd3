package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;

import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/** The whole edit on the tiny models through the DS service: encode, DIFT, register, invert, edit, blend, decode. */
class EditLoopTest {

    /** Fewer steps, iterations and draws than the paper, so that the loop runs in seconds. */
    static Map<String, Object> quick(int seed) {
        return Map.of("steps", 10, "registrationIterations", 5, "diftEnsemble", 2, "seed", seed);
    }

    static EditRequest request(TinyWorld w, PointEdit edit, Map<String, Object> settings) {
        return new EditRequest(w.models, TinyWorld.frames(), TinyWorld.points(), edit, "a red square moving", "square",
                "circle", settings);
    }

    static boolean same(List<RgbFrame> a, List<RgbFrame> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).rgb(), b.get(i).rgb())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sixteenFramesRunEndToEndAndTheForwardPathIsDeterministicForASeed() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        EditMethod method = TestServices.await(EditMethod.class);
        try (TinyWorld w = rt.call(() -> TinyWorld.create(rt))) {
            // remove one point, drag the other on the keyframe (§3.5)
            PointEdit edit = new PointEdit("to circle", Set.of("corner"), List.of(new PointDrag("centre", 0, 4, 0)));
            long start = System.nanoTime();
            EditResult first = method.run(request(w, edit, quick(1)), new NullProgressMonitor());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("VideoSwap edit, tiny models, 16 frames 64x64 (16x16 latents), 10 steps, 5 registration "
                    + "iterations, DIFT ensemble 2: %.2f s; report %s%n", seconds, first.report());
            assertEquals(16, first.frames().size());
            assertEquals(64, first.frames().get(0).width());
            EditReport rep = first.report();
            assertTrue(Double.isFinite(rep.loss("registration").orElseThrow()), rep.toString());
            // the first iterations are always replayed (Registration.replayPolicy); the report says how many and why
            EditReport.Replays replays = rep.replays().get(0);
            assertEquals("registration", replays.stage());
            assertTrue(replays.count() >= 1 && replays.which().get(0).startsWith("iteration 0: "), replays.toString());
            assertEquals(5, rep.settings().get("registrationIterations"), rep.settings().toString());
            assertEquals(List.of("dift", "registration", "inversion", "edit"),
                    rep.stages().stream().map(EditReport.Stage::name).toList());
            assertTrue(rep.elapsedAfter("dift").getAsDouble() <= rep.elapsedAfter("edit").getAsDouble(), rep.toString());
            // the frames each point guides on, after the DIFT similarity check
            assertTrue(rep.note("points.visible").orElseThrow().matches("\\S+ [1-9][0-9]*/16(, \\S+ [0-9]+/16)*"),
                    rep.notes().toString());
            assertEquals(List.of(), rep.warnings());
            // Determinism of the forward path (DIFT, seeded MLPs, inversion, guided sampling, blend, decode):
            // registration is left out here because the CPU backward is not always bit-reproducible
            // (see RegistrationTest).
            Map<String, Object> untrained = Map.of("steps", 10, "registrationIterations", 0, "diftEnsemble", 2, "seed", 1);
            EditResult once = method.run(request(w, edit, untrained), new NullProgressMonitor());
            EditResult again = method.run(request(w, edit, untrained), new NullProgressMonitor());
            assertTrue(same(once.frames(), again.frames()), "same seed, same frames");
            EditResult other = method.run(request(w, edit, Map.of("steps", 10, "registrationIterations", 0,
                    "diftEnsemble", 2, "seed", 2)), new NullProgressMonitor());
            assertFalse(same(once.frames(), other.frames()), "another seed, other frames");
            // a similarity no frame's feature reaches: no point guides, and the report says so and what to do
            EditResult unguided = method.run(request(w, edit, Map.of("steps", 4, "registrationIterations", 0,
                    "diftEnsemble", 2, "visibilitySimilarity", 1.0)), new NullProgressMonitor());
            assertTrue(unguided.report().note("points.visible").orElseThrow().matches("\\S+ 0/16(, \\S+ 0/16)*"),
                    unguided.report().notes().toString());
            assertTrue(unguided.report().warnings().stream().anyMatch(x -> x.contains("Lower visibilitySimilarity")),
                    unguided.report().warnings().toString());
            EditResult plain = method.run(request(w, null, Map.of("steps", 10, "motionFeatures", false)),
                    new NullProgressMonitor());
            assertEquals(16, plain.frames().size());
            assertTrue(plain.report().loss("registration").isEmpty(), plain.report().toString());
            assertTrue(seconds < 60, "end to end in " + seconds + " s");
        }
    }

    @Test
    void badRequestsAreRefusedByNameAndACancelledEditThrows() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        EditMethod method = TestServices.await(EditMethod.class);
        try (TinyWorld w = rt.call(() -> TinyWorld.create(rt))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> method.run(request(w, null, Map.of("stepz", 3)), null));
            assertTrue(e.getMessage().contains("stepz"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> method.run(request(w, null, Map.of("visibilitySimilarity", 1.5)), null));
            assertTrue(e.getMessage().contains("visibility"), e.getMessage());
            EditRequest noWord = new EditRequest(w.models, TinyWorld.frames(), TinyWorld.points(), null,
                    "a red box moving", "square", "circle", quick(1));
            e = assertThrows(IllegalArgumentException.class, () -> method.run(noWord, null));
            assertTrue(e.getMessage().contains("square"), e.getMessage());
            NullProgressMonitor cancelled = new NullProgressMonitor();
            cancelled.setCanceled(true);
            assertThrows(OperationCanceledException.class, () -> method.run(request(w, null, quick(1)), cancelled));
        }
    }

    /**
     * Classifier-free guidance's halves run one after the other (as when memory asks for it) give the
     * batched edit's frames: the same latents up to float rounding, so the 8-bit frames differ by at most
     * a level here and there.
     */
    @Test
    void guidanceHalvesApartGiveTheBatchedEdit() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        EditMethod method = TestServices.await(EditMethod.class);
        Map<String, Object> settings = Map.of("steps", 4, "registrationIterations", 2, "diftEnsemble", 1, "seed", 3);
        try (TinyWorld w = rt.call(() -> TinyWorld.create(rt))) {
            List<List<RgbFrame>> out = new java.util.ArrayList<>();
            for (String halves : new String[] { "together", "apart" }) {
                System.setProperty(ClassifierFreeGuidance.HALVES_PROPERTY, halves);
                try {
                    out.add(method.run(request(w, null, settings), new NullProgressMonitor()).frames());
                } finally {
                    System.clearProperty(ClassifierFreeGuidance.HALVES_PROPERTY);
                }
            }
            long differ = 0;
            long total = 0;
            int worst = 0;
            for (int f = 0; f < out.get(0).size(); f++) {
                byte[] a = out.get(0).get(f).rgb();
                byte[] b = out.get(1).get(f).rgb();
                for (int i = 0; i < a.length; i++) {
                    int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
                    worst = Math.max(worst, d);
                    differ += d > 0 ? 1 : 0;
                }
                total += a.length;
            }
            assertTrue(worst <= 2 && differ <= total / 100, "apart vs together: " + differ + " of " + total
                    + " values differ, by at most " + worst);
        }
    }
}
