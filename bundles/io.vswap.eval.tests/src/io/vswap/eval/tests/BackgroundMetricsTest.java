package io.vswap.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricResult;
import io.vswap.testing.TestServices;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/** Background PSNR, SSIM (against scikit-image's numbers) and flicker, through their DS services. */
class BackgroundMetricsTest {

    private static Map<String, Metric> metrics;

    @BeforeAll
    static void services() {
        metrics = TestServices.awaitKeyed(Metric.class, Metric::id, "background-psnr", "background-ssim",
                "background-flicker", "warp-error", "motion-alignment");
    }

    private static final int[][] AT = { { 10, 10 }, { 12, 11 }, { 14, 12 }, { 16, 13 } };

    /** A moving red square on a still texture; the result: a blue square, the background raised by {@code delta}. */
    private static EvaluationInput swapped(int delta) {
        List<RgbFrame> bg = Frames.panning(4, 0, 0);
        List<RgbFrame> source = Frames.withSquare(bg, 0xff0000, 12, AT);
        List<RgbFrame> result = Frames.withSquare(Frames.shifted(bg, (f, p) -> delta), 0x0000ff, 12, AT);
        return EvaluationInput.of("square", source, result).withMasks(Frames.squares(4, 12, AT), "the test's squares");
    }

    @Test
    void backgroundPsnrIsOfTheBackgroundAloneAndSaysWhatItCannotMeasure() {
        Metric psnr = metrics.get("background-psnr");
        // every background value up by 5 (none clips: the texture stays within 48–208 + 5): MSE 25
        MetricResult r = psnr.measure(swapped(5), new NullProgressMonitor());
        for (double v : r.perFrame()) {
            assertEquals(10 * Math.log10(255.0 * 255 / 25), v, 1e-9, "the subject's change is not counted");
        }
        assertEquals(34.15, r.summary(), 0.01);
        MetricResult same = psnr.measure(swapped(0), new NullProgressMonitor());
        assertEquals(100, same.summary(), 1e-9);
        assertTrue(same.notes().get(0).contains("keep the background exactly"), same.notes().toString());

        // a frame that is all subject has no value, and says so
        boolean[] bits = Frames.squares(4, 12, AT).bits();
        java.util.Arrays.fill(bits, 2 * Frames.W * Frames.H, 3 * Frames.W * Frames.H, true);
        EvaluationInput in = swapped(5).withMasks(new FrameMasks(4, Frames.W, Frames.H, bits), "test");
        MetricResult partial = psnr.measure(in, new NullProgressMonitor());
        assertTrue(Double.isNaN(partial.perFrame()[2]));
        assertEquals(3, partial.definedFrames());
        assertTrue(partial.notes().contains("frame 2 has no background: no value there"), partial.notes().toString());

        EvaluationInput noMasks = EvaluationInput.of("no masks", swapped(5).source(), swapped(5).result());
        assertEquals(Optional.of("needs subject masks (the edit's own, or a mask given with the evaluation)"),
                psnr.unavailable(noMasks));
    }

    @Test
    void backgroundSsimMatchesScikitImage() throws Exception {
        JsonObject fx;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("ssim-fixture.json"), StandardCharsets.UTF_8)) {
            fx = JsonParser.parseReader(in).getAsJsonObject();
        }
        int w = fx.get("width").getAsInt();
        int h = fx.get("height").getAsInt();
        RgbFrame a = new RgbFrame(0, w, h, bytes(fx.getAsJsonArray("a")));
        RgbFrame b = new RgbFrame(0, w, h, bytes(fx.getAsJsonArray("b")));
        JsonArray m = fx.getAsJsonArray("mask");
        boolean[] mask = new boolean[m.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = m.get(i).getAsInt() != 0;
        }
        EvaluationInput in = EvaluationInput.of("fixture", List.of(a), List.of(b))
                .withMasks(new FrameMasks(1, w, h, mask), "fixture");
        MetricResult r = metrics.get("background-ssim").measure(in, new NullProgressMonitor());
        double expected = fx.get("backgroundSsim").getAsDouble();
        assertTrue(expected > 0.5 && expected < 0.95, "the fixture has background to compare: " + expected);
        // scikit-image 0.19.3 computes in float64 as this does
        assertEquals(expected, r.summary(), 1e-9);
        EvaluationInput whole = in.withMasks(new FrameMasks(1, w, h, new boolean[w * h]), "none");
        assertEquals(fx.get("wholeFrameSsim").getAsDouble(),
                metrics.get("background-ssim").measure(whole, new NullProgressMonitor()).summary(), 1e-9);
        // the window does not reach into the subject: a swap that keeps the background scores 1
        assertEquals(1.0, metrics.get("background-ssim").measure(swapped(0), new NullProgressMonitor()).summary(), 1e-12);
    }

    @Test
    void flickerIsTheBackgroundsChangeFromFrameToFrame() {
        Metric flicker = metrics.get("background-flicker");
        MetricResult still = flicker.measure(swapped(5), new NullProgressMonitor());
        assertTrue(Double.isNaN(still.perFrame()[0]), "frame 0 has no frame before it");
        assertEquals(0, still.summary(), 1e-12, "a still background does not flicker, whatever the subject does");
        // the background brightness alternates by 4 levels: a change of 4 at every frame
        List<RgbFrame> bg = Frames.panning(4, 0, 0);
        List<RgbFrame> flickering = Frames.withSquare(Frames.shifted(bg, (f, p) -> f % 2 == 0 ? 0 : 4), 0x0000ff, 12, AT);
        EvaluationInput in = EvaluationInput.of("flicker", Frames.withSquare(bg, 0xff0000, 12, AT), flickering)
                .withMasks(Frames.squares(4, 12, AT), "test");
        MetricResult r = flicker.measure(in, new NullProgressMonitor());
        assertEquals(4, r.summary(), 1e-9);
        assertTrue(r.notes().contains("the source's own change over the same pixels: 0.00 levels"), r.notes().toString());
    }

    private static byte[] bytes(JsonArray a) {
        byte[] b = new byte[a.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) a.get(i).getAsInt();
        }
        return b;
    }
}
