package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ContextWindows;
import io.vswap.diffusion.api.ContextWindows.Window;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.WindowFusion;

/**
 * Sliding context windows against AnimateDiff-Evolved's own functions ({@code ade-context-windows.json}:
 * its {@code create_windows_static_standard} and {@code create_weights_pyramid} run with python3 on
 * the cases listed there), the strided windows, and the fusion of window results.
 */
class ContextWindowsTest {

    private static JsonObject reference() throws Exception {
        try (InputStream in = ContextWindowsTest.class.getResourceAsStream("ade-context-windows.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void theWindowsAndWeightsAreAnimateDiffEvolvedsStaticStandardAndPyramid() throws Exception {
        JsonObject ref = reference();
        int cases = 0;
        for (JsonElement e : ref.getAsJsonArray("static_standard")) {
            JsonObject c = e.getAsJsonObject();
            int frames = c.get("frames").getAsInt();
            ContextWindows cw = new ContextWindows(c.get("length").getAsInt(), c.get("overlap").getAsInt(), 1);
            List<List<Integer>> expected = new ArrayList<>();
            for (JsonElement w : c.getAsJsonArray("windows")) {
                List<Integer> f = new ArrayList<>();
                w.getAsJsonArray().forEach(x -> f.add(x.getAsInt()));
                expected.add(f);
            }
            List<List<Integer>> got = cw.windows(frames).stream()
                    .map(w -> java.util.Arrays.stream(w.frames()).boxed().toList()).toList();
            assertEquals(expected, got, c.toString());
            cases++;
        }
        assertEquals(10, cases);
        for (var p : ref.getAsJsonObject("pyramid").entrySet()) {
            JsonArray w = p.getValue().getAsJsonArray();
            float[] expected = new float[w.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = w.get(i).getAsFloat();
            }
            assertArrayEquals(expected, ContextWindows.weights(Integer.parseInt(p.getKey())), p.getKey());
        }
    }

    @Test
    void stridedWindowsCoverEveryResidueAndEveryWindowHasTheSameLength() {
        ContextWindows cw = new ContextWindows(8, 2, 3);
        List<Window> ws = cw.windows(40);
        int[] seen = new int[40];
        for (Window w : ws) {
            assertEquals(8, w.count());
            for (int f : w.frames()) {
                seen[f]++;
            }
        }
        // spacing 1 and 2 fit 8 frames in 40, spacing 4 (32 frames per window) too: three passes over each frame
        assertTrue(ws.stream().anyMatch(w -> w.spacing() == 4), ws.toString());
        for (int f = 0; f < 40; f++) {
            assertTrue(seen[f] >= 3, "frame " + f + " in " + seen[f] + " windows");
        }
        // spacing 8 would need 64 frames: not used
        assertTrue(new ContextWindows(8, 2, 4).windows(40).stream().noneMatch(w -> w.spacing() == 8));
        assertEquals("1:33:4", new Window(1, 4, 8, ContextWindows.weights(8)).rows());
        // a clip that fits is one window, as without windows
        assertEquals(1, cw.windows(8).size());
        assertEquals(List.of(), cw.seams(8));
        assertEquals(List.of(8, 10, 14, 18), new ContextWindows(10, 2, 1).seams(24)); // windows 0-9, 8-17, 14-23
    }

    @Test
    void aWindowIsNeverLongerThanTheMotionModuleWasTrainedOn() {
        ContextWindows asked = new ContextWindows(32, 8, 1);
        ContextWindows cut = asked.limitedTo(24);
        assertEquals(24, cut.length());
        assertEquals(8, cut.overlap());
        assertEquals(4, new ContextWindows(16, 12, 1).limitedTo(5).overlap(), "the overlap cut to fit the window");
        assertSame(ContextWindows.DEFAULT, ContextWindows.DEFAULT.limitedTo(24));
        assertEquals(24, asked.fitTo(io.vswap.diffusion.api.MotionModuleConfig.mmSdV15()).length());
        assertEquals(32, asked.fitTo(io.vswap.diffusion.api.MotionModuleConfig.mmSdV15V2()).length());
        io.vswap.diffusion.api.MotionModuleConfig noPositions = new io.vswap.diffusion.api.MotionModuleConfig(8, 1, 2,
                false, 24, false, 32, true);
        assertSame(asked, asked.fitTo(noPositions), "no positional encoding: no limit from it");
        assertThrows(IllegalArgumentException.class, () -> new ContextWindows(8, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContextWindows(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContextWindows(8, 2, 0));
    }

    @Test
    void fusedWindowResultsAreThePerFrameResultsAndOneWindowIsUntouched() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = SeededNoise.normal(m, 5, new Shape(40, 3, 4, 4));
                // a per-frame pass (no frame sees another): every window gives each frame the same value,
                // so the fusion must give back exactly the pass over the whole clip
                for (ContextWindows cw : new ContextWindows[] { new ContextWindows(8, 2, 1), new ContextWindows(8, 3, 3),
                        new ContextWindows(16, 4, 2) }) {
                    NDArray fused = WindowFusion.run(cw.windows(40), x, (w, xw) -> {
                        assertEquals(8 == cw.length() ? 8 : 16, xw.getShape().get(0));
                        return xw.mul(2).add(1);
                    });
                    float worst = fused.sub(x.mul(2).add(1)).abs().max().getFloat();
                    assertTrue(worst < 1e-6, cw + ": " + worst);
                }
                // a pass that tells windows apart: each frame gets the weighted mean of its windows' values
                ContextWindows cw = new ContextWindows(4, 2, 1); // 6 frames: windows 0-3, 2-5
                List<Window> ws = cw.windows(6);
                NDArray six = m.zeros(new Shape(6, 1));
                NDArray fused = WindowFusion.run(ws, six, (w, xw) -> xw.add(w.start())); // window 0: 0, window 1: 2
                // frame 2: weight 2 (window 0, position 2 of pyramid [1,2,2,1]) on 0, weight 1 (window 1, position 0) on 2
                assertArrayEquals(new float[] { 0, 0, 2f / 3, 4f / 3, 2, 2 }, fused.toFloatArray(), 1e-6f);
                // one window of the whole clip: the pass's own result
                NDArray[] seen = new NDArray[1];
                NDArray whole = WindowFusion.run(new ContextWindows(16, 4, 1).windows(6), six, (w, xw) -> {
                    seen[0] = xw;
                    return xw.add(1);
                });
                assertSame(six, seen[0]);
                assertEquals(6, whole.getShape().get(0));
                // a window whose result cannot be computed: no result
                assertNull(WindowFusion.run(ws, six, (w, xw) -> w.start() == 2 ? null : xw));
                WindowFusion empty = new WindowFusion(6, 1);
                empty.add(ws.get(0), new float[] { 1, 1, 1, 1 });
                assertThrows(IllegalStateException.class, empty::fused, "frames 4 and 5 were in no window");
            }
            return null;
        });
    }
}
