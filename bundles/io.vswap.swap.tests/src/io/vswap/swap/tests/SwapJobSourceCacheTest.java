package io.vswap.swap.tests;

import static io.vswap.swap.api.EditReport.CacheOutcome.COMPUTED;
import static io.vswap.swap.api.EditReport.CacheOutcome.REUSED;
import static io.vswap.swap.tests.SwapJobFixture.decode;
import static io.vswap.swap.tests.SwapJobFixture.json;
import static io.vswap.swap.tests.SwapJobFixture.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.vswap.video.api.RgbFrame;

/**
 * Which part of the swap job's source side (DIFT embeddings, registration, inversion) a change
 * recomputes and which it reuses. The class's project has the caption's source side in its edit
 * cache before any test runs; each test uses a prompt or setting of its own, so that what it
 * finds computed or cached does not depend on the other tests.
 */
class SwapJobSourceCacheTest {

    @TempDir
    static Path dir;

    static SwapJobFixture fx;

    @BeforeAll
    static void projectModelAndTheCaptionsSourceSide() throws Exception {
        fx = SwapJobFixture.create(dir);
        System.out.println("the caption's source side: " + fx.prepare(fx.clip.caption()));
    }

    @Test
    void aChangedPromptRecomputesWhatDependsOnIt() throws Exception {
        Map<String, FileTime> before = fx.cacheFiles();
        String prompt = fx.clip.caption().replaceFirst(" on ", " slowly on "); // no other test uses it
        // a drag too: the point goes 3 px right of where it is tracked on the keyframe
        String point = fx.clip.spec().shape().pointNames().get(1);
        double[] at = fx.clip.points().get(point)[0];
        String drag = String.format(Locale.ROOT, ", \"drag\": {\"%s\": {\"x\": %.4f, \"y\": %.4f}}", point,
                at[0] + 3, at[1]);
        String target = fx.targets.get(0);
        fx.run(fx.swapJob(prompt, target, ", \"clip\": \"main\", \"points\": \"main\"" + drag),
                new NullProgressMonitor());
        JsonObject rec = json(fx.renders().resolve(fx.stem(target) + ".json"));
        JsonObject d = rec.getAsJsonObject("points").getAsJsonArray("drags").get(0).getAsJsonObject();
        assertEquals(point, d.get("point").getAsString());
        assertEquals(3, d.get("dx").getAsDouble(), 1e-3);
        assertEquals(0, d.get("dy").getAsDouble(), 1e-3);
        // DIFT reads the subject word alone, not the prompt: reused; registration and inversion read the prompt
        assertEquals(Map.of("dift", REUSED, "registration", COMPUTED, "inversion", COMPUTED),
                outcomes(fx.record(fx.stem(target)).report()));
        Map<String, FileTime> after = fx.cacheFiles();
        assertEquals(before.size() + 2, after.size(), after.toString());
        before.forEach((name, time) -> assertEquals(time, after.get(name), name + " untouched"));
    }

    @Test
    void prepareOnlyFillsTheCacheWithoutARenderAndTheNextSwapReusesIt() throws Exception {
        String prompt = fx.clip.caption() + " slowly"; // a prompt no other test uses: nothing of it is cached
        List<String> rendersBefore = fx.renderNames();
        Map<String, FileTime> cacheBefore = fx.cacheFiles();
        String summary = fx.prepare(prompt);
        System.out.println("prepare only: " + summary);
        assertTrue(summary.contains("registration computed") && summary.contains("inversion computed"), summary);
        assertEquals(rendersBefore, fx.renderNames(), "no render written");
        Map<String, FileTime> cacheAfter = fx.cacheFiles();
        assertEquals(cacheBefore.size() + 2, cacheAfter.size(), "registration and inversion (DIFT is the prompt's "
                + "neighbour's): " + cacheAfter);

        String target = fx.targets.get(1);
        fx.run(fx.swapJob(prompt, target, ", \"name\": \"after-prepare\""), new NullProgressMonitor());
        assertEquals(Map.of("dift", REUSED, "registration", REUSED, "inversion", REUSED),
                outcomes(fx.record(fx.stem(target) + "-after-prepare").report()));
        assertEquals(cacheAfter, fx.cacheFiles(), "the swap rewrote no cache file");
    }

    @Test
    void subCellPointsRegisterAgainAndChangeTheRenderButReuseEmbeddingsAndInversion() throws Exception {
        String target = fx.targets.get(0);
        fx.swap(target, ", \"name\": \"nearest\"");
        Map<String, FileTime> before = fx.cacheFiles();
        fx.swap(target, ", \"subCellPoints\": true, \"name\": \"subcell\""); // no other test uses subCellPoints
        JsonObject rec = json(fx.renders().resolve(fx.stem(target) + "-subcell.json"));
        assertTrue(rec.getAsJsonObject("settings").get("subCellPoints").getAsBoolean(), rec.toString());
        assertEquals(Map.of("dift", REUSED, "registration", COMPUTED, "inversion", REUSED),
                outcomes(fx.record(fx.stem(target) + "-subcell").report()));
        Map<String, FileTime> after = fx.cacheFiles();
        assertEquals(before.size() + 1, after.size(), "one more registration beside the nearest-cell one: " + after);
        before.forEach((name, time) -> assertEquals(time, after.get(name), name + " untouched"));
        // the points sit between cells on most frames, so the features and the render differ
        List<RgbFrame> nearest = decode(fx.renders().resolve(fx.stem(target) + "-nearest.mkv"));
        List<RgbFrame> subCell = decode(fx.renders().resolve(fx.stem(target) + "-subcell.mkv"));
        long differing = IntStream.range(0, nearest.size())
                .filter(i -> !Arrays.equals(nearest.get(i).rgb(), subCell.get(i).rgb())).count();
        assertTrue(differing > nearest.size() / 2, differing + " of " + nearest.size() + " frames differ");
    }
}
