package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.internal.jobs.LoadClipFramesJob.Frames;
import io.vswap.ui.internal.player.PlayerView;
import io.vswap.ui.internal.wizard.ClipPage;
import io.vswap.ui.internal.wizard.ImportVideoWizard;
import io.vswap.ui.internal.wizard.SourcePage;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.ImportWizardDriver;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;
import io.vswap.video.api.SizePreset;

/**
 * The whole workstation path a user takes: the VideoSwap window, Import Video through its
 * wizard, the clip in the Project Explorer, the player on clip frame N, and the pixels on the
 * screen are frame N's.
 */
class ImportAndPlayTest {

    @BeforeAll
    static void startStudio() {
        StudioWorkbench.ensureRunning();
    }

    /** Clip: every second source frame from frame 1, 24 frames; clip frame 9 is source frame 19. */
    private static final int START = 1, COUNT = 24, STRIDE = 2, CLIP_FRAME = 9;
    private static final int SOURCE_FRAME = START + CLIP_FRAME * STRIDE;

    @TempDir
    Path temp;

    @Test
    void importsAVideoThroughTheWizardAndThePlayerShowsTheChosenFrame() throws Exception {
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        assertNotNull(window, "the workbench has a window");
        assertEquals("VideoSwap Studio", Ui.call(() -> window.getShell().getText()));
        assertEquals(StudioIds.PERSPECTIVE, Ui.call(() -> window.getActivePage().getPerspective().getId()));
        for (String view : new String[] { StudioIds.PROJECT_EXPLORER_VIEW, StudioIds.PLAYER_VIEW,
                StudioIds.PROGRESS_VIEW }) {
            assertNotNull(Ui.call(() -> window.getActivePage().findView(view)), view + " is in the perspective");
        }
        Ui.settle();
        Ui.screenshot("00-workbench");

        // The UI's own path to the services: the workbench service locator over OSGi/DS.
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        assertNotNull(session, "ProjectSession (DS component of io.vswap.ui) is found through the workbench");
        Path video = SampleVideo.write(session.codecs(), temp.resolve("squares.mp4"));
        session.create(temp.resolve("project"), "Squares");

        // Import Video, as the menu item does
        ImportWizardDriver driver = ImportWizardDriver.open(window);
        Shell wizardShell = driver.shell();
        WizardDialog dialog = driver.dialog();
        ImportVideoWizard wizard = assertInstanceOf(ImportVideoWizard.class, driver.wizard());
        Ui.run(() -> wizardShell.setBounds(200, 80, 1000, 760));
        SourcePage source = wizard.sourcePage();

        Ui.run(() -> source.fileText().setText(video.toString())); // fires Modify, which probes in a job
        Ui.waitUntil("the probe of " + video, 30_000, source::isPageComplete);
        assertEquals("320 × 240", Ui.call(() -> source.probeText("size")));
        assertEquals("64", Ui.call(() -> source.probeText("frames")));
        assertEquals("h264", Ui.call(() -> source.probeText("codec")));
        assertEquals("24.000 fps", Ui.call(() -> source.probeText("frameRate")));
        assertEquals("0°", Ui.call(() -> source.probeText("rotation")));
        assertEquals("none", Ui.call(() -> source.probeText("audio")));
        ImageData thumbnail = Ui.call(() -> source.preview().firstFrame());
        assertPixel(SampleVideo.SQUARE, RgbImages.rgb(thumbnail, 20, 15), "thumbnail shows frame 0's square");
        Ui.settle();
        Ui.screenshot("01-import-source");

        Ui.run(() -> Ui.pressDialogButton(wizardShell, IDialogConstants.NEXT_ID));
        ClipPage clip = wizard.clipPage();
        assertEquals(clip, Ui.call(dialog::getCurrentPage));
        Ui.run(() -> clip.select(SizePreset.SQUARE_512));
        // A centred crop follows the output aspect: 320×240 → 240×240 for 512×512.
        assertArrayEquals(new int[] { 40, 0, 240, 240 }, cropShown(clip));
        // A crop the user edits is kept when the size changes …
        Ui.run(() -> set(clip.crop4()[0], 60));
        Ui.run(() -> clip.select(SizePreset.LANDSCAPE_768x448));
        assertArrayEquals(new int[] { 60, 0, 240, 240 }, cropShown(clip));
        // … until Centre puts it back in the middle for the current aspect (768:448 → 320×187).
        Ui.run(() -> Ui.fire(clip.centreButton(), SWT.Selection));
        assertArrayEquals(new int[] { 0, 26, 320, 187 }, cropShown(clip));
        Ui.run(() -> clip.select(SizePreset.SQUARE_512));
        assertArrayEquals(new int[] { 40, 0, 240, 240 }, cropShown(clip));
        // Frames past the end are refused with a message, and Finish is disabled.
        Ui.run(() -> {
            set(clip.start(), START);
            set(clip.count(), 40);
            set(clip.stride(), STRIDE);
        });
        assertNotNull(Ui.call(clip::getErrorMessage), "a clip past the end of the video is refused");
        assertTrue(!Ui.call(wizard::canFinish));
        Ui.run(() -> set(clip.count(), COUNT));
        assertEquals(null, Ui.call(clip::getErrorMessage));
        Ui.settle();
        Ui.screenshot("02-import-clip");

        step("finish");
        Ui.run(() -> Ui.pressDialogButton(wizardShell, IDialogConstants.FINISH_ID));
        Ui.waitUntil("the wizard to close", 5_000, wizardShell::isDisposed);
        step("wizard closed");
        Job importJob = wizard.importJob();
        assertNotNull(importJob, "finishing schedules the import job");
        importJob.join(60_000, null);
        assertEquals(IStatus.OK, importJob.getResult().getSeverity(), importJob.getResult().toString());

        step("imported");
        Project project = session.current().orElseThrow();
        assertEquals(1, project.shots().size());
        Shot shot = project.shots().get(0);
        assertEquals("squares", shot.name());
        ClipSettings settings = shot.clips().get(0).settings();
        assertEquals(new ClipSettings(START, COUNT, STRIDE, new CropRect(40, 0, 240, 240), false, 512, 512),
                settings);

        // The explorer shows the clip; double-clicking it opens the player.
        ClipRef ref = new ClipRef(project, shot, shot.clips().get(0));
        IWorkbenchPage page = Ui.call(window::getActivePage);
        ProjectExplorerView explorer = (ProjectExplorerView) Ui.call(
                () -> page.findView(StudioIds.PROJECT_EXPLORER_VIEW));
        step("explorer");
        Ui.waitUntil("the project in the explorer", 5_000, () -> explorer.shownProject() == project);
        // the new shot's clip is selected and the status line says what to do next
        Ui.waitUntil("the new clip selected", 5_000, () -> ref.equals(explorer.viewer().getStructuredSelection()
                .getFirstElement()));
        assertTrue(Ui.call(explorer::lastHint).startsWith("Imported \"squares\": next, Edit Points"),
                Ui.call(explorer::lastHint));
        Ui.run(() -> {
            page.activate(explorer);
            explorer.viewer().setSelection(new StructuredSelection(ref), true);
        });
        assertTrue(Ui.call(() -> explorer.viewer().getStructuredSelection().getFirstElement() instanceof ClipRef),
                "the explorer's tree holds the clip");
        // Double-click on the clip's tree item (what SWT sends for it): the explorer runs Play Clip.
        Ui.run(() -> {
            TreeItem clipItem = explorer.viewer().getTree().getItem(0).getItem(0).getItem(0);
            assertEquals(ref, clipItem.getData());
            Event doubleClick = new Event();
            doubleClick.item = clipItem;
            explorer.viewer().getTree().notifyListeners(SWT.DefaultSelection, doubleClick);
        });
        PlayerView player = (PlayerView) Ui.call(() -> page.findView(StudioIds.PLAYER_VIEW));
        Ui.waitUntil("the player to load the clip", 30_000, () -> player.frameCount() == COUNT);

        step("player loaded");
        // Scrub to frame N-1, then step once: frame N.
        Ui.run(() -> {
            player.slider().setSelection(CLIP_FRAME - 1);
            Ui.fire(player.slider(), SWT.Selection);
        });
        Ui.run(() -> Ui.fire(player.stepForwardButton(), SWT.Selection));
        assertEquals(CLIP_FRAME, (int) Ui.call(player::frame));
        String label = Ui.call(() -> player.frameLabel().getText());
        assertTrue(label.startsWith("Frame " + CLIP_FRAME + " / " + (COUNT - 1)), label);
        assertTrue(label.contains("source " + SOURCE_FRAME) && label.contains("00:00:00:19"), label);
        assertTrue(label.contains("00:00:00.792"), "the frame's real time in the source (19 / 24 s): " + label);
        Ui.settle();
        step("stepped");
        Ui.screenshot("03-player-source-frame");
        assertShowsSourceFrame(player, SOURCE_FRAME);
        assertPixelsAsSquares(player);
        // 1:1: one frame pixel per screen pixel, centred
        Ui.run(() -> {
            player.zoomChoice().select(1);
            Ui.fire(player.zoomChoice(), SWT.Selection);
        });
        Ui.settle();
        Rectangle exact = Ui.call(player::imageBounds);
        assertEquals(SampleVideo.WIDTH, exact.width, "1:1 " + exact);
        assertEquals(SampleVideo.HEIGHT, exact.height, "1:1 " + exact);
        Ui.screenshot("03b-player-one-to-one");
        Ui.run(() -> {
            player.zoomChoice().select(0);
            Ui.fire(player.zoomChoice(), SWT.Selection);
        });
        Ui.settle();

        // The prepared clip (cropped to 240×240 at x=40, scaled to 512×512) on the same clip frame.
        step("source checked");
        Ui.run(() -> player.showFrames(Frames.PREPARED));
        Ui.waitUntil("the prepared clip frames", 60_000,
                () -> player.frameCount() == COUNT && player.loadJob().getResult() != null);
        assertEquals(IStatus.OK, player.loadJob().getResult().getSeverity(), player.loadJob().getResult().toString());
        assertEquals(CLIP_FRAME, (int) Ui.call(player::frame));
        Ui.settle();
        Ui.screenshot("04-player-prepared-frame");
        assertShowsPreparedFrame(player, SOURCE_FRAME, settings);

        // Play advances at the clip's rate (24 fps / stride 2 = 12 fps); pause stops it.
        Ui.run(() -> Ui.fire(player.playPauseButton(), SWT.Selection));
        Ui.waitUntil("playback to advance", 5_000, () -> player.frame() >= CLIP_FRAME + 2);
        Ui.run(() -> Ui.fire(player.playPauseButton(), SWT.Selection));
        int paused = Ui.call(player::frame);
        Ui.sleep(400);
        assertEquals(paused, (int) Ui.call(player::frame), "pause stops playback");
    }

    /** Progress of the test in its log: a native crash leaves no stack trace, this says where it was. */
    private static void step(String what) {
        System.err.println("[ImportAndPlayTest] " + what);
    }

    private static void set(Spinner spinner, int value) {
        spinner.setSelection(value);
        Ui.fire(spinner, SWT.Modify);
    }

    private static int[] cropShown(ClipPage clip) {
        return Ui.call(() -> Arrays.stream(clip.crop4()).mapToInt(Spinner::getSelection).toArray());
    }

    /** Source mode: the whole 320×240 frame scaled to fit; the square of frame n, and only it. */
    private static void assertShowsSourceFrame(PlayerView player, int n) {
        ImageData shown = Ui.call(() -> Ui.grab(player.canvas()));
        Rectangle dst = Ui.call(player::imageBounds);
        double scale = dst.width / (double) SampleVideo.WIDTH;
        assertTrue(scale > 1, "the frame is scaled up to the view: " + dst);
        for (int m : new int[] { n, n - 1, n + 1, n - 8, n + 8, 0 }) {
            double[] c = SampleVideo.centre(m);
            int x = dst.x + (int) Math.round(c[0] * scale);
            int y = dst.y + (int) Math.round(c[1] * scale);
            int[] expected = m == n ? SampleVideo.SQUARE : SampleVideo.BACKGROUND;
            assertPixel(expected, RgbImages.rgb(shown, x, y),
                    "source frame " + n + " shown; at frame " + m + "'s square (" + x + "," + y + ")");
        }
    }

    /**
     * Scaled up twice or more, each frame pixel is a block of equal screen pixels: no run of a
     * single screen pixel along a row (a smoothed scale-up blends neighbours into such runs). The
     * crop rectangle's lines are left out.
     */
    private static void assertPixelsAsSquares(PlayerView player) {
        ImageData shown = Ui.call(() -> Ui.grab(player.canvas()));
        Rectangle dst = Ui.call(player::imageBounds);
        assertTrue(dst.width >= 2 * SampleVideo.WIDTH, "scaled up at least twice here: " + dst);
        int single = 0;
        int rows = 0;
        for (int y = dst.y + 8; y < dst.y + dst.height - 8; y += 7) {
            int[] prev = null;
            int run = 0;
            rows++;
            // left of the crop rectangle, whose left line is at source x = 40
            for (int x = dst.x + 4; x < dst.x + 36 * dst.width / SampleVideo.WIDTH; x++) {
                int[] c = RgbImages.rgb(shown, x, y);
                if (prev != null && !Arrays.equals(prev, c)) {
                    if (run == 1) {
                        single++;
                    }
                    run = 0;
                }
                run++;
                prev = c;
            }
        }
        assertEquals(0, single, "runs of one screen pixel in " + rows + " rows: the scale-up is smoothed");
    }

    /** Prepared mode: source point p maps to ((p - crop origin) × output/crop) in the 512×512 clip frame. */
    private static void assertShowsPreparedFrame(PlayerView player, int n, ClipSettings s) {
        ImageData shown = Ui.call(() -> Ui.grab(player.canvas()));
        Rectangle dst = Ui.call(player::imageBounds);
        double scale = dst.width / (double) s.outputWidth();
        for (int m : new int[] { n, n - 1, n + 1, n - 8, n + 8 }) {
            double[] c = SampleVideo.centre(m);
            double ox = (c[0] - s.crop().x()) * s.outputWidth() / s.crop().width();
            double oy = (c[1] - s.crop().y()) * s.outputHeight() / s.crop().height();
            int x = dst.x + (int) Math.round(ox * scale);
            int y = dst.y + (int) Math.round(oy * scale);
            int[] expected = m == n ? SampleVideo.SQUARE : SampleVideo.BACKGROUND;
            assertPixel(expected, RgbImages.rgb(shown, x, y),
                    "prepared clip frame of source " + n + "; at frame " + m + "'s square (" + x + "," + y + ")");
        }
    }

    /** Equal within a tolerance that H.264 (4:2:0 chroma, lossy) and scaling easily meet. */
    static void assertPixel(int[] expected, int[] actual, String what) {
        for (int i = 0; i < 3; i++) {
            if (Math.abs(expected[i] - actual[i]) > 40) {
                fail(what + ": expected about " + Arrays.toString(expected) + " but was " + Arrays.toString(actual));
            }
        }
    }
}
