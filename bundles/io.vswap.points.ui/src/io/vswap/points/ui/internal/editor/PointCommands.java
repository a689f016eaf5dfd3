package io.vswap.points.ui.internal.editor;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.ColorDialog;
import org.eclipse.swt.widgets.Shell;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetChange;
import io.vswap.points.api.SemanticPoint;

/**
 * What the point editor does to its point set, each change one undoable operation on the
 * workbench's history: the toolbar's and keys' commands, tracking and re-tracking as jobs (their
 * result refines the step), and the canvas's gestures ({@link PointActions}).
 */
final class PointCommands implements PointActions {

    /** Distinct, saturated colours, the same as the batch tracker's, given in order to new points. */
    static final int[] PALETTE = { 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6,
            0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000, 0xaaffc3 };

    private final PointDocument document;
    private final IOperationHistory history;
    private final IUndoContext undoContext;
    private final TrackingRunner tracking;
    private final Supplier<Shell> shell;
    private final Consumer<String> status;
    private final Consumer<Runnable> onUiThread;
    private volatile Job trackJob;

    /**
     * @param status shows a line in the editor's status line
     * @param onUiThread runs a job's outcome on the UI thread while the editor is open
     */
    PointCommands(PointDocument document, IOperationHistory history, IUndoContext undoContext,
            TrackingRunner tracking, Supplier<Shell> shell, Consumer<String> status, Consumer<Runnable> onUiThread) {
        this.document = document;
        this.history = history;
        this.undoContext = undoContext;
        this.tracking = tracking;
        this.shell = shell;
        this.status = status;
        this.onUiThread = onUiThread;
    }

    /** The last tracking or re-tracking job started, or {@code null}. */
    Job trackJob() {
        return trackJob;
    }

    /** Runs one undoable step from the current point set to {@code after}. */
    PointSetOperation execute(String label, PointSet after) {
        PointSetOperation op = new PointSetOperation(label, document, document.points(), after, undoContext);
        try {
            history.execute(op, null, null);
        } catch (ExecutionException e) {
            status(e.getMessage());
        }
        return op;
    }

    private PointSetOperation apply(PointSetChange change) {
        try {
            return execute(change.label(), change.apply(document.points()));
        } catch (IllegalArgumentException e) {
            status(e.getMessage());
            return null;
        }
    }

    /**
     * Tracks every point from its keyframes as a job (progress and cancel in the Progress view);
     * the result is one undoable step. Returns the job, or {@code null} when there is nothing to track.
     */
    Job track() {
        PointSet snapshot = document.points();
        if (snapshot.points().isEmpty()) {
            status("Add points first (Add Point, then click on the frame)");
            return null;
        }
        status("Tracking…");
        Job job = tracking.track(snapshot, result -> onUiThread.accept(() -> {
            PointSet current = document.points();
            execute("Track points", current == snapshot ? result : withTracksOf(current, result));
            status("Tracked " + result.points().size() + " points" + mostlyLost(result));
        }));
        job.addJobChangeListener(reportFailure("Tracking"));
        trackJob = job;
        return job;
    }

    /** "; lost in most frames: p1, p3" for the points followed in under half the frames, else empty. */
    static String mostlyLost(PointSet tracked) {
        java.util.List<String> lost = tracked.points().stream()
                .filter(p -> p.tracked().map(t -> t.visibleCount() * 2 < t.frameCount()).orElse(false))
                .map(p -> p.name()).toList();
        return lost.isEmpty() ? "" : "; lost in most frames: " + String.join(", ", lost)
                + " (a flat subject has nothing to follow: place points on detail or corners)";
    }

    /** Tracks of {@code result} for the points whose keyframes and marks did not change while tracking ran. */
    private static PointSet withTracksOf(PointSet current, PointSet result) {
        PointSet out = current;
        for (SemanticPoint p : current.points()) {
            var r = result.point(p.name());
            if (r.isPresent() && r.get().keyframes().equals(p.keyframes())
                    && r.get().hiddenFrames().equals(p.hiddenFrames())) {
                out = out.withPoint(p.withTrajectory(r.get().trajectory()));
            }
        }
        return out;
    }

    private JobChangeAdapter reportFailure(String what) {
        return new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                IStatus r = event.getResult();
                if (r.getSeverity() == IStatus.CANCEL) {
                    onUiThread.accept(() -> status(what + " cancelled"));
                } else if (!r.isOK()) {
                    onUiThread.accept(() -> status(what + " failed: " + r.getMessage()));
                }
            }
        };
    }

    void renameSelected() {
        SemanticPoint p = document.selectedPoint().orElse(null);
        if (p == null) {
            status("Select a point to rename");
            return;
        }
        InputDialog dialog = new InputDialog(shell.get(), "Rename Point", "New name of \"" + p.name() + "\":",
                p.name(), name -> name.strip().equals(p.name()) ? null : FrameView.nameProblem(name.strip(), document.points()));
        if (dialog.open() == Window.OK && !dialog.getValue().strip().equals(p.name())) {
            String name = dialog.getValue().strip();
            apply(new PointSetChange.RenamePoint(p.name(), name));
            document.select(name);
        }
    }

    void recolourSelected() {
        SemanticPoint p = document.selectedPoint().orElse(null);
        if (p == null) {
            status("Select a point to recolour");
            return;
        }
        ColorDialog dialog = new ColorDialog(shell.get());
        dialog.setRGB(FrameView.rgb(p.colour()));
        RGB rgb = dialog.open();
        if (rgb != null) {
            recolour(p.name(), rgb.red << 16 | rgb.green << 8 | rgb.blue);
        }
    }

    void recolour(String point, int colour) {
        apply(new PointSetChange.RecolourPoint(point, colour));
    }

    void deleteSelected() {
        String name = document.selected();
        if (name != null) {
            apply(new PointSetChange.DeletePoint(name));
        }
    }

    /**
     * Marks the selected point hidden on this frame, or takes the mark away: a user's occlusion
     * mark that every re-track keeps (see {@link SemanticPoint#hiddenFrames()}). A tracked point
     * is re-tracked around the frame, as after a correction.
     */
    void toggleHiddenHere() {
        SemanticPoint p = document.selectedPoint().orElse(null);
        if (p == null) {
            status("Select a point first");
            return;
        }
        int f = document.frame();
        applyAndRetrack(p.isMarkedHidden(f) ? new PointSetChange.ClearHiddenMark(p.name(), f)
                : new PointSetChange.MarkHidden(p.name(), f));
    }

    /**
     * Applies a change to a point's keyframes or hidden marks as one step; a tracked point is
     * then re-tracked over the span around the changed frame, and the step refined with it.
     */
    private void applyAndRetrack(PointSetChange change) {
        String point = change.stalePoint();
        int frame = change.staleFrame().orElseThrow();
        boolean tracked = document.points().point(point).map(p -> p.trajectory() != null).orElse(false);
        PointSetOperation op = apply(change);
        if (op == null || !tracked) {
            return;
        }
        status("Re-tracking " + point + "…");
        Job job = tracking.retrack(op.after(), point, frame, result -> onUiThread.accept(() -> {
            if (document.points() == op.after()) { // not undone or changed meanwhile
                op.refine(result);
                document.setPoints(result);
                status("Re-tracked " + point + " around frame " + frame);
            }
        }));
        job.addJobChangeListener(reportFailure("Re-tracking"));
        trackJob = job;
    }

    void resetDragOfSelected() {
        String name = document.selected();
        if (name != null && document.edit().drag(name).isPresent()) {
            apply(new PointSetChange.PutEdit(document.edit().withoutDrag(name)));
        }
    }

    // ---- the canvas's gestures ----

    @Override
    public void addPoint(String name, double x, double y) {
        int colour = PALETTE[document.points().points().size() % PALETTE.length];
        if (apply(new PointSetChange.AddPoint(SemanticPoint.placed(name, colour, document.frame(), x, y))) != null) {
            document.select(name);
            status("Added " + name + (document.points().points().size() > 1 ? "; Track to carry it through the clip"
                    : ""));
        }
    }

    @Override
    public void setKeyframe(String point, double x, double y) {
        // A correction on a tracked point re-tracks the span between its neighbouring keyframes.
        applyAndRetrack(new PointSetChange.SetKeyframe(point, new Keyframe(document.frame(), x, y)));
    }

    @Override
    public void toggleRemoved(String point) {
        PointEdit edit = document.edit();
        apply(new PointSetChange.PutEdit(edit.withRemoved(point, !edit.isRemoved(point))));
    }

    @Override
    public void putEditDrag(PointDrag drag) {
        apply(new PointSetChange.PutEdit(document.edit().withDrag(drag)));
    }

    @Override
    public String suggestName() {
        for (int i = document.points().points().size() + 1;; i++) {
            String name = "point " + i;
            if (document.points().point(name).isEmpty()) {
                return name;
            }
        }
    }

    @Override
    public void status(String text) {
        status.accept(text);
    }
}
