package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.batch.api.JobSpecs;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.swap.api.EditReport.CacheOutcome;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SubjectWords;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.api.VideoSwapSettings;

/**
 * The render record's one mapping: what is written reads back equal, a version-1 record (as the
 * workbench wrote it before the typed report) still reads with its times and cache use, and a
 * newer or damaged one is refused in words.
 */
class SwapRendersTest {

    @TempDir
    Path dir;

    static SwapRender render() {
        Map<String, Object> settings = new LinkedHashMap<>(VideoSwapSettings.DEFAULTS.toValues());
        SwapSpec job = new SwapSpec(Path.of("/studio/project"), "plane", Optional.of("Main Clip"), Optional.of("main"),
                "a red star on grass", "star", "<cat1>", List.of("tip1"),
                Map.of("tip2", new SwapSpec.Position(46.5, 28.25)), 3, Optional.of(Path.of("/models/sd15")), "videoswap",
                Optional.of("take-2"), false, settings);
        EditReport report = new EditReport.Builder().settings(settings).stage("dift", 1.5).stage("registration", 4.25)
                .stage("inversion", 6).stage("edit", 12.5).loss("registration", 0.0125)
                .replays("registration", 2, List.of("iteration 0: [1.0, 1.0]", "iteration 3: [2.0, 2.0]"))
                .cache("dift", CacheOutcome.REUSED, "dift-1.safetensors", null)
                .cache("inversion", CacheOutcome.NOT_CACHED, "inversion-1.safetensors", "the disk is full")
                .warning("no point counts as visible").figure("placement.energy.first", 0.5)
                .figure("placement.miss", Double.NaN).note("points.visible", "tip1 6/16").build();
        return new SwapRender(job, "VideoSwap", List.of("guidanceScale"),
                new PointEdit("swap-<cat1>", Set.of("tip1"), List.of(new PointDrag("tip2", 3, 5.5, -0.25))),
                "files-abc", new SwapRender.ClipInfo("plane", "Plane", "Main Clip", 16, 64, 48), report,
                List.of("a.mkv", "a.mp4", "a-sheet.png"));
    }

    @Test
    void whatIsWrittenReadsBackEqual() throws Exception {
        SwapRender r = render();
        Path f = dir.resolve("r.json");
        Files.writeString(f, SwapRenders.toJson(r), StandardCharsets.UTF_8);
        SwapRender back = SwapRenders.read(f);
        assertEquals(r.job().toJob(), back.job().toJob());
        assertEquals(r.edit(), back.edit());
        assertEquals(r.clip(), back.clip());
        assertEquals(r.modelSettings(), back.modelSettings());
        assertEquals(r.files(), back.files());
        assertEquals("files-abc", back.modelKey());
        EditReport a = r.report(), b = back.report();
        assertEquals(a.stages(), b.stages());
        assertEquals(a.losses(), b.losses());
        assertEquals(a.replays(), b.replays());
        assertEquals(a.cache(), b.cache());
        assertEquals(a.warnings(), b.warnings());
        assertEquals(a.notes(), b.notes());
        assertEquals(a.figures().keySet(), b.figures().keySet());
        assertTrue(Double.isNaN(b.figure("placement.miss").getAsDouble()), "NaN survives as NaN: " + b.figures());
        assertEquals(12.5, b.elapsedSeconds());
        assertEquals("a red <cat1> on grass", back.job().targetPrompt());
        // the settings compare as numbers: the record does not know which are whole
        a.settings().forEach((k, v) -> assertEquals(v instanceof Number n ? n.doubleValue() : v,
                b.settings().get(k) instanceof Number n ? n.doubleValue() : b.settings().get(k), k));
        // the record's job is a job the batch runner reads, settings and all
        SwapSpec reparsed = SwapSpec.parse(JobSpecs.fromJson(back.job().toJob().toString(), dir),
                VideoSwapSettings.descriptors());
        assertEquals(VideoSwapSettings.DEFAULTS, VideoSwapSettings.fromValues(reparsed.settings()));
    }

    @Test
    void aVersionOneRecordReadsWithItsTimesCacheUseAndLoss() throws Exception {
        Path f = dir.resolve("v1.json");
        try (InputStream in = SwapRendersTest.class.getResourceAsStream("render-record-v1.json")) {
            Files.write(f, in.readAllBytes());
        }
        SwapRender r = SwapRenders.read(f);
        assertEquals("e20261206-095331", r.job().name().orElseThrow());
        assertEquals(Path.of("/studio/models/sample"), r.job().model().orElseThrow());
        assertEquals(3.0, r.job().settings().get("steps"));
        assertEquals(List.of("tip1"), r.job().remove());
        assertEquals(new SwapSpec.Position(46.1871921182266, 28.059113300492612), r.job().drags().get("tip2"));
        assertEquals(List.of(), r.modelSettings());
        EditReport rep = r.report();
        // version 1 wrote its keys alphabetically: the stages come back in the order they ended
        assertEquals(List.of("dift", "registration", "inversion", "pass1", "pass2", "edit"),
                rep.stages().stream().map(EditReport.Stage::name).toList());
        assertEquals(14.33, rep.elapsedSeconds());
        assertEquals(0.0071897814, rep.loss("registration").orElseThrow(), 1e-12);
        assertEquals(Map.of("dift", CacheOutcome.REUSED, "registration", CacheOutcome.REUSED, "inversion",
                CacheOutcome.REUSED), Map.of("dift", rep.cacheUse("dift").orElseThrow().outcome(), "registration",
                        rep.cacheUse("registration").orElseThrow().outcome(), "inversion",
                        rep.cacheUse("inversion").orElseThrow().outcome()));
        assertEquals("dift-4df6730dbb2443c639a1b66c18b81148.safetensors", rep.cacheUse("dift").orElseThrow().file());
        assertTrue(rep.note("points.visible").orElseThrow().startsWith("tip1 6/16"), rep.notes().toString());
        assertEquals("a red disc on a grey striped background", r.job().targetPrompt());
    }

    @Test
    void aNewerOrDamagedRecordIsRefusedInWords() throws Exception {
        Path f = dir.resolve("r.json");
        Files.writeString(f, SwapRenders.toJson(render()).replace("\"version\": 2", "\"version\": 3"));
        IOException newer = assertThrows(IOException.class, () -> SwapRenders.read(f));
        assertTrue(newer.getMessage().contains("version 3") && newer.getMessage().contains("newer"), newer.getMessage());
        Files.writeString(f, SwapRenders.toJson(render()).replace("\"clip\": {", "\"clop\": {"));
        IOException damaged = assertThrows(IOException.class, () -> SwapRenders.read(f));
        assertTrue(damaged.getMessage().contains("damaged render record"), damaged.getMessage());
        Files.writeString(f, "{\"format\": \"vswap-points\", \"version\": 1}");
        IOException other = assertThrows(IOException.class, () -> SwapRenders.read(f));
        assertTrue(other.getMessage().contains("not a swap render's record"), other.getMessage());
    }

    @Test
    void theSubjectWordIsAWholeWordInEveryScript() {
        assertTrue(SubjectWords.contains("a Cat on a mat", "cat"));
        assertTrue(!SubjectWords.contains("a catalogue", "cat"));
        assertTrue(!SubjectWords.contains("ein Kätzchen", "Kät"));
        assertEquals("a dog and a dog's toy", SubjectWords.replace("a cat and a cat's toy", "cat", "dog"));
        assertEquals("a $1 coin", SubjectWords.replace("a cat coin", "cat", "$1"), "the target is literal");
    }
}
