package io.vswap.eval.study.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.SpecException;
import io.vswap.eval.study.api.Choice;
import io.vswap.eval.study.api.RaterSession;
import io.vswap.eval.study.api.Studies;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyReports;
import io.vswap.eval.study.api.StudyWebPage;
import io.vswap.points.api.PointEdit;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.testing.MapJobSpec;
import io.vswap.testing.TestServices;

/** make-study and study-results as the batch runner finds and runs them (DS services). */
class StudyJobsTest {

    static Map<String, BatchJobType> jobTypes() {
        return TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "make-study", "study-results");
    }

    /** A pairs file in {@code dir} for two clips, each by videoswap and an ablation. */
    static Path pairsFile(Path dir) throws Exception {
        for (String v : List.of("a1", "a2", "b1", "b2")) {
            Files.writeString(dir.resolve(v + ".mp4"), "video " + v);
        }
        return Files.writeString(dir.resolve("pairs.json"), """
                {"pairs": [
                  {"clip": "plane", "a": {"variant": "videoswap", "video": "a1.mp4"},
                                    "b": {"variant": "no-patch-loss", "video": "a2.mp4"}},
                  {"clip": "swan", "a": {"variant": "no-patch-loss", "video": "b1.mp4"},
                                   "b": {"variant": "videoswap", "video": "b2.mp4"}}
                ]}
                """);
    }

    @Test
    void makeStudyWritesTheStudyAndABlindWebPageAndStudyResultsCountsTheAnswers(@TempDir Path dir) throws Exception {
        Map<String, BatchJobType> types = jobTypes();
        pairsFile(dir);
        BatchJob make = types.get("make-study").parse(new MapJobSpec(dir, Map.of("output", "study", "pairs",
                "pairs.json", "seed", 7, "raters", List.of("ann"), "title", "Patch loss or not?")));
        assertTrue(make.completed().isEmpty());
        String line = make.run(new NullProgressMonitor());
        assertTrue(line.contains("2 pairs, 4 questions"), line);
        Path folder = dir.resolve("study");
        Study study = Studies.read(folder.resolve(Studies.FILE));
        assertEquals(7, study.seed());
        assertEquals(List.of("ann"), study.raters().stream().map(r -> r.rater()).toList());
        assertTrue(make.completed().isPresent(), "a rerun with the same inputs skips it");

        Path page = folder.resolve("web").resolve(StudyWebPage.INDEX);
        String html = Files.readString(page);
        // "/a1.mp4": a hashed name may end in "a1" itself
        for (String secret : List.of("videoswap", "no-patch-loss", "/a1.mp4")) {
            int at = html.indexOf(secret);
            assertEquals(-1, at, "the page names no variant and no source file, but has \"" + secret + "\" in: "
                    + html.substring(Math.max(0, at - 80), Math.min(html.length(), at + 80)));
        }
        assertTrue(html.contains(study.id()) && !html.contains("/*STUDY-DATA*/"));
        try (Stream<Path> videos = Files.list(folder.resolve("web").resolve("videos"))) {
            assertEquals(4, videos.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}\\.mp4")).count(),
                    "every video copied beside the page, under a name that says nothing");
        }

        StudyFolder opened = StudyFolder.open(folder);
        for (String rater : List.of("ann", "bob")) {
            RaterSession s = RaterSession.open(opened, rater);
            while (s.next().isPresent()) {
                RaterSession.ShownPair p = s.next().get();
                boolean oursLeft = study.pair(p.pairId()).orElseThrow().left(study.presentationFor(rater)
                        .find(p.pairId()).aOnLeft()).variant().equals("videoswap");
                Choice ours = oursLeft ? Choice.LEFT : Choice.RIGHT;
                s.answer(p.pairId(), Map.of("identity", ours, "motion", ours, "temporal", Choice.CANT_TELL,
                        "overall", ours));
            }
        }
        Files.writeString(opened.answersFile("cho"), "{\"format\": \"vswap-study-answers\", \"version\": 1, ");
        BatchJob results = types.get("study-results").parse(new MapJobSpec(dir, Map.of("study", "study")));
        String summary = results.run(new NullProgressMonitor());
        assertTrue(summary.startsWith("2 raters' answers") && summary.contains("cho.json is damaged")
                && summary.contains("other raters' answers are counted"), summary);
        for (String f : StudyReports.FILES) {
            assertTrue(Files.exists(folder.resolve("results").resolve(f)), f);
        }
        String md = Files.readString(folder.resolve("results").resolve("results.md"));
        assertTrue(md.contains("| videoswap vs. no-patch-loss | 100.0 % [51.0, 100.0], p = 0.125 (n = 4, 0 can't tell)"),
                md);
        assertTrue(md.contains("no preference given (4 can't tell)"), md);
        assertTrue(md.contains("Left out: " + opened.answersFile("cho")), md);

        BatchJob changed = types.get("make-study").parse(new MapJobSpec(dir, Map.of("output", "study", "pairs",
                "pairs.json", "seed", 8)));
        Exception e = assertThrows(java.io.IOException.class, () -> changed.run(new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("already holds another study, with 3 answers files"), e.getMessage());
        assertEquals(study, Studies.read(folder.resolve(Studies.FILE)), "the study the answers are to, kept");
    }

    @Test
    void makeStudyPairsSwapRendersOfTheSameClipByDifferentVariants(@TempDir Path dir) throws Exception {
        Path renders = Files.createDirectories(dir.resolve("renders"));
        render(renders, "main-videoswap", "Main Clip", "videoswap");
        render(renders, "main-tav", "Main Clip", "tune-a-video");
        render(renders, "main-videoswap-again", "Main Clip", "videoswap"); // the same variant: no pair between them
        render(renders, "side-tav", "Side Clip", "tune-a-video"); // alone on its clip
        jobTypes().get("make-study").parse(new MapJobSpec(dir, Map.of("output", "study", "renders", "renders",
                "web", false, "reference", "videoswap"))).run(new NullProgressMonitor());
        Study study = Studies.read(dir.resolve("study").resolve(Studies.FILE));
        // records in name order: main-tav, main-videoswap-again, main-videoswap, side-tav
        assertEquals(List.of("Plane / Main Clip: tune-a-video (main-tav.mp4) vs videoswap (main-videoswap-again.mp4)",
                "Plane / Main Clip: tune-a-video (main-tav.mp4) vs videoswap (main-videoswap.mp4)"),
                study.pairs().stream().map(p -> p.clip() + ": " + p.a().variant() + " (" + p.a().video().getFileName()
                        + ") vs " + p.b().variant() + " (" + p.b().video().getFileName() + ")").toList(),
                "the MP4 of each render (a browser plays it)");
        assertEquals("videoswap", study.referenceVariant());
        assertFalse(Files.exists(dir.resolve("study").resolve("web")), "web=false: no page");
    }

    /** A render record as the swap job writes it, of {@code clip} by the job named {@code variant}. */
    private static void render(Path folder, String stem, String clip, String variant) throws Exception {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(VideoSwapSettings.DEFAULTS.toValues());
        SwapSpec job = new SwapSpec(Path.of("/studio/project"), "plane", Optional.of(clip), Optional.empty(),
                "a plane in the sky", "plane", "helicopter", List.of(), Map.of(), 0,
                Optional.of(Path.of("/models/sd15")), "videoswap", Optional.of(variant), false, settings);
        SwapRender r = new SwapRender(job, "VideoSwap", List.of(), new PointEdit("swap-helicopter", Set.of(),
                List.of()), "model-key", new SwapRender.ClipInfo("plane", "Plane", clip, 16, 64, 48),
                new EditReport.Builder().settings(settings).build(), List.of(stem + ".mkv", stem + ".mp4"));
        Files.writeString(folder.resolve(stem + ".json"), SwapRenders.toJson(r));
    }

    @Test
    void specMistakesAreNamed(@TempDir Path dir) throws Exception {
        Map<String, BatchJobType> types = jobTypes();
        SpecException none = assertThrows(SpecException.class, () -> types.get("make-study").parse(
                new MapJobSpec(dir, Map.of("output", "study"))));
        assertTrue(none.getMessage().contains("pairs"), none.getMessage());
        SpecException question = assertThrows(SpecException.class, () -> types.get("make-study").parse(
                new MapJobSpec(dir, Map.of("output", "study", "pairs", "p.json", "criteria", List.of("beauty")))));
        assertTrue(question.getMessage().contains("\"beauty\" is not a question"), question.getMessage());
        assertThrows(SpecException.class, () -> types.get("study-results").parse(
                new MapJobSpec(dir, Map.of("study", "s", "answer", "x"))), "a misspelt field");
    }
}
