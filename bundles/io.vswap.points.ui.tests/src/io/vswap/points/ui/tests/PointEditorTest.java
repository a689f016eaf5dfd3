package io.vswap.points.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.ui.internal.PointServices;
import io.vswap.points.ui.internal.PointsUiIds;
import io.vswap.points.ui.internal.editor.FrameView;
import io.vswap.points.ui.internal.editor.PointDocument.Mode;
import io.vswap.points.ui.internal.editor.PointDocument;
import io.vswap.points.ui.internal.editor.PointEditor;
import io.vswap.points.ui.internal.table.PointsTableView;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;

/**
 * A user's session in the point editor, through SWT events on its canvas: open a clip from the
 * Project Explorer with Edit Points, add two named points, track (checked against the subject's
 * true path), scrub and zoom, correct a point on a later frame (a keyframe, re-tracked), undo and
 * redo through the workbench's commands, drag and remove points for an edit (source tracks
 * untouched, the drag propagated live), the Points table in step with the canvas, and save.
 */
class PointEditorTest {

    /** Points fixed on the subject: interior corners of its checker cells. */
    private static final double[] NOSE = { 32, 16 }, TAIL = { 64, 32 };
    /** H.264 blurs the corners a little; LK on them is still well inside this. */
    private static final double TRACK_TOLERANCE = 1.5;
    private static final int CORRECTION_FRAME = 16;

    @TempDir
    Path temp;

    /** Errors the workbench logged: it logs exceptions thrown in SWT listeners instead of passing them on. */
    private static LoggedErrors loggedErrors;

    @BeforeAll
    static void startStudio() {
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
    }

    @AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("PointEditorTest");
    }

    @Test
    void annotateTrackCorrectUndoEditAndSave() throws Exception {
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        PointServices services = Ui.call(() -> PlatformUI.getWorkbench().getService(PointServices.class));
        assertNotNull(services, "PointServices (DS component of io.vswap.points.ui) is found through the workbench");
        Path video = MovingSubjectVideo.write(session.codecs(), temp.resolve("mover.mp4"));
        Project project = session.create(temp.resolve("project"), "Mover");
        ClipSettings settings = new ClipSettings(0, MovingSubjectVideo.FRAMES, 1,
                new CropRect(0, 0, MovingSubjectVideo.WIDTH, MovingSubjectVideo.HEIGHT), true,
                MovingSubjectVideo.WIDTH, MovingSubjectVideo.HEIGHT);
        project = session.store().importShot(project, video, "mover", "main", settings, new NullProgressMonitor());
        session.setCurrent(project);
        Shot shot = project.shots().get(0);
        ClipRef ref = new ClipRef(project, shot, shot.clips().get(0));

        // Edit Points on the clip selected in the Project Explorer (the command of its context menu).
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        IWorkbenchPage page = Ui.call(window::getActivePage);
        Project shown = project;
        ProjectExplorerView explorer = (ProjectExplorerView) Ui.call(
                () -> page.showView(StudioIds.PROJECT_EXPLORER_VIEW));
        Ui.waitUntil("the project in the explorer", 5_000, () -> explorer.shownProject() == shown);
        Ui.run(() -> {
            page.activate(explorer);
            explorer.viewer().setSelection(new StructuredSelection(ref), true);
        });
        Object opened = Ui.call(() -> window.getService(IHandlerService.class)
                .executeCommand(PointsUiIds.CMD_EDIT_POINTS, null));
        PointEditor editor = (PointEditor) opened;
        assertEquals(PointsUiIds.PERSPECTIVE, Ui.call(() -> page.getPerspective().getId()));
        Ui.waitUntil("the editor to load the clip", 60_000, () -> editor.document() != null);
        PointDocument doc = editor.document();
        assertEquals(MovingSubjectVideo.FRAMES, doc.frameCount());
        assertTrue(doc.points().points().isEmpty(), "a clip without saved points starts empty");
        Canvas canvas = Ui.call(() -> editor.frameView().canvas());
        FrameView view = editor.frameView();
        Ui.settle();
        Ui.screenshot("10-editor-opened");
        for (int[] s : new int[][] { { 1280, 800 }, { 1920, 1080 } }) {
            Ui.atScreenSize(Ui.call(window::getShell), s[0], s[1], () -> {
                Ui.screenshot("10b-editor-" + s[0] + "x" + s[1]);
                assertEquals(java.util.List.of(), Ui.call(() -> Ui.clipped(window.getShell())), "clipped at " + s[0]);
            });
        }

        // Add Point tool (key A), click on the nose, name it inline, Enter; then the tail.
        key(canvas, 'a', 0);
        assertEquals(FrameView.Tool.ADD, Ui.call(view::tool));
        addPoint(view, canvas, "nose", MovingSubjectVideo.truth(NOSE[0], NOSE[1], 0));
        Ui.settle();
        Ui.screenshot("11-naming-second-point-before");
        addPoint(view, canvas, "tail", MovingSubjectVideo.truth(TAIL[0], TAIL[1], 0));
        key(canvas, 'v', 0);
        PointSet placed = Ui.call(doc::points);
        assertEquals(List.of("nose", "tail"), placed.pointNames());
        double pixel = 1 / Ui.call(view::scale); // a click lands within a screen pixel
        assertNear(MovingSubjectVideo.truth(NOSE[0], NOSE[1], 0), placed.point("nose").get().keyframes().get(0)
                .position(), pixel, "nose placed where clicked");
        assertNear(MovingSubjectVideo.truth(TAIL[0], TAIL[1], 0), placed.point("tail").get().keyframes().get(0)
                .position(), pixel, "tail placed where clicked");
        assertFalse(placed.isTracked());
        assertTrue(Ui.call(editor::isDirty));

        // Track (the command, Ctrl+T): a job; the result is checked against the true path.
        Job track = (Job) Ui.call(() -> window.getService(IHandlerService.class)
                .executeCommand(PointsUiIds.CMD_TRACK, null));
        assertNotNull(track, "Track runs a job");
        track.join(120_000, null);
        assertTrue(track.getResult().isOK(), track.getResult().toString());
        Ui.waitUntil("the tracks in the editor", 10_000, () -> doc.points().isTracked());
        PointSet tracked = Ui.call(doc::points);
        double worst = 0;
        for (int n = 0; n < MovingSubjectVideo.FRAMES; n++) {
            worst = Math.max(worst, error(tracked, "nose", NOSE, n));
            worst = Math.max(worst, error(tracked, "tail", TAIL, n));
        }
        System.err.println("[PointEditorTest] worst tracking error " + worst + " px");
        assertTrue(worst < TRACK_TOLERANCE, "tracked within " + TRACK_TOLERANCE + " px of the truth: " + worst);
        assertEquals(MovingSubjectVideo.FRAMES, tracked.point("nose").get().trajectory().visibleCount());

        // Keyboard stepping: End, Home, Right ×12.
        key(canvas, 0, SWT.END);
        assertEquals(MovingSubjectVideo.FRAMES - 1, (int) Ui.call(doc::frame));
        key(canvas, 0, SWT.HOME);
        assertEquals(0, (int) Ui.call(doc::frame));
        for (int i = 0; i < 12; i++) {
            key(canvas, 0, SWT.ARROW_RIGHT);
        }
        assertEquals(12, (int) Ui.call(doc::frame));
        // Scrubbing: a drag on the timeline to frame 5's cell, then back with Left.
        Canvas timeline = Ui.call(() -> editor.timeline().canvas());
        int cell5 = Ui.call(() -> editor.timeline().xOf(5));
        mouse(timeline, SWT.MouseDown, 1, new Point(Ui.call(() -> editor.timeline().xOf(2)), 20));
        mouse(timeline, SWT.MouseMove, 0, new Point(cell5, 22));
        mouse(timeline, SWT.MouseUp, 1, new Point(cell5, 22));
        assertEquals(5, (int) Ui.call(doc::frame));
        Ui.run(() -> doc.setFrame(12));
        Ui.settle();
        Ui.screenshot("12-tracked-frame-12");

        // The nose's marker is drawn in its colour where the tracker put it.
        int noseColour = tracked.point("nose").get().colour();
        Point noseOnCanvas = Ui.call(() -> {
            Position p = view.shownPosition("nose");
            return view.toCanvas(p.x(), p.y());
        });
        ImageData grabbed = Ui.call(() -> Ui.grab(canvas));
        assertPixel(noseColour, RgbImages.rgb(grabbed, noseOnCanvas.x, noseOnCanvas.y), "nose marker centre");
        assertPixel(noseColour, RgbImages.rgb(grabbed, noseOnCanvas.x + FrameView.MARKER_RADIUS - 2, noseOnCanvas.y),
                "nose marker fill");

        // Zoom with the wheel around the cursor: the image point under it stays put; F fits again.
        Point at = new Point(noseOnCanvas.x + 30, noseOnCanvas.y + 10);
        Position before = Ui.call(() -> view.toImage(at.x, at.y));
        double fitScale = Ui.call(view::scale);
        wheel(canvas, at, 3);
        assertTrue(Ui.call(view::scale) > fitScale * 1.1, "the wheel zooms in");
        Position after = Ui.call(() -> view.toImage(at.x, at.y));
        assertEquals(before.x(), after.x(), 0.05, "zoom keeps the point under the cursor (x)");
        assertEquals(before.y(), after.y(), 0.05, "zoom keeps the point under the cursor (y)");
        Ui.settle();
        Ui.screenshot("13-zoomed");
        // Middle-drag pans.
        Point origin = Ui.call(() -> view.toCanvas(0, 0));
        mouse(canvas, SWT.MouseDown, 2, new Point(400, 300));
        mouse(canvas, SWT.MouseMove, 0, new Point(440, 280));
        mouse(canvas, SWT.MouseUp, 2, new Point(440, 280));
        assertEquals(new Point(origin.x + 40, origin.y - 20), Ui.call(() -> view.toCanvas(0, 0)));
        key(canvas, 'f', 0);
        assertEquals(fitScale, Ui.call(view::scale), 1e-9);

        // Correction on a later frame: drag the nose where it "really" is; it becomes a keyframe and
        // the span around it is re-tracked; the tail is untouched.
        Ui.run(() -> doc.setFrame(CORRECTION_FRAME));
        double[] truth16 = MovingSubjectVideo.truth(NOSE[0], NOSE[1], CORRECTION_FRAME);
        Position corrected = new Position(truth16[0] + 6, truth16[1] - 4);
        dragPoint(view, canvas, "nose", corrected);
        try {
            Ui.waitUntil("the correction's re-track", 60_000,
                    () -> editor.trackJob().getResult() != null && !doc.points().equals(tracked)
                            && doc.points().point("nose").get().trajectory().x(CORRECTION_FRAME) != tracked
                                    .point("nose").get().trajectory().x(CORRECTION_FRAME));
        } catch (AssertionError e) {
            Ui.screenshot("99-retrack-failed");
            throw new AssertionError(e.getMessage() + "; status line: " + Ui.call(() -> editor.statusLine().getText())
                    + "; last job: " + editor.trackJob() + " " + editor.trackJob().getResult() + "; keyframes: "
                    + Ui.call(() -> doc.points().point("nose").get().keyframes()), e);
        }
        Ui.settle();
        PointSet correctedSet = Ui.call(doc::points);
        SemanticPoint nose = correctedSet.point("nose").get();
        assertEquals(2, nose.keyframes().size(), "the correction is a keyframe: " + nose.keyframes());
        assertNear(new double[] { corrected.x(), corrected.y() }, nose.keyframe(CORRECTION_FRAME).get().position(),
                1 / Ui.call(view::scale) + 0.01, "keyframe where dropped");
        Trajectory noseTrack = nose.trajectory();
        assertEquals(nose.keyframe(CORRECTION_FRAME).get().x(), noseTrack.x(CORRECTION_FRAME), 0.01,
                "the re-track passes through the correction");
        assertEquals(tracked.point("nose").get().trajectory().x(0), noseTrack.x(0), 1e-9, "frame 0 is a keyframe");
        assertEquals(tracked.point("tail").get().trajectory(), correctedSet.point("tail").get().trajectory(),
                "the other point is not re-tracked");
        Ui.screenshot("14-corrected-frame-16");

        // Undo (the workbench's command, as Ctrl+Z runs it) restores the tracked set; redo the correction.
        command(window, "org.eclipse.ui.edit.undo");
        assertEquals(tracked, Ui.call(doc::points), "undo restores the set before the correction");
        command(window, "org.eclipse.ui.edit.redo");
        assertEquals(correctedSet, Ui.call(doc::points), "redo brings back the re-tracked correction");
        command(window, "org.eclipse.ui.edit.undo");
        assertEquals(tracked, Ui.call(doc::points));

        // The Points table shows both points and follows the canvas selection, and the other way round.
        PointsTableView table = (PointsTableView) Ui.call(() -> page.findView(PointsUiIds.POINTS_TABLE_VIEW));
        assertNotNull(table, "the Points perspective shows the Points table");
        Ui.waitUntil("two rows in the Points table", 5_000, () -> table.viewer().getTable().getItemCount() == 2);
        assertEquals("24 / 24", Ui.call(() -> table.viewer().getTable().getItem(0).getText(2)));
        Ui.run(() -> doc.setFrame(12));
        Point tailOnCanvas = Ui.call(() -> {
            Position p = view.shownPosition("tail");
            return view.toCanvas(p.x(), p.y());
        });
        mouse(canvas, SWT.MouseDown, 1, tailOnCanvas);
        mouse(canvas, SWT.MouseUp, 1, tailOnCanvas);
        assertEquals("tail", Ui.call(doc::selected));
        assertEquals("tail", Ui.call(table::selectedName), "the table follows the canvas");
        Ui.run(() -> table.viewer().setSelection(new StructuredSelection(doc.points().point("nose").get()), true));
        assertEquals("nose", Ui.call(doc::selected), "the canvas follows the table");

        // "Hidden Here" (key H) on the selected nose: an occlusion mark on frame 12, one step, the span
        // re-tracked; drawn hollow on the canvas and as a hollow, crossed diamond on the timeline.
        key(canvas, 'h', 0);
        assertEquals(List.of(12), Ui.call(() -> doc.points().point("nose").get().hiddenFrames()), "marked on 12");
        assertFalse(Ui.call(() -> doc.points().point("nose").get().trajectory().visible(12)), "nose hidden on 12");
        waitForRetrack(editor, 12);
        assertEquals(List.of(12), Ui.call(() -> doc.points().point("nose").get().hiddenFrames()));
        assertFalse(Ui.call(() -> doc.points().point("nose").get().trajectory().visible(12)),
                "hidden after its re-track");
        assertTrue(Ui.call(() -> doc.points().point("nose").get().trajectory().visible(11)), "only on 12");
        assertTrue(Ui.call(() -> doc.points().point("nose").get().trajectory().visible(13)), "only on 12");
        assertHiddenMarker(view, canvas, noseColour, "after marking");
        assertMarkOnTimeline(editor, "nose", 12, noseColour, "after marking");
        Ui.screenshot("14b-nose-hidden-on-frame-12");

        // The mark is the user's word: Track again, then a correction on frame 20 (its re-track spans the
        // whole clip, across the mark), and the nose stays hidden on 12 with its marks drawn.
        Job again = (Job) Ui.call(() -> window.getService(IHandlerService.class)
                .executeCommand(PointsUiIds.CMD_TRACK, null));
        again.join(120_000, null);
        assertTrue(again.getResult().isOK(), again.getResult().toString());
        Ui.waitUntil("the second track in the editor", 10_000,
                () -> editor.statusLine().getText().contains("Tracked 2 points"));
        assertEquals(List.of(12), Ui.call(() -> doc.points().point("nose").get().hiddenFrames()), "kept by Track");
        assertFalse(Ui.call(() -> doc.points().point("nose").get().trajectory().visible(12)), "hidden after Track");
        Ui.run(() -> doc.setFrame(20));
        double[] truth20 = MovingSubjectVideo.truth(NOSE[0], NOSE[1], 20);
        dragPoint(view, canvas, "nose", new Position(truth20[0] + 2, truth20[1]));
        waitForRetrack(editor, 20);
        SemanticPoint afterCorrection = Ui.call(() -> doc.points().point("nose").get());
        assertTrue(afterCorrection.isKeyframe(20), "the correction is a keyframe: " + afterCorrection.keyframes());
        assertEquals(List.of(12), afterCorrection.hiddenFrames(), "kept by a correction elsewhere");
        assertFalse(afterCorrection.trajectory().visible(12), "hidden after the correction's re-track");
        assertTrue(afterCorrection.trajectory().visible(11) && afterCorrection.trajectory().visible(13));
        Ui.run(() -> doc.setFrame(12));
        assertHiddenMarker(view, canvas, noseColour, "after Track and a correction");
        assertMarkOnTimeline(editor, "nose", 12, noseColour, "after Track and a correction");
        Ui.screenshot("14c-mark-kept-after-track-and-correction");

        // Undo takes back the correction, the track and the mark, one step each: the nose is seen on 12 again.
        command(window, "org.eclipse.ui.edit.undo");
        command(window, "org.eclipse.ui.edit.undo");
        assertEquals(List.of(12), Ui.call(() -> doc.points().point("nose").get().hiddenFrames()));
        command(window, "org.eclipse.ui.edit.undo");
        assertTrue(Ui.call(() -> doc.points().point("nose").get().hiddenFrames().isEmpty()), "undo removes the mark");
        assertTrue(Ui.call(() -> doc.points().point("nose").get().trajectory().visible(12)), "undo shows it again");
        assertTrue(Ui.call(() -> editor.statusLine().getText()).contains("Undone: Mark nose hidden on frame 12"),
                Ui.call(() -> editor.statusLine().getText()));
        assertEquals(tracked, Ui.call(doc::points), "undo restores the set before the mark exactly");
        Ui.settle();
        Point shownAt = noseOnCanvasAt(view);
        int[] shownAgain = RgbImages.rgb(Ui.call(() -> Ui.grab(canvas)), shownAt.x, shownAt.y);
        assertPixel(noseColour, shownAgain, "the nose marker is filled again after undo");

        // Recolour, rename (its dialog), delete (Del key): each one step that undo takes back exactly.
        Ui.run(() -> editor.recolour("tail", 0x00a0ff));
        assertEquals(0x00a0ff, (int) Ui.call(() -> doc.points().point("tail").get().colour()));
        command(window, "org.eclipse.ui.edit.undo");
        Ui.run(() -> doc.select("nose"));
        Ui.display().asyncExec(editor::renameSelected); // modal
        Ui.waitUntil("the Rename Point dialog", 10_000, () -> Ui.display().getActiveShell() != null
                && Ui.display().getActiveShell().getData() instanceof InputDialog);
        Shell renameShell = Ui.call(() -> Ui.display().getActiveShell());
        Ui.run(() -> {
            Ui.find(renameShell, Text.class, t -> true).setText("snout");
            Ui.pressDialogButton(renameShell, IDialogConstants.OK_ID);
        });
        Ui.waitUntil("the rename", 5_000, () -> doc.points().point("snout").isPresent());
        assertEquals(List.of("snout", "tail"), Ui.call(() -> doc.points().pointNames()));
        assertEquals("snout", Ui.call(doc::selected), "the renamed point stays selected");
        command(window, "org.eclipse.ui.edit.undo");
        Ui.run(() -> doc.select("nose"));
        key(canvas, 0, SWT.DEL);
        assertEquals(List.of("tail"), Ui.call(() -> doc.points().pointNames()));
        command(window, "org.eclipse.ui.edit.undo");
        assertEquals(tracked, Ui.call(doc::points), "undo takes back recolour, rename and delete exactly");
        Ui.run(() -> doc.select("nose"));

        // Edit mode "drag points": the drag is propagated live to every frame while the mouse moves;
        // the source tracks never change.
        Ui.run(() -> {
            editor.modeChoice().select(Mode.DRAG_POINTS.ordinal());
            Ui.fire(editor.modeChoice(), SWT.Selection);
        });
        assertEquals(Mode.DRAG_POINTS, Ui.call(doc::mode));
        PointSet source = Ui.call(doc::points);
        Point from = tailOnCanvas;
        mouse(canvas, SWT.MouseDown, 1, from);
        Point to = new Point(from.x + 40, from.y + 25);
        mouse(canvas, SWT.MouseMove, 0, new Point(from.x + 20, from.y + 12));
        mouse(canvas, SWT.MouseMove, 0, to);
        PointDocument.EditDragPreview live = Ui.call(doc::editDragPreview);
        assertNotNull(live, "a drag in progress is previewed");
        assertSame(source, Ui.call(doc::points), "the preview changes nothing");
        Trajectory sourceTail = source.point("tail").get().trajectory();
        for (int n : new int[] { 0, 5, 20 }) {
            assertNotEquals(sourceTail.x(n), live.propagated().x(n), "the drag reaches frame " + n);
        }
        Ui.settle();
        Ui.screenshot("15-edit-drag-live");
        mouse(canvas, SWT.MouseUp, 1, to);
        PointEdit edit = Ui.call(doc::edit);
        PointDrag drag = edit.drag("tail").orElseThrow(() -> new AssertionError("the edit records the drag"));
        double s = Ui.call(view::scale);
        assertEquals(12, drag.frame());
        assertEquals(40 / s, drag.dx(), 1.5 / s);
        assertEquals(25 / s, drag.dy(), 1.5 / s);
        assertEquals(sourceTail, Ui.call(() -> doc.points().point("tail").get().trajectory()),
                "the source track is unchanged by the edit's drag");

        // Edit mode "remove points": a click leaves the nose out of the edit.
        Ui.run(() -> {
            editor.modeChoice().select(Mode.REMOVE_POINTS.ordinal());
            Ui.fire(editor.modeChoice(), SWT.Selection);
        });
        mouse(canvas, SWT.MouseDown, 1, noseOnCanvasAt(view));
        mouse(canvas, SWT.MouseUp, 1, noseOnCanvasAt(view));
        assertTrue(Ui.call(() -> doc.edit().isRemoved("nose")), "nose removed from the edit");
        assertEquals(source.point("nose").get(), Ui.call(() -> doc.points().point("nose").get()),
                "the source point is unchanged by the removal");
        Ui.settle();
        Ui.screenshot("16-edit-remove");

        // Save (the workbench's command): atomic through the store; the editor is clean; the file reads back equal.
        command(window, "org.eclipse.ui.file.save");
        assertFalse(Ui.call(editor::isDirty), "saved");
        Path file = services.store().file(project, shot, "main");
        assertTrue(Files.isRegularFile(file), file + " written");
        assertSamePoints(Ui.call(doc::points), services.store().read(file)); // the file keeps 1/1000 px
        assertTrue(Files.list(file.getParent()).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                "no temporary file left");
        // Undo after save makes it dirty again.
        command(window, "org.eclipse.ui.edit.undo");
        assertTrue(Ui.call(editor::isDirty));
        Ui.run(() -> doc.setMode(Mode.ANNOTATE));
        Ui.settle();
        Ui.screenshot("17-after-save-and-undo");
        PointSetStore unused = services.store(); // the service stays bound while the editor is open
        assertNotNull(unused);
        Ui.run(() -> page.closeEditor(editor, false));
    }

    /** Waits for the re-track that a change on {@code frame} of the nose started. */
    private static void waitForRetrack(PointEditor editor, int frame) {
        try {
            Ui.waitUntil("the re-track around frame " + frame, 60_000, () -> editor.trackJob().getResult() != null
                    && editor.statusLine().getText().contains("Re-tracked nose around frame " + frame));
        } catch (AssertionError e) {
            Ui.screenshot("99-retrack-" + frame + "-failed");
            throw new AssertionError(e.getMessage() + "; status line: " + Ui.call(() -> editor.statusLine().getText())
                    + "; last job: " + editor.trackJob() + " " + editor.trackJob().getResult(), e);
        }
        Ui.settle();
    }

    /** The nose's marker on the current frame is hollow: its centre is not painted in its colour. */
    private static void assertHiddenMarker(FrameView view, Canvas canvas, int colour, String when) {
        Ui.settle();
        Point at = noseOnCanvasAt(view);
        int[] centre = RgbImages.rgb(Ui.call(() -> Ui.grab(canvas)), at.x, at.y);
        assertTrue(distance(colour, centre) > 60, "a hidden point's marker is hollow " + when + ": "
                + Arrays.toString(centre));
    }

    /**
     * The point's row on the timeline shows a hollow, crossed diamond on {@code frame}: the cross's
     * centre in the point's colour, the inside of the diamond beside the cross not (a keyframe's
     * diamond is filled). Looked at with the current frame elsewhere, so that its cursor line is not
     * in the way.
     */
    private static void assertMarkOnTimeline(PointEditor editor, String point, int frame, int colour, String when) {
        PointDocument doc = editor.document();
        int current = Ui.call(doc::frame);
        Ui.run(() -> doc.setFrame(frame - 3));
        Ui.settle();
        Canvas timeline = Ui.call(() -> editor.timeline().canvas());
        int x = Ui.call(() -> editor.timeline().xOf(frame));
        int y = Ui.call(() -> editor.timeline().yOf(point));
        ImageData pixels = Ui.call(() -> Ui.grab(timeline));
        int[] centre = RgbImages.rgb(pixels, x, y);
        int[] inside = RgbImages.rgb(pixels, x + 3, y);
        int[] keyframeInside = RgbImages.rgb(pixels, Ui.call(() -> editor.timeline().xOf(0)) + 3, y);
        Ui.run(() -> doc.setFrame(current));
        assertTrue(distance(colour, centre) < 40, "the mark's cross on frame " + frame + " " + when + ": "
                + Arrays.toString(centre));
        assertTrue(distance(colour, inside) > 60,
                "the mark's diamond is hollow " + when + ": " + Arrays.toString(inside));
        assertTrue(distance(colour, keyframeInside) < 40, "unlike the keyframe's filled diamond on frame 0: "
                + Arrays.toString(keyframeInside));
    }

    private static int distance(int colour, int[] rgb) {
        return Math.abs(rgb[0] - ((colour >> 16) & 0xff)) + Math.abs(rgb[1] - ((colour >> 8) & 0xff))
                + Math.abs(rgb[2] - (colour & 0xff));
    }

    private static Point noseOnCanvasAt(FrameView view) {
        return Ui.call(() -> {
            Position p = view.shownPosition("nose");
            return view.toCanvas(p.x(), p.y());
        });
    }

    private static void addPoint(FrameView view, Canvas canvas, String name, double[] imagePosition) {
        Point c = Ui.call(() -> view.toCanvas(imagePosition[0], imagePosition[1]));
        mouse(canvas, SWT.MouseDown, 1, c);
        mouse(canvas, SWT.MouseUp, 1, c);
        assertNotNull(Ui.call(view::nameEditor), "a click with Add Point opens the inline name field");
        Ui.run(() -> {
            view.nameEditor().text().setText(name);
            Ui.fire(view.nameEditor().text(), SWT.DefaultSelection); // Enter
        });
        assertEquals(null, Ui.call(view::nameEditor), "Enter closes the name field");
    }

    /** Presses on the point's marker, moves in steps and releases at {@code target} (image coordinates). */
    private static void dragPoint(FrameView view, Canvas canvas, String point, Position target) {
        Point from = Ui.call(() -> {
            Position p = view.shownPosition(point);
            return view.toCanvas(p.x(), p.y());
        });
        Point to = Ui.call(() -> view.toCanvas(target.x(), target.y()));
        mouse(canvas, SWT.MouseDown, 1, from);
        for (int i = 1; i <= 4; i++) {
            mouse(canvas, SWT.MouseMove, 0,
                    new Point(from.x + (to.x - from.x) * i / 4, from.y + (to.y - from.y) * i / 4));
        }
        mouse(canvas, SWT.MouseUp, 1, to);
    }

    private static void command(IWorkbenchWindow window, String id) {
        Ui.run(() -> {
            try {
                window.getService(IHandlerService.class).executeCommand(id, null);
            } catch (Exception e) {
                throw new IllegalStateException("command " + id + " failed", e);
            }
        });
    }

    /** A mouse event as SWT delivers it to the canvas's listeners. */
    static void mouse(Control control, int type, int button, Point at) {
        Ui.run(() -> {
            Event e = new Event();
            e.button = button;
            e.x = at.x;
            e.y = at.y;
            e.stateMask = type == SWT.MouseMove && button == 0 ? SWT.BUTTON1 : 0;
            control.notifyListeners(type, e);
        });
    }

    static void wheel(Control control, Point at, int count) {
        Ui.run(() -> {
            Event e = new Event();
            e.x = at.x;
            e.y = at.y;
            e.count = count;
            e.doit = true;
            control.notifyListeners(SWT.MouseVerticalWheel, e);
        });
    }

    static void key(Control control, int character, int keyCode) {
        Ui.run(() -> {
            Event e = new Event();
            e.character = (char) character;
            e.keyCode = keyCode != 0 ? keyCode : character;
            control.notifyListeners(SWT.KeyDown, e);
            control.notifyListeners(SWT.KeyUp, e);
        });
    }

    private static void assertSamePoints(PointSet expected, PointSet actual) {
        assertEquals(expected.pointNames(), actual.pointNames());
        assertEquals(expected.edits(), actual.edits(), "edits saved");
        for (SemanticPoint p : expected.points()) {
            SemanticPoint q = actual.point(p.name()).get();
            assertEquals(p.colour(), q.colour());
            assertEquals(p.keyframes(), q.keyframes(), p.name() + " keyframes saved");
            Trajectory a = p.trajectory(), b = q.trajectory();
            for (int n = 0; n < a.frameCount(); n++) {
                assertEquals(a.x(n), b.x(n), 0.001, p.name() + " x on frame " + n);
                assertEquals(a.y(n), b.y(n), 0.001, p.name() + " y on frame " + n);
                assertEquals(a.visible(n), b.visible(n), p.name() + " visibility on frame " + n);
            }
        }
    }

    private static double error(PointSet set, String point, double[] offset, int n) {
        Trajectory t = set.point(point).get().trajectory();
        double[] truth = MovingSubjectVideo.truth(offset[0], offset[1], n);
        return Math.hypot(t.x(n) - truth[0], t.y(n) - truth[1]);
    }

    private static void assertNear(double[] expected, Position actual, double tolerance, String what) {
        if (Math.hypot(expected[0] - actual.x(), expected[1] - actual.y()) > tolerance) {
            fail(what + ": expected " + Arrays.toString(expected) + " within " + tolerance + " but was " + actual);
        }
    }

    private static void assertPixel(int colour, int[] actual, String what) {
        int[] expected = { (colour >> 16) & 0xff, (colour >> 8) & 0xff, colour & 0xff };
        for (int i = 0; i < 3; i++) {
            if (Math.abs(expected[i] - actual[i]) > 12) {
                fail(what + ": expected about " + Arrays.toString(expected) + " but was " + Arrays.toString(actual));
            }
        }
    }
}
