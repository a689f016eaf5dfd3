package io.vswap.swap.tests;

import static io.vswap.swap.api.EditReport.CacheOutcome.COMPUTED;
import static io.vswap.swap.api.EditReport.CacheOutcome.REUSED;
import static io.vswap.swap.tests.SwapJobFixture.decode;
import static io.vswap.swap.tests.SwapJobFixture.json;
import static io.vswap.swap.tests.SwapJobFixture.outcomes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.diffusion.api.ModelProvider;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.testing.TestServices;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * The "swap" batch job through the real services on a project whose edit cache starts empty: the
 * renders and their record, the source side reused for another target, and the record's job
 * replayed bit-exact. Few steps: mechanics, not image quality.
 */
class SwapJobRenderTest {

    @TempDir
    static Path dir;

    static SwapJobFixture fx;

    @BeforeAll
    static void projectAndModel() throws Exception {
        fx = SwapJobFixture.create(dir);
    }

    @Test
    void theSampleModelIsAModelProvider() throws Exception {
        ModelProvider sample = TestServices.await(ModelProvider.class);
        assertEquals("sample", sample.id());
        assertFalse(sample.description().isBlank());
    }

    /** The one test of this class that swaps: it starts from the empty cache the fixture leaves. */
    @Test
    void swapsWritesRendersAndARecordThenReusesTheSourceSideForAnotherTarget() throws Exception {
        String prompt = fx.clip.caption();
        String subject = fx.subject;
        String remove = ", \"remove\": [\"" + fx.clip.spec().shape().pointNames().get(0) + "\"]";
        String first = fx.targets.get(0);
        long t0 = System.nanoTime();
        String summary = fx.run(fx.swapJob(prompt, first, remove), new NullProgressMonitor());
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("swap 1: " + summary);
        String stem = fx.stem(first);
        for (String ext : List.of(".mkv", ".mp4", "-sheet.png", ".json", SwapRender.MASKS)) {
            assertTrue(Files.isRegularFile(fx.renders().resolve(stem + ext)), stem + ext);
        }
        // where the edit put the subject (source's and result's), at the latent grid, for evaluation
        assertEquals(Optional.of(stem + SwapRender.MASKS), fx.record(stem).masksFile());
        FrameMasks masks = FrameMasks.fromPng(Files.readAllBytes(fx.renders().resolve(stem + SwapRender.MASKS)), 16);
        assertTrue(masks.width() < 64 && 64 % masks.width() == 0, "the latent grid: " + masks.width());
        assertTrue(masks.coverage() > 0 && masks.coverage() < 1, "a mask, not all or nothing: " + masks.coverage());
        for (String ext : List.of(".mkv", ".mp4")) {
            List<RgbFrame> frames = decode(fx.renders().resolve(stem + ext));
            assertEquals(16, frames.size(), ext);
            frames.forEach(f -> assertTrue(f.width() == 64 && f.height() == 64, ext + ": " + f.width() + "x" + f.height()));
        }
        // the record: every setting, prompts, report, seed; the settings round-trip to the same values
        JsonObject rec = json(fx.renders().resolve(stem + ".json"));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : rec.getAsJsonObject("settings").entrySet()) {
            var p = e.getValue().getAsJsonPrimitive();
            values.put(e.getKey(), p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? (Object) p.getAsDouble()
                    : p.getAsString());
        }
        assertEquals(VideoSwapSettings.descriptors().size(), values.size(), "every setting is recorded");
        VideoSwapSettings recorded = VideoSwapSettings.fromValues(values);
        assertEquals(VideoSwapSettings.fromValues(Map.of("steps", 4, "registrationIterations", 3, "diftEnsemble", 1,
                "seed", 3)), recorded);
        assertEquals(3, rec.getAsJsonObject("settings").get("seed").getAsInt());
        assertEquals(prompt, rec.get("sourcePrompt").getAsString());
        assertEquals(prompt.replaceAll("\\b" + subject + "\\b", first), rec.get("targetPrompt").getAsString());
        assertEquals(subject, rec.get("subject").getAsString());
        assertEquals(first, rec.get("target").getAsString());
        EditReport report = fx.record(stem).report();
        assertTrue(Double.isFinite(report.loss("registration").orElseThrow()), report.toString());
        assertEquals(Map.of("dift", COMPUTED, "registration", COMPUTED, "inversion", COMPUTED), outcomes(report));
        assertEquals(1, rec.getAsJsonObject("points").getAsJsonArray("removed").size());
        Map<String, FileTime> cache = fx.cacheFiles();
        assertEquals(3, cache.size(), cache.toString());
        assertTrue(cache.keySet().stream().allMatch(n -> n.endsWith(".safetensors")), cache.toString());

        // another target: the source side comes from the cache, untouched
        String second = fx.targets.get(1);
        t0 = System.nanoTime();
        summary = fx.run(fx.swapJob(prompt, second, remove), new NullProgressMonitor());
        double secondSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("swap 2: " + summary);
        System.out.printf(Locale.ROOT, "swap 1 (computes the source side): %.1f s; swap 2 (reuses it): %.1f s%n",
                firstSeconds, secondSeconds);
        EditReport report2 = fx.record(fx.stem(second)).report();
        assertEquals(Map.of("dift", REUSED, "registration", REUSED, "inversion", REUSED), outcomes(report2));
        assertEquals(report.loss("registration"), report2.loss("registration"));
        assertEquals(cache, fx.cacheFiles(), "no cache file was rewritten");

        // the record's job, run again, reproduces the first render exactly (its source side from the cache)
        List<RgbFrame> before = decode(fx.renders().resolve(stem + ".mkv"));
        fx.run(json(fx.renders().resolve(stem + ".json")).getAsJsonObject("job").toString(), new NullProgressMonitor());
        List<RgbFrame> again = decode(fx.renders().resolve(stem + ".mkv"));
        assertEquals(REUSED, outcomes(fx.record(stem).report()).get("inversion"));
        // bit-exact: the cached source side is the computed one (F32), and the forward path is deterministic
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).rgb(), again.get(i).rgb(), "frame " + i + " of the replayed job");
        }
    }
}
