package io.vswap.eval.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.vswap.eval.study.api.AnswerSheet;
import io.vswap.eval.study.api.AnswerSheets;
import io.vswap.eval.study.api.Choice;
import io.vswap.eval.study.api.Criterion;
import io.vswap.eval.study.api.RaterSession;
import io.vswap.eval.study.api.RaterSession.ShownPair;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyPair;
import io.vswap.eval.study.api.StudyPair.Render;
import io.vswap.eval.study.api.StudyReports;
import io.vswap.eval.study.api.StudyResults;
import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.study.RaterView;
import io.vswap.eval.ui.internal.study.StudyFolderChoice;
import io.vswap.eval.ui.internal.study.StudyResultsView;
import io.vswap.testing.TestServices;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.TestVideos;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;

/**
 * The blind preference study in the workbench (issue 31): a rater answers a study of real H.264
 * videos in the Rate a Study view (blind: nothing shown names a variant; each click saved; resumed
 * after closing; a failed save said and nothing lost), then the Study Results view reads the answers,
 * imports a second rater's file sent back and refuses a damaged one by name, and exports the results.
 * The two variants are videos of two colours, so the test knows from the pixels which side is which.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudyViewsTest {

    private static final int W = 64;
    private static final int H = 48;
    private static final int FRAMES = 6;

    private static LoggedErrors loggedErrors;
    private static Path dir;
    private static StudyFolder folder;
    private static IWorkbenchWindow window;

    @BeforeAll
    static void studyOfTwoColouredVariants() throws Exception {
        dir = Files.createTempDirectory("study-views-test");
        VideoCodecRegistry codecs = TestServices.await(VideoCodecRegistry.class);
        Path videos = Files.createDirectories(dir.resolve("videos"));
        List<StudyPair> pairs = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            int shade = 40 * i;
            Path red = TestVideos.writeH264(codecs, videos.resolve("clip" + i + "-ours.mp4"), W, H, 8, FRAMES,
                    n -> solid(n, 230, shade, shade));
            Path blue = TestVideos.writeH264(codecs, videos.resolve("clip" + i + "-theirs.mp4"), W, H, 8, FRAMES,
                    n -> solid(n, shade, shade, 230));
            Path source = TestVideos.writeH264(codecs, videos.resolve("clip" + i + ".mp4"), W, H, 8, FRAMES,
                    n -> solid(n, 128, 128, 128));
            Render a = new Render("ours", red);
            Render b = new Render("theirs", blue);
            // the second pair lists ours second, so that "a" is not always ours
            pairs.add(new StudyPair("p" + i, "clip " + i, i == 1 ? a : b, i == 1 ? b : a, Optional.of(source)));
        }
        Study study = Study.create("Which swap is better?", 7, "ours", Criterion.PAPER, pairs, List.of("ann"));
        folder = StudyFolder.create(dir.resolve("study"), study);
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
        window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
    }

    private static RgbFrame solid(int index, int r, int g, int b) {
        byte[] rgb = new byte[W * H * 3];
        for (int p = 0; p < W * H; p++) {
            rgb[3 * p] = (byte) r;
            rgb[3 * p + 1] = (byte) g;
            rgb[3 * p + 2] = (byte) b;
        }
        return new RgbFrame(index, W, H, rgb);
    }

    @AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("StudyViewsTest");
    }

    @Test
    @Order(1)
    void aRaterAnswersBlindEveryClickSavedAndGoesOnLater() throws Exception {
        List<String> menu = Ui.call(() -> Arrays.stream(Ui.menuItems(window.getShell(), "Evaluation"))
                .map(i -> i.getText().replace("&", "")).toList());
        assertTrue(menu.containsAll(List.of("Rate a Study…", "Study Results…")), menu.toString());

        RaterView view = openRater("ann");
        assertEquals("Which swap is better?", Ui.call(() -> titleOf(view)));
        ShownPair first = Ui.call(view::pairShown);
        assertEquals(1, first.position());
        assertTrue(Ui.call(view::whereText).contains("pair 1 of 2"), Ui.call(view::whereText));
        waitForVideos(view);
        assertSidesMatchTheirVideos(view);
        assertBlind(view);
        assertFalse(Ui.call(() -> view.nextButton().isEnabled()), "Next waits for every answer");

        // each click is saved at once; Next opens when every question has an answer
        Path answers = folder.answersFile("ann");
        answerOurs(view, "identity");
        assertEquals(1, AnswerSheets.read(answers, folder.study()).answer(first.pairId()).orElseThrow().choices().size());
        for (String c : List.of("motion", "temporal", "overall")) {
            answerOurs(view, c);
        }
        assertTrue(Ui.call(() -> view.nextButton().isEnabled()));
        click(view.nextButton());
        assertEquals(2, Ui.call(view::pairShown).position());
        String second = Ui.call(view::pairShown).pairId();
        waitForVideos(view);
        assertSidesMatchTheirVideos(view);
        answerOurs(view, "identity");
        answerOurs(view, "motion");

        // closed half way through the pair: opened again under the same name, it goes on there
        Ui.run(() -> window.getActivePage().hideView(view));
        RaterView again = openRater("ann");
        assertEquals(2, Ui.call(again::pairShown).position());
        assertTrue(Ui.call(() -> again.messageArea().text()).startsWith("Welcome back, ann"),
                Ui.call(() -> again.messageArea().text()));
        assertTrue(Ui.call(() -> again.answerButton("identity", sideOf(again, "ours")).getSelection()),
                "the answers given are shown");
        assertFalse(Ui.call(() -> again.answerButton("temporal", Choice.LEFT).getSelection()
                || again.answerButton("temporal", Choice.RIGHT).getSelection()));
        Ui.run(() -> select(again.answerButton("temporal", Choice.CANT_TELL)));
        answerOurs(again, "overall");
        assertEquals("Finish ▶", Ui.call(() -> again.nextButton().getText()));
        click(again.nextButton());
        Ui.waitUntil("the thanks", 5_000, () -> again.messageArea().text().startsWith("All 2 pairs answered"));
        RaterSession saved = RaterSession.open(folder, "ann");
        assertTrue(saved.progress().done());
        assertEquals(Choice.CANT_TELL, saved.sheet().answer(second).orElseThrow().choices().get("temporal"));

        // Previous goes back with the answers shown; a changed answer is saved
        click(again.previousButton());
        assertEquals(1, Ui.call(again::pairShown).position());
        waitForVideos(again);
        Choice ours = sideOf(again, "ours");
        assertTrue(Ui.call(() -> again.answerButton("overall", ours).getSelection()));

        Ui.lookMaximized(again, Ui.call(again::control), "rate-study-view");
        Ui.run(() -> window.getActivePage().hideView(again));
    }

    @Test
    @Order(2)
    void aSaveThatFailsIsSaidAndTheEarlierAnswersStay() throws Exception {
        // bob's answers file cannot be written (a folder comes to stand where it goes)
        RaterView view = openRater("bob");
        Files.createDirectories(folder.answersFile("bob"));
        Ui.run(() -> select(view.answerButton("identity", Choice.LEFT)));
        Ui.waitUntil("the failure said", 5_000, () -> view.messageArea().text().startsWith("Your answer could not be "
                + "saved"));
        assertFalse(Ui.call(() -> view.answerButton("identity", Choice.LEFT).getSelection()),
                "the answer not saved is not shown as given");
        assertTrue(Files.isDirectory(folder.answersFile("bob")));
        Ui.run(() -> window.getActivePage().hideView(view));
        Files.delete(folder.answersFile("bob"));

        // a damaged answers file is refused by name and left as it is
        Files.writeString(folder.answersFile("cy"), "{ not json");
        StudyFileException e = assertThrows(StudyFileException.class, () -> RaterSession.open(folder, "cy"));
        assertTrue(e.getMessage().contains("cy.json"), e.getMessage());
        assertEquals("{ not json", Files.readString(folder.answersFile("cy")));
        Files.delete(folder.answersFile("cy"));

        StudyFileException none = assertThrows(StudyFileException.class, () -> StudyFolderChoice.open(dir));
        assertTrue(none.getMessage().contains("holds no study"), none.getMessage());
    }

    @Test
    @Order(3)
    void resultsCountTheAnswersImportWhatIsSentBackAndExport() throws Exception {
        StudyResultsView view = (StudyResultsView) Ui.call(() -> window.getActivePage()
                .showView(EvalUiIds.STUDY_RESULTS_VIEW));
        Ui.run(() -> view.open(folder));
        assertEquals(List.of("ann"), Ui.call(view::results).raters());

        // bob rated in the web page and sent his file back; dee's arrived damaged
        Study study = folder.study();
        List<AnswerSheet.PairAnswer> bobs = new ArrayList<>();
        for (StudyPair p : study.pairs()) {
            var shown = study.presentationFor("bob").find(p.id());
            boolean aOnLeft = shown.aOnLeft();
            Choice theirs = p.a().variant().equals("theirs") == aOnLeft ? Choice.LEFT : Choice.RIGHT;
            bobs.add(new AnswerSheet.PairAnswer(p.id(), shown.position(), aOnLeft, Map.of("identity", theirs, "motion", theirs,
                    "temporal", theirs, "overall", theirs), ""));
        }
        Path sent = dir.resolve("bob-answers.json");
        AnswerSheets.write(sent, new AnswerSheet(study.id(), "bob", bobs));
        Path damaged = Files.writeString(dir.resolve("dee-answers.json"), "{\"format\": \"vswap-study-answers\"");
        Ui.run(() -> view.importAnswers(List.of(sent, damaged)));
        String message = Ui.call(() -> view.messageArea().text());
        assertTrue(message.startsWith("Imported 1 answers file (bob.json)"), message);
        assertTrue(message.contains("dee-answers.json"), "the damaged file named: " + message);

        StudyResults r = Ui.call(view::results);
        assertEquals(List.of("ann", "bob"), r.raters());
        assertEquals(1, r.rows().size());
        assertEquals("ours", r.rows().get(0).variant());
        // identity: ann preferred ours twice, bob theirs twice
        StudyResults.Cell identity = r.rows().get(0).cells().get(0);
        assertEquals(2, identity.forVariant());
        assertEquals(2, identity.forAgainst());
        StudyResults.Cell temporal = r.rows().get(0).cells().get(2);
        assertEquals(1, temporal.cantTell());
        List<String> row = Ui.call(() -> Arrays.stream(view.table().getItems()).map(i -> i.getText(1)).toList());
        assertEquals(StudyReports.cellText(identity), row.get(0));
        assertTrue(row.get(1).contains("agreement"), row.toString());
        assertEquals(50.0, Ui.call(() -> view.chartValue("ours vs. theirs", "Subject identity")).doubleValue(), 1e-9);
        assertEquals(100 / 3.0, Ui.call(() -> view.chartValue("ours vs. theirs", "Temporal quality")).doubleValue(),
                1e-9);

        Ui.lookMaximized(view, Ui.call(view::control), "study-results-view");

        Path out = dir.resolve("results");
        Files.createDirectories(out);
        Ui.run(() -> view.exportResults(out));
        for (String f : StudyReports.FILES) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertTrue(Files.readString(out.resolve("results.csv")).contains("ours,theirs,identity,2,2,0"));
    }

    // ---- helpers ----

    private static RaterView openRater(String rater) {
        return Ui.call(() -> {
            RaterView v = (RaterView) window.getActivePage().showView(EvalUiIds.RATER_VIEW);
            v.open(folder, rater);
            return v;
        });
    }

    private static String titleOf(RaterView view) {
        return Ui.find(view.control(), Label.class, l -> l.getText().equals("Which swap is better?")).getText();
    }

    private static void waitForVideos(RaterView view) {
        Ui.waitUntil("the pair's videos", 20_000, () -> view.framesShown() != null);
        assertEquals(FRAMES, Ui.call(() -> view.framesShown().left().size()));
        assertNotNull(Ui.call(() -> view.framesShown().source().orElseThrow()));
    }

    /** The side the rater sees variant {@code variant} on, from the study's own record of the blinding. */
    private static Choice sideOf(RaterView view, String variant) {
        ShownPair shown = Ui.call(view::pairShown);
        StudyPair p = folder.study().pair(shown.pairId()).orElseThrow();
        Path video = p.a().variant().equals(variant) ? p.a().video() : p.b().video();
        return shown.left().equals(video) ? Choice.LEFT : Choice.RIGHT;
    }

    /** The frames on each side are the videos' (red: ours, blue: theirs), as the blinding put them. */
    private static void assertSidesMatchTheirVideos(RaterView view) {
        Choice ours = sideOf(view, "ours");
        ImageData left = Ui.call(() -> view.framesShown().left().get(FRAMES / 2));
        ImageData right = Ui.call(() -> view.framesShown().right().get(FRAMES / 2));
        int[] l = RgbImages.rgb(left, W / 2, H / 2);
        int[] r = RgbImages.rgb(right, W / 2, H / 2);
        boolean leftRed = l[0] > 180 && l[2] < 120;
        boolean rightRed = r[0] > 180 && r[2] < 120;
        assertTrue(leftRed != rightRed, Arrays.toString(l) + " " + Arrays.toString(r));
        assertEquals(ours == Choice.LEFT, leftRed);
    }

    /** Nothing the rater reads names a variant or a video file. */
    private static void assertBlind(RaterView view) {
        List<String> texts = Ui.call(() -> Ui.findAll(view.control(), Label.class, l -> true).stream().map(Label::getText).toList());
        for (String t : texts) {
            assertFalse(t.contains("ours") || t.contains("theirs") || t.contains(".mp4"), t);
        }
    }

    private static void answerOurs(RaterView view, String criterion) {
        Choice side = sideOf(view, "ours");
        Ui.run(() -> select(view.answerButton(criterion, side)));
    }

    /** A click on a radio button, as SWT delivers it: selected, then told. */
    private static void select(Button radio) {
        radio.setSelection(true);
        Ui.fire(radio, SWT.Selection);
    }

    private static void click(Button b) {
        Ui.run(() -> Ui.fire(b, SWT.Selection));
    }
}
