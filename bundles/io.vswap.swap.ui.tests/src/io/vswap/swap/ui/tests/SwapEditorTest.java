package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.swap.ui.internal.editor.RenderRecord;
import io.vswap.swap.ui.internal.editor.SwapEditJob;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.testing.SampleProject;
import io.vswap.ui.api.ComparePlayer;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.ShotNode;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.Project;

/**
 * The Swap editor on a real project made from a sample shot (the sample, import, prepare and
 * track batch jobs), the shipped sample model and the real swap job: opened from the Project
 * Explorer, the settings form with VideoSwap's defaults, points toggled and dragged on the
 * source view, preprocessing and an edit run as jobs with very small settings, the history, the
 * result player (side by side, A/B wipe, scrubbing), "Use These Settings", and a cancelled edit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwapEditorTest {

    private static final String PROMPT = "a red star on a grey striped background";
    private static final String SMALL = "steps=3 registrationIterations=2 diftEnsemble=1";

    private static LoggedErrors loggedErrors;
    private static Path dir;
    private static Project project;
    private static SwapEditor editor;
    private static long started;

    @BeforeAll
    static void projectAndStudio() throws Exception {
        started = System.nanoTime();
        dir = Files.createTempDirectory("swap-ui-test");
        Path folder = SampleProject.make(dir);
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        project = session.open(folder);
        System.err.printf("[SwapEditorTest] project and studio ready in %.1f s%n", seconds());
    }

    @AfterAll
    static void report() {
        System.err.printf("[SwapEditorTest] total %.1f s%n", seconds());
    }

    @AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("SwapEditorTest");
    }

    @Test
    @Order(1)
    void swapSubjectOnAShotOpensTheEditorWithTheMethodsSettingsAtTheirDefaults() throws Exception {
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        IWorkbenchPage page = Ui.call(window::getActivePage);
        ProjectExplorerView explorer = (ProjectExplorerView) Ui.call(() -> page.showView(StudioIds.PROJECT_EXPLORER_VIEW));
        Ui.waitUntil("the project in the explorer", 5_000, () -> explorer.shownProject() != null);
        Ui.run(() -> {
            page.activate(explorer);
            explorer.viewer().setSelection(new StructuredSelection(new ShotNode(project, project.shots().get(0))),
                    true);
        });
        editor = (SwapEditor) Ui.call(() -> window.getService(IHandlerService.class)
                .executeCommand(SwapUiIds.CMD_SWAP_SUBJECT, null));
        assertNotNull(editor);
        assertEquals(SwapUiIds.PERSPECTIVE, Ui.call(() -> page.getPerspective().getId()));
        Ui.waitUntil("the editor to load the clip", 60_000, () -> editor.isLoaded());
        Ui.settle();
        Ui.screenshot("swap-editor-opened");
        assertEquals(ModelSettings.withDefaults(VideoSwapSettings.descriptors(), sampleModelRecommends()),
                Ui.call(() -> editor.settings().settings()));
        // the form in the order an editor decides: the advanced settings folded, the run buttons in sight
        assertFalse(Ui.call(() -> editor.advancedToggle().getSelection()));
        assertFalse(Ui.call(() -> editor.settings().field("steps").isVisible()), "steps is an advanced setting");
        assertTrue(Ui.call(() -> editor.settings().field("seed").isVisible()), "the seed is shown first");
        assertEquals("Seed", Ui.call(() -> editor.settings().label("seed")));
        assertEquals("Standard", Ui.call(editor::preset), "at the defaults the preset is Standard");
        assertEquals(List.of("Draft", "Standard", "Final", "Custom"),
                List.of(Ui.call(() -> editor.presetChoice().getItems())));
        // on a 1280×800 and a 1920×1080 screen nothing is cut, and the buttons are in sight without scrolling,
        // folded or not
        // once the clip's points are listed, the form scrolls to its end without a resize (it did not)
        assertTrue(Ui.call(editor::formScrollsToItsEnd), "the form scrolls to its end after loading");
        // (and at 1152×720, the window the studio opens on a 1280×800 screen)
        for (int[] screen : new int[][] { { 1152, 720 }, { 1280, 800 }, { 1920, 1080 } }) {
            for (boolean advanced : new boolean[] { false, true }) {
                String size = screen[0] + "x" + screen[1];
                Ui.run(() -> editor.showAdvanced(advanced));
                Ui.atScreenSize(Ui.call(window::getShell), screen[0], screen[1], () -> {
                    Ui.screenshot("swap-editor-" + size + (advanced ? "-advanced" : ""));
                    assertEquals(List.of(), Ui.call(() -> Ui.clipped(editor.formControl())),
                            "labels and buttons cut at " + size + (advanced ? ", advanced settings shown" : ""));
                    assertTrue(Ui.call(() -> inSight(editor.runButton()) && inSight(editor.cancelButton())
                            && inSight(editor.preprocessButton())), "the run buttons in sight at " + size);
                    assertTrue(Ui.call(editor::formScrollsToItsEnd), "the form scrolls to its end at " + size);
                });
            }
        }
        Ui.run(() -> editor.showAdvanced(false));
        // every VideoSwap setting, generically, at the paper's default or where the sample model recommends
        // another value (its vswap-settings.json), at that one; labelled in words, "(model)" where it is the model's
        List<EditSetting> shown = Ui.call(() -> editor.settings().settings());
        assertTrue(sampleModelRecommends().containsKey("motionScale"), sampleModelRecommends().toString());
        for (EditSetting s : shown) {
            String label = Ui.call(() -> editor.settings().label(s.name()));
            assertEquals(sampleModelRecommends().containsKey(s.name()) ? s.label() + " (model)" : s.label(), label);
            assertNotEquals(s.name(), s.label(), "a label in words for " + s.name());
            String tip = Ui.call(() -> editor.settings().field(s.name()).getToolTipText());
            assertTrue(tip.contains("In a batch spec: \"" + s.name() + "\""), tip);
        }
        // the advanced settings grouped by stage
        Ui.run(() -> editor.showAdvanced(true));
        List<String> groups = Ui.call(() -> Ui.findAll(editor.formControl(), org.eclipse.swt.widgets.Group.class,
                g -> g.isVisible()).stream().map(org.eclipse.swt.widgets.Group::getText).toList());
        assertTrue(groups.containsAll(List.of(VideoSwapSettings.POINTS, VideoSwapSettings.REGISTRATION,
                VideoSwapSettings.EDIT, VideoSwapSettings.BLEND, VideoSwapSettings.LONG_CLIPS)), groups.toString());
        Ui.run(() -> editor.showAdvanced(false));
        for (EditSetting s : shown) {
            Object value = Ui.call(() -> {
                Control c = editor.settings().field(s.name());
                return c instanceof Button b ? (Object) b.getSelection() : s.coerce(((Text) c).getText());
            });
            assertEquals(s.defaultValue(), value, s.name());
        }
        assertEquals(sampleModelRecommends().getOrDefault("steps", VideoSwapSettings.DEFAULTS.steps()),
                Ui.call(() -> editor.settings().values()).get("steps"));
        assertEquals(sampleModelRecommends().getOrDefault("guidanceScale", 7.5),
                Ui.call(() -> editor.settings().values()).get("guidanceScale"));
        // at the window a 1280×800 screen opens, where the form scrolls: a preset's longer line moves its end
        Ui.atScreenSize(Ui.call(window::getShell), 1152, 720, this::presetsSetTheirSettings);
        // the tracked points of the clip, all kept
        assertEquals(5, (int) Ui.call(() -> editor.points().table().getItemCount()));
        assertTrue(Ui.call(() -> Arrays.stream(editor.points().table().getItems()).allMatch(i -> i.getChecked())));
        assertTrue(Ui.call(() -> editor.history().records().isEmpty()));
        assertEquals(IStatus.INFO, (int) Ui.call(editor::messageSeverity), Ui.call(editor::messageText));
        // what a swap of the clip costs here, measured in the background and said with what to do next;
        // the clip is at the model's own size, so not as a warning
        Ui.waitUntil("the swap's estimate", 60_000, () -> editor.messageText().contains("on this machine: about"));
        String ready = Ui.call(editor::messageText);
        assertTrue(ready.startsWith("Fill in") && ready.matches(
                ".* A swap of 16 frames at 64 × 64 on this machine: about \\d+ (s|min), \\d+\\.\\d GB with these settings "
                        + "\\(VideoSwap.*"),
                ready);
        assertEquals(IStatus.INFO, (int) Ui.call(editor::messageSeverity), ready);
        // the estimate follows the preset: Draft costs less than Standard
        Ui.run(() -> editor.choosePreset("Draft"));
        String draft = Ui.call(editor::messageText);
        assertTrue(seconds(draft) < seconds(ready), draft + " against " + ready);
        Ui.run(() -> editor.choosePreset("Standard"));
        assertEquals(ready, Ui.call(editor::messageText));
        Ui.settle();
        Ui.screenshot("swap-editor-estimate");
    }

    @Test
    @Order(2)
    void aClickOnAPointRemovesItAndADragMovesIt() throws Exception {
        PointSet points = Ui.call(() -> editor.points().points());
        Control canvas = Ui.call(() -> editor.player().sourceView().canvas());
        Trajectory tip1 = points.point("tip1").orElseThrow().tracked().orElseThrow();
        int[] at = Ui.call(() -> new int[] { editor.player().sourceView().screenX(tip1.x(0)),
                editor.player().sourceView().screenY(tip1.y(0)) });
        ImageData before = Ui.call(() -> editor.player().sourceView().render(320, 320));
        mouse(canvas, SWT.MouseDown, 1, at[0], at[1]);
        mouse(canvas, SWT.MouseUp, 1, at[0], at[1]);
        assertEquals(java.util.Set.of("tip1"), Ui.call(() -> editor.points().removed()));
        assertFalse(Ui.call(() -> editor.points().table().getItem(0).getChecked()), "unchecked in the list");
        assertNotEquals(digest(before), digest(Ui.call(() -> editor.player().sourceView().render(320, 320))),
                "the removed point is drawn crossed out");
        // a drag of tip2 on the keyframe (frame 0), 6 image pixels right
        Trajectory tip2 = points.point("tip2").orElseThrow().tracked().orElseThrow();
        double scale = Ui.call(() -> editor.player().sourceView().scale());
        int[] from = Ui.call(() -> new int[] { editor.player().sourceView().screenX(tip2.x(0)),
                editor.player().sourceView().screenY(tip2.y(0)) });
        int dx = (int) Math.round(6 * scale);
        mouse(canvas, SWT.MouseDown, 1, from[0], from[1]);
        mouse(canvas, SWT.MouseMove, 0, from[0] + dx / 2, from[1]);
        mouse(canvas, SWT.MouseMove, 0, from[0] + dx, from[1]);
        mouse(canvas, SWT.MouseUp, 1, from[0] + dx, from[1]);
        double[] drag = Ui.call(() -> editor.points().drags()).get("tip2");
        assertNotNull(drag, "tip2 dragged");
        assertEquals(tip2.x(0) + 6, drag[0], 1 / scale + 1e-6);
        assertEquals(tip2.y(0), drag[1], 1 / scale + 1e-6);
        assertEquals(0, (int) Ui.call(() -> editor.points().keyframe()));
    }

    @Test
    @Order(3)
    void anIncompleteFormIsRefusedInTheMessageArea() {
        assertEquals(null, Ui.call(() -> editor.runEdit()));
        assertEquals(IStatus.ERROR, (int) Ui.call(editor::messageSeverity));
        assertTrue(Ui.call(editor::messageText).contains("Fill in"), Ui.call(editor::messageText));
    }

    @Test
    @Order(4)
    void preprocessThenAnEditWithSmallSettingsShowsInTheHistoryAndThePlayer() throws Exception {
        Ui.run(() -> {
            editor.promptField().setText(PROMPT);
            editor.subjectField().setText("star");
            editor.targetField().setText("disc");
            editor.settings().setValues(settings(SMALL));
        });
        long t0 = System.nanoTime();
        SwapEditJob prepare = Ui.call(() -> {
            Ui.fire(editor.preprocessButton(), SWT.Selection);
            return editor.running();
        });
        assertNotNull(prepare, Ui.call(editor::messageText));
        assertTrue(prepare.spec().contains("\"prepareOnly\":true"), prepare.spec());
        prepare.join(120_000, null);
        assertTrue(prepare.getResult().isOK(), prepare.getResult().toString());
        Ui.waitUntil("the editor idle", 5_000, () -> editor.running() == null);
        System.err.printf("[SwapEditorTest] preprocess %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, prepare.summary());
        assertTrue(Ui.call(editor::messageText).startsWith("Preprocessed"), Ui.call(editor::messageText));
        try (Stream<Path> s = Files.list(project.rendersFolder().toAbsolutePath()).filter(p -> p.toString().contains("-swap-"))) {
            assertEquals(0, s.count(), "preprocessing writes no render");
        } catch (java.nio.file.NoSuchFileException e) {
            // no renders folder yet: nothing written either
        }

        t0 = System.nanoTime();
        SwapEditJob edit = Ui.call(() -> {
            Ui.fire(editor.runButton(), SWT.Selection);
            return editor.running();
        });
        assertNotNull(edit, Ui.call(editor::messageText));
        assertTrue(Ui.call(() -> editor.cancelButton().isEnabled()));
        assertFalse(Ui.call(() -> editor.runButton().isEnabled()), "one job at a time");
        edit.join(180_000, null);
        assertTrue(edit.getResult().isOK(), edit.getResult().toString());
        System.err.printf("[SwapEditorTest] edit %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, edit.summary());
        Ui.waitUntil("the edit in the history", 10_000, () -> !editor.history().records().isEmpty());
        RenderRecord rec = Ui.call(() -> editor.history().records().get(0));
        assertEquals(edit.editName(), rec.name());
        assertEquals("disc", rec.target());
        assertEquals(3.0, rec.settings().get("steps"));
        assertEquals(List.of("tip1"), rec.removed());
        assertTrue(rec.drags().containsKey("tip2"));
        for (String part : List.of("dift", "registration", "inversion")) {
            assertEquals(EditReport.CacheOutcome.REUSED, rec.report().cacheUse(part).orElseThrow().outcome(),
                    part + " after Preprocess: " + rec.report());
        }
        assertEquals(rec.file(), Ui.call(() -> editor.history().selected().orElseThrow().file()), "the new edit selected");
        assertTrue(Ui.call(() -> editor.history().table().getItem(0).getText(3)).contains("Denoising steps 3"),
                "the changed settings by their labels: " + Ui.call(() -> editor.history().table().getItem(0).getText(3)));
        assertTrue(Files.isRegularFile(rec.video()));

        Ui.waitUntil("the result in the player", 30_000, () -> editor.player().resultImages() != null);
        List<ImageData> result = Ui.call(() -> editor.player().resultImages());
        List<ImageData> source = Ui.call(() -> editor.player().sourceView().images());
        assertEquals(source.size(), result.size());
        assertTrue(meanAbsDiff(source.get(5), result.get(5)) > 1, "the result differs from the source");
        Ui.settle();
        Ui.screenshot("swap-editor-side-by-side");
    }

    @Test
    @Order(5)
    void scrubbingMovesBothViews() {
        ComparePlayer player = Ui.call(() -> editor.player());
        ImageData at0 = Ui.call(() -> player.resultView().render(200, 200));
        Ui.run(() -> {
            player.slider().setSelection(9);
            Ui.fire(player.slider(), SWT.Selection);
        });
        assertEquals(9, (int) Ui.call(player::frame));
        assertEquals(9, (int) Ui.call(() -> player.sourceView().frame()));
        assertEquals(9, (int) Ui.call(() -> player.resultView().frame()));
        assertNotEquals(digest(at0), digest(Ui.call(() -> player.resultView().render(200, 200))),
                "the result view shows another frame");
        // play advances both, in step
        Ui.run(() -> Ui.fire(player.playButton(), SWT.Selection));
        Ui.waitUntil("playback to move on", 5_000, () -> player.frame() != 9);
        Ui.run(() -> Ui.fire(player.playButton(), SWT.Selection));
        assertFalse(Ui.call(player::isPlaying));
        assertEquals((int) Ui.call(() -> player.sourceView().frame()), (int) Ui.call(() -> player.resultView().frame()));
    }

    @Test
    @Order(6)
    void theWipeShowsSourceLeftAndResultRightOfADraggableDivider() {
        ComparePlayer player = Ui.call(() -> editor.player());
        Ui.run(() -> {
            player.modeChoice().select(ComparePlayer.Mode.WIPE.ordinal());
            Ui.fire(player.modeChoice(), SWT.Selection);
            player.setFrame(6);
        });
        assertEquals(ComparePlayer.Mode.WIPE, Ui.call(player::mode));
        assertTrue(Ui.call(() -> player.sourceView().isWipe()));
        assertFalse(Ui.call(() -> player.resultView().canvas().isVisible()), "one view in wipe mode");
        // all source (divider at the right edge) and all result (left edge) draw what the two clips are
        Ui.run(() -> player.sourceView().setWipe(1));
        ImageData allSource = Ui.call(() -> player.sourceView().render(300, 300));
        Ui.run(() -> player.sourceView().setWipe(0));
        ImageData allResult = Ui.call(() -> player.sourceView().render(300, 300));
        Ui.run(() -> player.sourceView().setWipe(0.5));
        ImageData half = Ui.call(() -> player.sourceView().render(300, 300));
        assertNotEquals(digest(allSource), digest(allResult));
        // left of the divider the wipe draws the source, right of it the result (away from the divider line)
        int y = 150;
        assertEquals(columnDigest(allSource, 60, y), columnDigest(half, 60, y), "left: source");
        assertEquals(columnDigest(allResult, 250, y), columnDigest(half, 250, y), "right: result");
        // the divider follows a mouse drag
        Control canvas = Ui.call(() -> player.sourceView().canvas());
        Ui.run(() -> player.sourceView().setWipe(0.5));
        int x = Ui.call(() -> player.sourceView().dividerX());
        int h = Ui.call(() -> canvas.getSize().y);
        mouse(canvas, SWT.MouseDown, 1, x, h / 2);
        mouse(canvas, SWT.MouseMove, 0, x - 60, h / 2);
        mouse(canvas, SWT.MouseUp, 1, x - 60, h / 2);
        double wipe = Ui.call(() -> player.sourceView().wipe());
        assertTrue(wipe < 0.45, "dragged left: " + wipe);
        Ui.run(() -> player.sourceView().setWipe(0.5));
        Ui.settle();
        Ui.screenshot("swap-editor-wipe");
        Ui.run(() -> player.setMode(ComparePlayer.Mode.SIDE_BY_SIDE));
        assertTrue(Ui.call(() -> player.resultView().canvas().isVisible()));
    }

    @Test
    @Order(7)
    void useTheseSettingsCopiesAnEditBackIntoTheForm() throws Exception {
        Ui.run(() -> {
            editor.settings().setValues(Map.of("steps", 50, "guidanceScale", 9.0));
            editor.targetField().setText("");
            editor.points().setRemoved("tip1", false);
        });
        Ui.run(() -> Ui.fire(editor.history().useSettingsButton(), SWT.Selection));
        Map<String, Object> values = Ui.call(() -> editor.settings().values());
        assertEquals(3, values.get("steps"));
        assertEquals(sampleModelRecommends().getOrDefault("guidanceScale", 7.5), values.get("guidanceScale"),
                "the edit's own (the form's default when it ran), not the 9 typed since");
        assertEquals(2, values.get("registrationIterations"));
        assertEquals("disc", Ui.call(() -> editor.targetField().getText()));
        assertEquals(java.util.Set.of("tip1"), Ui.call(() -> editor.points().removed()));
        assertTrue(Ui.call(() -> editor.points().drags()).containsKey("tip2"));
    }

    @Test
    @Order(8)
    void aCancelledEditLeavesNoRenderFiles() throws Exception {
        List<String> before = renderFiles();
        // more steps and iterations than the cache holds: the registration and the inversion run again,
        // long enough to watch the live panel and to cancel in the middle of the edit
        Ui.run(() -> editor.settings().setValues(settings("steps=16 registrationIterations=4")));
        SwapEditJob edit = Ui.call(() -> editor.runEdit());
        assertNotNull(edit, Ui.call(editor::messageText));
        assertTrue(Ui.call(editor::liveShowing), "the live panel shows as the job starts");
        Ui.waitUntil("the edit to run", 10_000, () -> edit.getState() == Job.RUNNING);
        // the registration's loss curve, point by point, with the stage and the time so far
        Ui.waitUntil("a few registration losses", 60_000, () -> editor.liveLines().get(2).matches(
                "Registration loss \\S+ → \\S+ \\([2-4] of 4\\)") || edit.getState() == Job.NONE);
        List<String> lines = Ui.call(editor::liveLines);
        assertTrue(lines.get(0).startsWith("registration ") || lines.get(0).startsWith("DDIM inversion"), lines.toString());
        assertTrue(lines.get(1).matches("\\d+ % · \\d+ s so far.*"), lines.toString());
        Ui.settle();
        Ui.screenshot("swap-editor-live-registration");
        // then a preview of the edit as it forms, with the step
        Ui.waitUntil("a preview of the edit", 120_000, () -> editor.livePreview() != null || edit.getState() == Job.NONE);
        lines = Ui.call(editor::liveLines);
        assertTrue(lines.get(0).matches("editing(, placement pass [12] of 2)?, step \\d+/16"), lines.toString());
        assertTrue(lines.get(3).matches("Step \\d+/16 \\| Frame 8 as step \\d+ of 16 predicts it \\(editing.*\\)"), lines.toString());
        assertTrue(lines.get(1).contains("left"), "a time left once 5 % is done: " + lines);
        ImageData preview = Ui.call(editor::livePreview);
        assertEquals(64, preview.width);
        Ui.settle();
        Ui.screenshot("swap-editor-live-preview");
        Ui.run(() -> Ui.fire(editor.cancelButton(), SWT.Selection));
        assertTrue(edit.join(60_000, null), "the job stopped");
        assertEquals(IStatus.CANCEL, edit.getResult().getSeverity(), edit.getResult().toString());
        Ui.waitUntil("the editor idle", 5_000, () -> editor.running() == null);
        assertFalse(Ui.call(editor::liveShowing), "the live panel goes when the job ends");
        assertTrue(Ui.call(editor::messageText).contains("cancelled"), Ui.call(editor::messageText));
        assertEquals(before, renderFiles(), "no render file of the cancelled edit " + edit.editName());
        Ui.call(() -> {
            editor.refreshHistory();
            return null;
        });
        assertEquals(1, (int) Ui.call(() -> editor.history().records().size()));
        assertTrue(Ui.call(() -> editor.history().selected().isPresent()), "the selection survives a refresh");
        assertTrue(Ui.call(() -> editor.runButton().isEnabled()));
    }

    @Test
    @Order(9)
    void aFailedEditIsShownInTheMessageArea() throws Exception {
        Ui.run(() -> {
            editor.settings().setValues(settings(SMALL));
            Text model = Ui.find(editor.formControl(), Text.class,
                    t -> "(the sample model)".equals(t.getMessage()));
            model.setText(dir.resolve("no-such-model").toString());
        });
        SwapEditJob edit = Ui.call(() -> editor.runEdit());
        assertNotNull(edit);
        edit.join(60_000, null);
        assertEquals(IStatus.ERROR, edit.getResult().getSeverity());
        Ui.waitUntil("the editor idle", 5_000, () -> editor.running() == null);
        assertEquals(IStatus.ERROR, (int) Ui.call(editor::messageSeverity));
        String text = Ui.call(editor::messageText);
        assertTrue(text.contains("failed") && text.contains("no-such-model") && text.contains("does not exist"), text);
        assertTrue(Ui.call(editor::messageHasDetails), "the technical detail behind a Details link");
        // the workbench logs a failed job (the error log); that one is expected here
        loggedErrors.expected(st -> st.getMessage().contains("no-such-model"));
        // shown in the editor and logged, the failure is not pinned in the Progress view as well
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        Ui.call(() -> window.getActivePage().showView(StudioIds.PROGRESS_VIEW, null,
                IWorkbenchPage.VIEW_VISIBLE));
        Ui.settle();
        Ui.sleep(500); // the progress view refreshes on a timer
        Ui.settle();
        List<String> pinned = Ui.call(() -> Ui.findAll(window.getShell(), org.eclipse.swt.widgets.Control.class,
                c -> c.isVisible() && (c instanceof org.eclipse.swt.widgets.Label || c instanceof org.eclipse.swt.widgets.Link))
                .stream().map(c -> c instanceof org.eclipse.swt.widgets.Label l ? l.getText()
                        : ((org.eclipse.swt.widgets.Link) c).getText())
                .filter(t -> t.contains(edit.editName()) && !t.contains(" failed: ")).toList());
        assertEquals(List.of(), pinned, "the failed job in the Progress view");
        Ui.settle();
        Ui.screenshot("swap-editor-failed-edit");
        Ui.run(() -> Ui.find(editor.formControl(), Text.class,
                t -> "(the sample model)".equals(t.getMessage())).setText(""));
    }

    @Test
    @Order(10)
    void aClipWithoutPointsSaysWhatToDo() throws Exception {
        Path points = project.folder().resolve("shots").resolve(project.shots().get(0).id()).resolve("points-main.json");
        assertTrue(Files.isRegularFile(points), points.toString());
        Path aside = points.resolveSibling("points-main.json.aside");
        Files.move(points, aside);
        try {
            IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
            Ui.run(() -> window.getActivePage().closeEditor(editor, false));
            SwapEditor reopened = Ui.call(() -> io.vswap.swap.ui.internal.handlers.SwapSubjectHandler.open(window,
                    new io.vswap.ui.api.ClipRef(project, project.shots().get(0),
                            project.shots().get(0).clips().get(0))));
            Ui.waitUntil("the editor to load the clip", 60_000, reopened::isLoaded);
            assertEquals(IStatus.WARNING, (int) Ui.call(reopened::messageSeverity));
            String text = Ui.call(reopened::messageText);
            assertTrue(text.contains("no semantic points") && text.contains("Edit Points"), text);
            assertEquals(0, (int) Ui.call(() -> reopened.points().table().getItemCount()));
            // the history is the clip's, whatever the editor instance
            assertEquals(1, (int) Ui.call(() -> reopened.history().records().size()));
            editor = reopened;
        } finally {
            Files.move(aside, points);
        }
    }

    @Test
    @Order(11)
    void anotherModelFolderBringsItsRecommendedDefaultsAndChangedValuesStay() throws Exception {
        Path other = Files.createDirectories(dir.resolve("recommending-model"));
        Files.writeString(other.resolve(ModelSettings.FILE), """
                {"format": "vswap-model-settings", "version": 1,
                 "methods": {"videoswap": {"motionScale": 3.0, "steps": 20}}}""");
        Text model = Ui.call(() -> Ui.find(editor.formControl(), Text.class,
                t -> "(the sample model)".equals(t.getMessage())));
        Ui.run(() -> {
            editor.settings().resetDefaults();
            editor.settings().setValues(Map.of("guidanceScale", 9.0));
            model.setText(other.toString());
            model.notifyListeners(SWT.FocusOut, new Event());
        });
        Map<String, Object> values = Ui.call(() -> editor.settings().values());
        assertEquals(3.0, values.get("motionScale"), "the model's recommendation");
        assertEquals(20, values.get("steps"), "the model's recommendation");
        // the other model's recommendations are labelled, the sample model's no longer
        assertEquals("Denoising steps (model)", Ui.call(() -> editor.settings().label("steps")));
        assertEquals("Point motion strength (model)", Ui.call(() -> editor.settings().label("motionScale")));
        assertEquals("Prompt guidance", Ui.call(() -> editor.settings().label("guidanceScale")));
        assertEquals(9.0, values.get("guidanceScale"), "changed by the user: kept");
        assertEquals(VideoSwapSettings.DEFAULTS.blendThreshold(), values.get("blendThreshold"));
        String tip = Ui.call(() -> editor.settings().field("motionScale").getToolTipText());
        assertTrue(tip.contains("the model recommends 3.0 (the method's default: 0.5)"), tip);
        Ui.settle();
        Ui.screenshot("swap-editor-model-recommends");

        // Restore Defaults goes back to the model's values; the sample model again, to its own
        Ui.run(() -> editor.settings().resetDefaults());
        assertEquals(VideoSwapSettings.DEFAULTS.guidanceScale(), Ui.call(() -> editor.settings().values())
                .get("guidanceScale"));
        assertEquals(3.0, Ui.call(() -> editor.settings().values()).get("motionScale"));
        Ui.run(() -> {
            model.setText("");
            model.notifyListeners(SWT.FocusOut, new Event());
        });
        Map<String, Object> sample = sampleModelRecommends();
        values = Ui.call(() -> editor.settings().values());
        assertEquals(sample.getOrDefault("motionScale", VideoSwapSettings.DEFAULTS.motionScale()),
                values.get("motionScale"));
        assertEquals(sample.getOrDefault("steps", VideoSwapSettings.DEFAULTS.steps()), values.get("steps"));

        // a damaged file: the method's own defaults, and the message area says which file and why
        Files.writeString(other.resolve(ModelSettings.FILE), "{\"format\": \"vswap-model-settings\", \"version\": 7}");
        Ui.run(() -> {
            model.setText(other.toString());
            model.notifyListeners(SWT.FocusOut, new Event());
        });
        assertEquals(IStatus.WARNING, (int) Ui.call(editor::messageSeverity));
        String text = Ui.call(editor::messageText);
        assertTrue(text.contains(other.resolve(ModelSettings.FILE).toString()) && text.contains("version 7"), text);
        assertEquals(VideoSwapSettings.descriptors(), Ui.call(() -> editor.settings().settings()));
        Ui.run(() -> {
            model.setText("");
            model.notifyListeners(SWT.FocusOut, new Event());
        });
    }

    /** What the shipped sample model's folder recommends for VideoSwap. */
    static Map<String, Object> sampleModelRecommends() throws Exception {
        BundleContext ctx = FrameworkUtil.getBundle(SwapEditorTest.class).getBundleContext();
        EditMethod videoswap = null;
        for (var ref : ctx.getServiceReferences(EditMethod.class, null)) {
            EditMethod m = ctx.getService(ref);
            if (m.id().equals("videoswap")) {
                videoswap = m;
            }
        }
        assertNotNull(videoswap, "the VideoSwap method service");
        return ModelSettings.recommended(SampleModel.shippedFolder(), videoswap);
    }

    // ---- helpers ----

    static Map<String, Object> settings(String text) {
        Map<String, Object> m = new HashMap<>();
        for (String kv : text.split(" ")) {
            String[] p = kv.split("=");
            m.put(p[0], p[1]);
        }
        return m;
    }

    static List<String> renderFiles() throws Exception {
        Path r = project.rendersFolder();
        if (!Files.isDirectory(r)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(r)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void mouse(Control control, int type, int button, int x, int y) {
        Ui.run(() -> {
            Event e = new Event();
            e.button = button;
            e.x = x;
            e.y = y;
            e.stateMask = type == SWT.MouseMove && button == 0 ? SWT.BUTTON1 : 0;
            control.notifyListeners(type, e);
        });
    }

    static double meanAbsDiff(ImageData a, ImageData b) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < a.height; y++) {
            for (int x = 0; x < a.width; x++) {
                var ca = a.palette.getRGB(a.getPixel(x, y));
                var cb = b.palette.getRGB(b.getPixel(x, y));
                sum += Math.abs(ca.red - cb.red) + Math.abs(ca.green - cb.green) + Math.abs(ca.blue - cb.blue);
                n += 3;
            }
        }
        return sum / n;
    }

    static String digest(ImageData d) {
        return Integer.toHexString(Arrays.hashCode(pixels(d, 0, d.width, 0, d.height)));
    }

    /** A 3-pixel-wide column's pixels around {@code x}, over the frame's middle rows. */
    static String columnDigest(ImageData d, int x, int y) {
        return Arrays.toString(pixels(d, x - 1, x + 2, y - 60, y + 60));
    }

    static int[] pixels(ImageData d, int x0, int x1, int y0, int y1) {
        List<Integer> l = new ArrayList<>();
        for (int y = Math.max(0, y0); y < Math.min(d.height, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(d.width, x1); x++) {
                var c = d.palette.getRGB(d.getPixel(x, y));
                l.add(c.red << 16 | c.green << 8 | c.blue);
            }
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    static double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Draft, Final and back: each sets its values from the defaults; a change of its own shows Custom. */
    private void presetsSetTheirSettings() {
        Map<String, Object> standard = Ui.call(() -> editor.settings().values());
        Ui.run(() -> editor.choosePreset("Draft"));
        Ui.settle();
        // Draft's line is longer than Standard's: the form's end moves with it (it did not, at first)
        assertTrue(Ui.call(editor::formScrollsToItsEnd), "the form scrolls to its end with Draft's line");
        Map<String, Object> draft = Ui.call(() -> editor.settings().values());
        int steps = (Integer) standard.get("steps");
        assertEquals(Math.max(Math.min(10, steps), steps / 2), draft.get("steps"));
        assertEquals(1, draft.get("placementPasses"));
        assertEquals(standard.get("seed"), draft.get("seed"), "a preset leaves the seed");
        Ui.run(() -> editor.choosePreset("Final"));
        assertEquals(2 * (Integer) standard.get("registrationIterations"),
                Ui.call(() -> editor.settings().values()).get("registrationIterations"));
        assertEquals(standard.get("steps"), Ui.call(() -> editor.settings().values()).get("steps"));
        // a field typed by hand: Custom
        Ui.run(() -> ((Text) editor.settings().field("steps")).setText("33"));
        assertEquals("Custom", Ui.call(editor::preset));
        Ui.run(() -> editor.choosePreset("Standard"));
        assertEquals(standard, Ui.call(() -> editor.settings().values()));
        assertEquals("Standard", Ui.call(editor::preset));
    }

    /** True when {@code c} lies wholly inside the window's client area (no scrolling needed). */
    private static boolean inSight(Control c) {
        org.eclipse.swt.graphics.Rectangle b = c.getDisplay().map(c.getParent(), null, c.getBounds());
        org.eclipse.swt.graphics.Rectangle w = c.getDisplay().map(c.getShell(), null, c.getShell().getClientArea());
        return c.isVisible() && b.width > 0 && w.contains(b.x, b.y) && w.contains(b.x + b.width - 1, b.y + b.height - 1);
    }

    /** The seconds of the estimate in a readiness message ("about 3 min", "about 40 s"). */
    private static long seconds(String message) {
        var m = java.util.regex.Pattern.compile("about (\\d+) (s|min|h)").matcher(message);
        assertTrue(m.find(), message);
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("s") ? n : m.group(2).equals("min") ? n * 60 : n * 3600;
    }
}
