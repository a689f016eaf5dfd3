package io.vswap.eval.study.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.eval.study.api.AnswerSheet;
import io.vswap.eval.study.api.AnswerSheets;
import io.vswap.eval.study.api.Studies;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyResults;
import io.vswap.eval.study.api.StudyResults.Cell;
import io.vswap.eval.study.api.StudyWebPage;
import io.vswap.testing.Ffmpeg;

/**
 * The study's web page as a rater elsewhere uses it, in a real headless Chromium opened on the file
 * (no server): a name typed, answers clicked, the page reloaded mid-way (answers kept in the
 * browser), the two videos played and scrubbed together, the answers exported as a download and
 * imported by the studio, and the results checked against what was clicked.
 */
class BrowserRaterTest {

    /** A name beyond ASCII: the page's blinding must hash it as the studio does (UTF-16 code units). */
    private static final String RATER = "Dana Ødegård";

    @Test
    void aRaterAnswersTheStudyInABrowserAndTheStudioImportsTheAnswers(@TempDir Path dir) throws Exception {
        Path chromium = DevTools.chromium();
        if (chromium == null) {
            Assumptions.abort("Chromium is not installed (Debian: apt-get install chromium; "
                + "releng/scripts/setup.sh installs it): the study's web page is not tested in a browser");
        }
        Path videos = Files.createDirectories(dir.resolve("renders"));
        String[] colours = { "red", "blue", "green", "yellow" };
        for (int i = 0; i < 4; i++) {
            Ffmpeg.write(videos.resolve("v" + i + ".webm"), "-f", "lavfi", "-i", "color=c=" + colours[i]
                    + ":size=64x48:rate=8:duration=2", "-c:v", "libvpx", "-b:v", "50k");
        }
        Files.writeString(dir.resolve("pairs.json"), """
                {"pairs": [
                  {"clip": "plane", "a": {"variant": "videoswap", "video": "renders/v0.webm"},
                                    "b": {"variant": "tune-a-video", "video": "renders/v1.webm"}},
                  {"clip": "swan", "a": {"variant": "tune-a-video", "video": "renders/v2.webm"},
                                   "b": {"variant": "videoswap", "video": "renders/v3.webm"}}
                ]}
                """);
        StudyJobsTest.jobTypes().get("make-study").parse(new io.vswap.testing.MapJobSpec(dir, Map.of("output",
                "study", "pairs", "pairs.json", "seed", 3))).run(new NullProgressMonitor());
        StudyFolder folder = StudyFolder.open(dir.resolve("study"));
        Study study = folder.study();
        Path page = dir.resolve("study").resolve("web").resolve(StudyWebPage.INDEX);
        Path downloads = Files.createDirectories(dir.resolve("downloads"));

        try (DevTools browser = DevTools.start(chromium, dir.resolve("profile"))) {
            browser.send(null, "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                    downloads.toString()));
            String tab = browser.open(page.toUri().toString());
            browser.waitFor(tab, "document.readyState === 'complete'");
            browser.type(tab, "#rater", RATER);
            browser.click(tab, "#start");
            browser.waitFor(tab, "!document.getElementById('pair-screen').classList.contains('hidden')");

            // the two videos play and seek together
            browser.waitFor(tab, "document.getElementById('left').readyState >= 1 && "
                    + "document.getElementById('right').readyState >= 1");
            browser.click(tab, "#play");
            browser.waitFor(tab, "!document.getElementById('left').paused && !document.getElementById('right').paused");
            browser.click(tab, "#play");
            browser.waitFor(tab, "document.getElementById('left').paused && document.getElementById('right').paused");
            browser.evaluate(tab, "(() => { const s = document.getElementById('scrub'); s.value = 500; "
                    + "s.dispatchEvent(new Event('input')); })()");
            browser.waitFor(tab, "Math.abs(document.getElementById('left').currentTime - 1) < 0.05 && "
                    + "Math.abs(document.getElementById('right').currentTime - 1) < 0.05");

            // the first pair half answered, then the page reloaded: the answers are still there
            answer(browser, tab, study, dir, "identity", true);
            browser.send(tab, "Page.reload", Map.of());
            browser.waitFor(tab, "document.readyState === 'complete' && document.getElementById('rater').value === "
                    + new com.google.gson.Gson().toJson(RATER));
            browser.click(tab, "#start");
            browser.waitFor(tab, "document.querySelector(\"button[data-criterion='identity'][aria-pressed='true']\")");
            for (int pair = 0; pair < 2; pair++) {
                if (pair > 0) {
                    browser.waitFor(tab, "document.getElementById('left').readyState >= 1");
                    answer(browser, tab, study, dir, "identity", true);
                }
                answer(browser, tab, study, dir, "motion", true);
                answer(browser, tab, study, dir, "temporal", null);
                answer(browser, tab, study, dir, "overall", pair == 0);
                browser.click(tab, "#next");
            }
            browser.waitFor(tab, "!document.getElementById('done-screen').classList.contains('hidden')");
            browser.click(tab, "#export");
            Path exported = waitForDownload(downloads);

            AnswerSheet sheet = AnswerSheets.read(exported, study); // the page's blinding is the studio's
            assertEquals(RATER, sheet.rater());
            assertEquals(2, sheet.answers().size());
            Path imported = folder.importAnswers(exported);
            assertEquals(folder.answersFile(RATER), imported);
        }
        StudyResults results = StudyResults.of(study, folder.answers());
        assertEquals(List.of(RATER), results.raters());
        assertEquals(List.of(2, 0, 0), counts(results, "identity"), "videoswap preferred on both pairs");
        assertEquals(List.of(0, 0, 2), counts(results, "temporal"), "can't tell, twice");
        assertEquals(List.of(1, 1, 0), counts(results, "overall"), "one each");
        assertEquals(Studies.read(dir.resolve("study").resolve(Studies.FILE)).id(), study.id());
    }

    /**
     * Clicks the answer to {@code criterion} that prefers videoswap ({@code true}), the other variant
     * ({@code false}) or neither (null), finding which side shows videoswap from the video the page plays.
     */
    private static void answer(DevTools browser, String tab, Study study, Path dir, String criterion, Boolean ours)
            throws Exception {
        String choice = "cant-tell";
        if (ours != null) {
            String leftSrc = browser.evaluate(tab, "document.getElementById('left').getAttribute('src')")
                    .getAsString();
            Path shown = dir.resolve("study").resolve("web").resolve(leftSrc);
            boolean oursLeft = study.pairs().stream().anyMatch(p -> same(shown, p.a().video())
                    && p.a().variant().equals("videoswap") || same(shown, p.b().video())
                    && p.b().variant().equals("videoswap"));
            choice = oursLeft == ours ? "left" : "right";
        }
        browser.click(tab, "button[data-criterion='" + criterion + "'][data-choice='" + choice + "']");
        browser.waitFor(tab, "document.querySelector(\"button[data-criterion='" + criterion + "'][data-choice='"
                + choice + "']\").getAttribute('aria-pressed') === 'true'");
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path waitForDownload(Path downloads) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            try (Stream<Path> s = Files.list(downloads)) {
                List<Path> done = s.filter(p -> p.getFileName().toString().matches("answers-.*\\.json")).toList();
                if (!done.isEmpty()) {
                    return done.get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page's Export answers saved no file in " + downloads);
    }

    private static List<Integer> counts(StudyResults r, String criterion) {
        Cell c = r.rows().get(0).cells().stream().filter(x -> x.criterion().equals(criterion)).findFirst()
                .orElseThrow();
        return List.of(c.forVariant(), c.forAgainst(), c.cantTell());
    }
}
