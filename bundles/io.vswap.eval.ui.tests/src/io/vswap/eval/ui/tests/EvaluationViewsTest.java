package io.vswap.eval.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.eval.api.Evaluator;
import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.MetricValues;
import io.vswap.eval.ui.internal.RenderChoice;
import io.vswap.eval.ui.internal.ReportExport;
import io.vswap.eval.ui.internal.compare.CompareEditor;
import io.vswap.eval.ui.internal.view.EvaluationView;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.testing.SampleProject;
import io.vswap.ui.api.ClipCanvas;
import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * The Evaluation view and the Compare editor (issue 31) on real renders: a sample project with two
 * small swaps of one clip (the batch jobs, as a user's renders are made), evaluated from the Project
 * Explorer's context menu, compared side by side, wiped, as a difference map and scrubbed, the
 * report exported; nothing of ours in the workbench's error log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationViewsTest {

    private static final List<String> METRICS = List.of("Background PSNR", "Background SSIM", "Background flicker",
            "Trajectory error", "Warp error");

    private static LoggedErrors loggedErrors;
    private static Path dir;
    private static IWorkbenchWindow window;
    private static ProjectExplorerView explorer;
    private static long started;

    @BeforeAll
    static void projectWithTwoRendersAndStudio() throws Exception {
        started = System.nanoTime();
        dir = Files.createTempDirectory("eval-ui-test");
        Path folder = SampleProject.make(dir);
        for (String[] edit : new String[][] { { "disc", "first" }, { "square", "second" } }) {
            SampleProject.batch(dir, """
                    {"type": "swap", "project": "%s", "shot": "sample", "prompt": "a red star on a grey striped background",
                     "subject": "star", "target": "%s", "name": "%s", "steps": 2, "registrationIterations": 1,
                     "diftEnsemble": 1, "placementPasses": 1}""".formatted(folder, edit[0], edit[1]));
        }
        System.err.printf("[EvaluationViewsTest] project with two renders in %.1f s%n", seconds());
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        session.open(folder);
        window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        IWorkbenchPage page = Ui.call(window::getActivePage);
        Ui.run(() -> page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(StudioIds.PERSPECTIVE)));
        explorer = (ProjectExplorerView) Ui.call(() -> page.showView(StudioIds.PROJECT_EXPLORER_VIEW));
        Ui.waitUntil("both renders in the explorer", 10_000, () -> output("first") != null && output("second") != null);
        System.err.printf("[EvaluationViewsTest] studio ready in %.1f s%n", seconds());
    }

    @AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("EvaluationViewsTest");
        System.err.printf("[EvaluationViewsTest] at %.1f s%n", seconds());
    }

    @Test
    @Order(1)
    void evaluateShowsEveryMetricChartsThemAndMovesEverythingToAFrame() throws Exception {
        select(output("first"));
        List<String> menu = Ui.call(() -> Ui.contextMenu(explorer.viewer().getTree()));
        assertTrue(menu.containsAll(List.of("Evaluate", "Compare Renders")), menu.toString());
        // Stop while it runs: cancelled, said so, nothing shown
        EvaluationView view = Ui.call(() -> {
            window.getService(IHandlerService.class).executeCommand(EvalUiIds.CMD_EVALUATE, null);
            EvaluationView v = (EvaluationView) window.getActivePage().findView(EvalUiIds.EVALUATION_VIEW);
            assertTrue(v.isEvaluating() && v.stopButton().isVisible(), "Stop offered while it runs");
            Ui.fire(v.stopButton(), SWT.Selection);
            return v;
        });
        Ui.waitUntil("the evaluation cancelled", 30_000, () -> !view.isEvaluating()
                && view.messages().text().contains("cancelled") && !view.stopButton().isVisible());
        assertEquals(null, Ui.call(view::shown));
        // Export Report… with nothing evaluated says so (no folder asked for)
        Ui.call(() -> {
            window.getActivePage().activate(view);
            return window.getService(IHandlerService.class).executeCommand(EvalUiIds.CMD_EXPORT_REPORT, null);
        });
        assertTrue(Ui.call(() -> view.messages().text()).startsWith("Nothing to export yet"),
                Ui.call(() -> view.messages().text()));

        select(output("first"));
        Ui.call(() -> window.getService(IHandlerService.class).executeCommand(EvalUiIds.CMD_EVALUATE, null));
        Ui.waitUntil("the evaluation", 90_000, () -> !view.isEvaluating() && view.shown() != null);

        // the summary: a row per installed metric; the five that this render has all it needs for with a
        // clip value, any other (CLIP-I without a concept's images) greyed with its reason
        Evaluator evaluator = Ui.call(() -> PlatformUI.getWorkbench().getService(Evaluator.class));
        int installed = evaluator.metrics().size();
        List<String[]> rows = Ui.call(() -> Arrays.stream(view.summaryTable().getItems())
                .map(i -> new String[] { i.getText(0), i.getText(1), i.getText(4), i.getText(5) }).toList());
        assertEquals(installed, rows.size());
        assertTrue(rows.stream().map(r -> r[0]).toList().containsAll(METRICS), rows.stream().map(r -> r[0]).toList().toString());
        int measured = 0;
        for (String[] r : rows) {
            boolean value = !r[1].isEmpty() && !r[1].equals("—");
            assertTrue(value || !METRICS.contains(r[0]) && r[3].startsWith("Unavailable: "), Arrays.toString(r));
            assertTrue(r[2].endsWith("is better"), Arrays.toString(r));
            measured += value ? 1 : 0;
        }
        assertEquals(measured, Ui.call(() -> view.chartCanvases().size()), "a chart per measured metric");

        // the frame slider moves the players, every chart's marker and the table's frame column
        Ui.run(() -> {
            view.player().slider().setSelection(5);
            Ui.fire(view.player().slider(), SWT.Selection);
        });
        assertFrameEverywhere(view, 5);

        // a click on a chart picks the frame nearest the pointer
        Ui.settle();
        int x = Ui.call(() -> view.chartX(0, 9));
        assertTrue(x > 0, "chart drawn");
        Ui.run(() -> click(view.chartCanvases().get(0), x, 40));
        assertFrameEverywhere(view, 9);

        Ui.lookMaximized(view, Ui.call(view::control), "evaluation-view");

        // Export Report: the Evaluator's three files in the folder picked, the message area says so
        Path folder = dir.resolve("report-first");
        Job job = Ui.call(() -> ReportExport.exportTo(view, evaluator, folder));
        job.join();
        for (String f : ReportExport.FILES) {
            assertTrue(Files.size(folder.resolve(f)) > 100, f);
        }
        JsonObject json = JsonParser.parseString(Files.readString(folder.resolve("evaluation.json"))).getAsJsonObject();
        assertEquals(1, json.getAsJsonArray("evaluations").size());
        assertEquals(installed,
                json.getAsJsonArray("evaluations").get(0).getAsJsonObject().getAsJsonArray("measurements").size());
        Ui.waitUntil("the message says where", 5_000, () -> view.messages().text().contains(folder.toString()));
    }

    private static void assertFrameEverywhere(EvaluationView view, int frame) {
        Ui.waitUntil("frame " + frame + " everywhere", 5_000, () -> view.player().frame() == frame
                && view.player().sourceView().frame() == frame && view.player().resultView().frame() == frame
                && view.markedFrames().stream().allMatch(f -> f == frame));
        List<String> expected = Ui.call(() -> view.shown().evaluation().measurements().stream()
                .map(m -> m.result().map(r -> MetricValues.format(r.perFrame()[frame])).orElse("—")).toList());
        List<String> shown = Ui.call(() -> Arrays.stream(view.summaryTable().getItems()).map(i -> i.getText(2)).toList());
        assertEquals(expected, shown, "the table's value at frame " + frame);
    }

    @Test
    @Order(2)
    void compareRendersPlaysThemInStepWithWipeDifferenceAndMetricRows() throws Exception {
        Ui.run(() -> {
            explorer.viewer().setSelection(new StructuredSelection(List.of(output("first"), output("second"))), true);
            explorer.viewer().getTree().setFocus();
            window.getActivePage().activate(explorer);
        });
        Ui.settle();
        Ui.call(() -> window.getService(IHandlerService.class).executeCommand(EvalUiIds.CMD_COMPARE, null));
        Ui.waitUntil("the Compare editor", 10_000, () -> window.getActivePage().getActiveEditor() instanceof CompareEditor);
        assertEquals(EvalUiIds.PERSPECTIVE, Ui.call(() -> window.getActivePage().getPerspective().getId()));
        CompareEditor editor = Ui.call(() -> (CompareEditor) window.getActivePage().getActiveEditor());
        Ui.waitUntil("the renders loaded and evaluated", 90_000, editor::isLoaded);

        // the source and the two renders, each render with its five metric rows
        List<String> rows = Ui.call(editor::paneMetricRows);
        assertEquals(3, rows.size());
        for (String r : rows.subList(1, 3)) {
            for (String m : METRICS) {
                assertTrue(r.contains(m + ": ") && !r.contains(m + ": —"), m + " in " + r);
            }
        }
        Ui.settle();
        Ui.screenshot("compare-side-by-side");

        // scrub: every player on the frame
        Ui.run(() -> {
            editor.slider().setSelection(7);
            Ui.fire(editor.slider(), SWT.Selection);
        });
        assertTrue(Ui.call(() -> editor.frame() == 7 && editor.paneCanvases().stream().allMatch(c -> c.frame() == 7)));

        // A/B wipe between the two renders
        chooseView(editor, CompareEditor.View.WIPE);
        Ui.run(() -> editor.chooseAB(1, 2));
        assertTrue(Ui.call(() -> editor.showsSingle() && editor.singleCanvas().isWipe()
                && editor.singleCanvas().frame() == 7));
        Ui.settle();
        Ui.screenshot("compare-wipe");

        // the difference: a render against itself is black everywhere; against the other, not
        chooseView(editor, CompareEditor.View.DIFFERENCE);
        Ui.run(() -> editor.chooseAB(1, 1));
        Ui.waitUntil("the difference worked out", 10_000, editor::differenceShown);
        assertEquals(0, Ui.call(() -> brightest(editor.singleCanvas().images().get(7))), "A − A is black");
        Ui.run(() -> editor.chooseAB(0, 1));
        Ui.waitUntil("the difference worked out", 10_000, editor::differenceShown);
        int sourceVsRender = Ui.call(() -> brightest(editor.singleCanvas().images().get(7)));
        assertTrue(sourceVsRender > 100, "the source and a render differ where the subject was swapped: " + sourceVsRender);
        assertFalse(Ui.call(() -> editor.singleCanvas().isWipe()));
        Ui.settle();
        Ui.screenshot("compare-difference");
        Ui.atScreenSize(window.getShell(), 1280, 800, () -> Ui.screenshot("compare-difference-1280x800"));

        // play moves every player on; pause stops
        chooseView(editor, CompareEditor.View.SIDE_BY_SIDE);
        Ui.atScreenSize(window.getShell(), 1280, 800, () -> {
            Ui.screenshot("compare-side-by-side-1280x800");
            List<String> cut = Ui.call(() -> Ui.clipped(editor.slider().getParent().getParent()));
            assertTrue(cut.isEmpty(), "nothing cut at 1280×800: " + cut);
        });
        Ui.run(() -> Ui.fire(editor.playButton(), SWT.Selection));
        Ui.waitUntil("playing moves on", 5_000, () -> editor.frame() != 7);
        Ui.run(() -> Ui.fire(editor.playButton(), SWT.Selection));
        assertFalse(Ui.call(editor::isPlaying));
        int f = Ui.call(editor::frame);
        assertTrue(Ui.call(() -> editor.paneCanvases().stream().allMatch(c -> c.frame() == f)));

        // the report of both renders
        Path folder = dir.resolve("report-compare");
        Evaluator evaluator = Ui.call(() -> PlatformUI.getWorkbench().getService(Evaluator.class));
        Ui.call(() -> ReportExport.exportTo(editor, evaluator, folder)).join();
        JsonObject json = JsonParser.parseString(Files.readString(folder.resolve("evaluation.json"))).getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("evaluations").size());
        assertTrue(Files.readString(folder.resolve("evaluation.html")).contains("second"));
    }

    @Test
    @Order(3)
    void evaluateFromTheSwapEditorsHistoryShowsItsSelectedEdit() {
        select(output("second"));
        Ui.call(() -> window.getService(IHandlerService.class).executeCommand(StudioIds.CMD_OPEN_OUTPUT, null));
        Ui.waitUntil("the Swap editor", 10_000, () -> window.getActivePage().getActiveEditor() instanceof SwapEditor);
        SwapEditor editor = Ui.call(() -> (SwapEditor) window.getActivePage().getActiveEditor());
        Ui.waitUntil("the edit selected in its history", 60_000, () -> editor.isLoaded()
                && editor.history().selected().map(r -> r.name().equals("second")).orElse(false));
        List<String> menu = Ui.call(() -> Ui.contextMenu(editor.history().table()));
        assertTrue(menu.contains("Evaluate"), menu.toString());
        EvaluationView view = Ui.call(() -> {
            window.getActivePage().activate(editor);
            return (EvaluationView) window.getService(IHandlerService.class).executeCommand(EvalUiIds.CMD_EVALUATE, null);
        });
        Ui.waitUntil("the edit evaluated", 60_000, () -> !view.isEvaluating() && view.shown() != null
                && view.shown().choice().label().endsWith("second"));
        Ui.settle();
        Ui.screenshot("evaluation-view-from-swap-editor");
    }

    @Test
    @Order(5)
    void aMetricThatCannotMeasureIsGreyedWithTheReason() throws Exception {
        // the clip's tracked points gone (last: the other tests measure them): trajectory error cannot measure
        try (var files = Files.walk(dir.resolve("project"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("points-.*\\.json")).toList()) {
                Files.delete(p);
            }
        }
        select(output("first"));
        EvaluationView view = Ui.call(() -> (EvaluationView) window.getService(IHandlerService.class)
                .executeCommand(EvalUiIds.CMD_EVALUATE, null));
        Ui.waitUntil("the evaluation", 60_000, () -> !view.isEvaluating() && view.shown() != null
                && view.shown().evaluation().measurement("motion-alignment").map(m -> m.result().isEmpty()).orElse(false));
        TableItem row = Ui.call(() -> Arrays.stream(view.summaryTable().getItems())
                .filter(i -> i.getText(0).equals("Trajectory error")).findFirst().orElseThrow());
        assertEquals("—", Ui.call(() -> row.getText(1)));
        assertTrue(Ui.call(() -> row.getText(5)).startsWith("Unavailable: needs the source's tracked points"),
                Ui.call(() -> row.getText(5)));
        assertEquals(Ui.call(() -> view.summaryTable().getDisplay().getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND)
                .getRGB()), Ui.call(() -> row.getForeground().getRGB()), "greyed");
        long measured = Ui.call(() -> view.shown().evaluation().measurements().stream()
                .filter(m -> m.result().isPresent()).count());
        assertEquals(measured, (long) Ui.call(() -> view.chartCanvases().size()), "no chart for it");
        assertFalse(Ui.call(() -> view.chartCanvases().stream().anyMatch(c -> c.getParent().getToolTipText() != null
                && c.getParent().getToolTipText().startsWith("how far the new subject strays"))));
        Ui.settle();
        Ui.screenshot("evaluation-view-unavailable");
    }

    @Test
    @Order(4)
    void rendersOfDifferentClipsSizesOrCountsAreRefusedWithTheReason() throws Exception {
        RenderChoice first = RenderChoice.of(Ui.call(() -> output("first"))).orElseThrow();
        assertTrue(RenderChoice.whyNotComparable(List.of(first)).orElseThrow().contains("two to four"));
        SwapRender.ClipInfo c = first.clip();
        RenderChoice otherClip = new RenderChoice(first.record(), "elsewhere",
                new SwapRender.ClipInfo(c.shot(), c.shotName(), "other", c.frames(), c.width(), c.height()));
        String why = RenderChoice.whyNotComparable(List.of(first, otherClip)).orElseThrow();
        assertTrue(why.contains("\"main\"") && why.contains("\"other\"") && why.contains("one clip"), why);
        RenderChoice shorter = new RenderChoice(first.record(), "shorter",
                new SwapRender.ClipInfo(c.shot(), c.shotName(), c.clip(), c.frames() - 4, c.width(), c.height()));
        why = RenderChoice.whyNotComparable(List.of(first, shorter)).orElseThrow();
        assertTrue(why.contains(c.frames() + " frames") && why.contains((c.frames() - 4) + " of"), why);
        assertTrue(RenderChoice.whyNotComparable(List.of(first, first)).isEmpty());
    }

    private static void chooseView(CompareEditor editor, CompareEditor.View v) {
        Ui.run(() -> {
            editor.viewChoice().select(v.ordinal());
            Ui.fire(editor.viewChoice(), SWT.Selection);
        });
        assertEquals(v, Ui.call(editor::view));
    }

    /** The largest channel value of an image (0: black everywhere). */
    private static int brightest(ImageData d) {
        int max = 0;
        for (int y = 0; y < d.height; y++) {
            for (int x = 0; x < d.width; x++) {
                for (int c : RgbImages.rgb(d, x, y)) {
                    max = Math.max(max, c);
                }
            }
        }
        return max;
    }

    private static void click(Control c, int x, int y) {
        for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
            Event e = new Event();
            e.button = 1;
            e.x = x;
            e.y = y;
            e.widget = c;
            c.notifyListeners(type, e);
        }
    }

    private static void select(ClipOutput o) {
        Ui.run(() -> {
            explorer.viewer().setSelection(new StructuredSelection(o), true);
            explorer.viewer().getTree().setFocus();
            window.getActivePage().activate(explorer);
        });
        Ui.settle();
    }

    /** The render named {@code name} in the explorer, or null. */
    private static ClipOutput output(String name) {
        return Ui.call(() -> {
            explorer.viewer().expandAll();
            List<TreeItem> all = new ArrayList<>();
            for (TreeItem i : explorer.viewer().getTree().getItems()) {
                collect(i, all);
            }
            return all.stream().filter(i -> i.getData() instanceof ClipOutput o && o.label().endsWith("  " + name))
                    .map(i -> (ClipOutput) i.getData()).findFirst().orElse(null);
        });
    }

    private static void collect(TreeItem item, List<TreeItem> out) {
        out.add(item);
        for (TreeItem c : item.getItems()) {
            collect(c, out);
        }
    }

    private static double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
