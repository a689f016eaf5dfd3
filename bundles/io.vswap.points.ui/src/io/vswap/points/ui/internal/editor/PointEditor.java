package io.vswap.points.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.core.commands.operations.IOperationHistoryListener;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.commands.operations.ObjectUndoContext;
import org.eclipse.core.commands.operations.OperationHistoryEvent;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.commands.ActionHandler;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.ColorDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.operations.RedoActionHandler;
import org.eclipse.ui.operations.UndoActionHandler;
import org.eclipse.ui.part.EditorPart;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetChange;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.ui.internal.PointServices;
import io.vswap.points.ui.internal.editor.FrameView.Tool;
import io.vswap.points.ui.internal.editor.PointDocument.Aspect;
import io.vswap.points.ui.internal.editor.PointDocument.Mode;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioServices;

/**
 * The point annotation editor of one clip: place named points on a keyframe, track them,
 * correct them on any frame (a correction is a keyframe; the span around it is re-tracked), and
 * choose per edit which points to remove or drag. Every change is an operation on the
 * workbench's history (undo/redo keys and menu); Save writes the point set atomically.
 */
public class PointEditor extends EditorPart {

    /** Distinct, saturated colours, the same as the batch tracker's, given in order to new points. */
    static final int[] PALETTE = { 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6,
            0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000, 0xaaffc3 };

    private ClipRef ref;
    private ProjectSession session;
    private PointServices services;
    private IUndoContext undoContext;
    private IOperationHistory history;

    private Composite stack;
    private Label notice;
    private PointDocument document;
    private FrameView frameView;
    private Timeline timeline;
    private Label statusLine;
    private ToolItem selectTool, addTool;
    private Combo modeChoice, editChoice;
    private TrackingRunner tracking;
    private volatile LoadPointClipJob loadJob;
    private volatile Job trackJob;
    private String message = "";

    /** Says in the status line what undo and redo just did (they may come from the menu or the keys). */
    private final IOperationHistoryListener historyListener = event -> {
        if (event.getOperation() != null && event.getOperation().hasContext(undoContext)
                && (event.getEventType() == OperationHistoryEvent.UNDONE
                        || event.getEventType() == OperationHistoryEvent.REDONE)) {
            status((event.getEventType() == OperationHistoryEvent.UNDONE ? "Undone: " : "Redone: ")
                    + event.getOperation().getLabel());
        }
    };

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof PointEditorInput p)) {
            throw new PartInitException("The point editor opens clips, not " + input.getName());
        }
        setSite(site);
        setInput(input);
        ref = p.clip();
        setPartName(ref.clip().name());
        setTitleToolTip(input.getToolTipText());
        undoContext = new ObjectUndoContext(this, "Points of " + ref.clip().name());
        history = PlatformUI.getWorkbench().getOperationSupport().getOperationHistory();
        history.addOperationHistoryListener(historyListener);
        // The workbench's Undo/Redo commands (keys, Edit menu) act on this editor's history while it is active.
        IHandlerService handlers = site.getService(IHandlerService.class);
        handlers.activateHandler("org.eclipse.ui.edit.undo", new ActionHandler(new UndoActionHandler(site, undoContext)));
        handlers.activateHandler("org.eclipse.ui.edit.redo", new ActionHandler(new RedoActionHandler(site, undoContext)));
    }

    @Override
    public void createPartControl(Composite parent) {
        session = getSite().getService(ProjectSession.class);
        services = getSite().getService(PointServices.class);
        stack = new Composite(parent, SWT.NONE);
        StackLayout layout = new StackLayout();
        stack.setLayout(layout);
        notice = new Label(stack, SWT.WRAP | SWT.CENTER);
        layout.topControl = notice;
        if (session == null || services == null) {
            notice.setText(session == null ? StudioServices.unavailable(ProjectSession.class)
                    : "The point services (io.vswap.points: tracker, drag propagator, point store) are not running. "
                            + "See the error log.");
            return;
        }
        notice.setText("Loading frames and points of " + ref.clip().name() + "…");
        LoadPointClipJob job = new LoadPointClipJob(session, services, ref);
        loadJob = job;
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                Display display = stack.getDisplay();
                if (!display.isDisposed()) {
                    display.asyncExec(() -> loaded(job, event.getResult()));
                }
            }
        });
        job.schedule();
    }

    private void loaded(LoadPointClipJob job, IStatus result) {
        if (stack.isDisposed()) {
            return;
        }
        if (!result.isOK()) {
            notice.setText(result.getSeverity() == IStatus.CANCEL ? "Loading cancelled." : result.getMessage());
            stack.layout();
            return;
        }
        LoadPointClipJob.Loaded data = job.loaded();
        document = new PointDocument(data.points());
        tracking = new TrackingRunner(services.tracker(), data.frames(), ref.clip().name());
        ShownTracks shown = new ShownTracks(services.propagator());

        Composite editor = new Composite(stack, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(editor);
        createToolBar(editor);
        frameView = new FrameView(editor, document, new Actions(), shown, data.images());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(frameView.canvas());
        timeline = new Timeline(editor, document, data.images());
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, timeline.preferredHeight())
                .applyTo(timeline.canvas());
        statusLine = new Label(editor, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).indent(6, 2).applyTo(statusLine);
        frameView.canvas().addListener(SWT.KeyDown, e -> shortcut(e.keyCode, e.character));

        document.addListener(aspect -> {
            if (aspect == Aspect.POINTS || aspect == Aspect.SAVED) {
                firePropertyChange(PROP_DIRTY);
                relayoutTimeline();
                refreshEditChoice();
            }
            if (aspect == Aspect.MODE) {
                modeChoice.select(document.mode().ordinal());
            }
            updateStatus();
        });
        ((StackLayout) stack.getLayout()).topControl = editor;
        stack.layout(true, true);
        refreshEditChoice();
        updateStatus();
        frameView.canvas().setFocus();
    }

    /** Grows the timeline to show a row per point. */
    private void relayoutTimeline() {
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, timeline.preferredHeight())
                .applyTo(timeline.canvas());
        timeline.canvas().getParent().layout(true);
    }

    private void createToolBar(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(6).margins(4, 2).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        ToolBar tools = new ToolBar(row, SWT.FLAT | SWT.RIGHT);
        selectTool = item(tools, SWT.RADIO, "Select/Move", "Select points and drag them (V)", () -> setTool(Tool.SELECT));
        selectTool.setSelection(true);
        addTool = item(tools, SWT.RADIO, "Add Point", "Click on the frame to add a named point (A)", () -> setTool(Tool.ADD));
        new ToolItem(tools, SWT.SEPARATOR);
        item(tools, SWT.PUSH, "Track", "Track every point through the clip (Ctrl+T)", this::track);
        new ToolItem(tools, SWT.SEPARATOR);
        item(tools, SWT.PUSH, "Rename…", "Rename the selected point (F2)", this::renameSelected);
        item(tools, SWT.PUSH, "Colour…", "Change the selected point's colour", this::recolourSelected);
        item(tools, SWT.PUSH, "Hidden Here",
                "Mark the selected point hidden on this frame (kept through re-tracks), or clear the mark (H)",
                this::toggleHiddenHere);
        item(tools, SWT.PUSH, "Delete", "Delete the selected point (Del)", this::deleteSelected);
        new ToolItem(tools, SWT.SEPARATOR);
        item(tools, SWT.PUSH, "Fit", "Fit the frame in the view (F)", () -> frameView.fit());

        new Label(row, SWT.NONE).setText("Mode:");
        modeChoice = new Combo(row, SWT.READ_ONLY);
        for (Mode m : Mode.values()) {
            modeChoice.add(m.label);
        }
        modeChoice.select(0);
        modeChoice.addListener(SWT.Selection, e -> document.setMode(Mode.values()[modeChoice.getSelectionIndex()]));
        new Label(row, SWT.NONE).setText("Edit:");
        editChoice = new Combo(row, SWT.DROP_DOWN);
        GridDataFactory.swtDefaults().hint(120, SWT.DEFAULT).applyTo(editChoice);
        editChoice.setToolTipText("The edit whose removed and dragged points the edit modes change (type a new name)");
        editChoice.addListener(SWT.Selection, e -> document.setEditName(editChoice.getText()));
        editChoice.addListener(SWT.DefaultSelection, e -> document.setEditName(editChoice.getText()));
        ToolBar editTools = new ToolBar(row, SWT.FLAT | SWT.RIGHT);
        item(editTools, SWT.PUSH, "Reset Drag", "Undo the current edit's drag of the selected point",
                this::resetDragOfSelected);
    }

    private static ToolItem item(ToolBar bar, int style, String text, String tooltip, Runnable action) {
        ToolItem item = new ToolItem(bar, style);
        item.setText(text);
        item.setToolTipText(tooltip);
        item.addListener(SWT.Selection, e -> {
            if (style != SWT.RADIO || item.getSelection()) {
                action.run();
            }
        });
        return item;
    }

    private void shortcut(int keyCode, char character) {
        if (keyCode == SWT.DEL || keyCode == SWT.BS) {
            deleteSelected();
        } else if (keyCode == SWT.F2) {
            renameSelected();
        } else if (character == 'a' || character == 'A') {
            setTool(Tool.ADD);
        } else if (character == 'v' || character == 'V') {
            setTool(Tool.SELECT);
        } else if (character == 'h' || character == 'H') {
            toggleHiddenHere();
        }
    }

    public void setTool(Tool tool) {
        frameView.setTool(tool);
        selectTool.setSelection(tool == Tool.SELECT);
        addTool.setSelection(tool == Tool.ADD);
        updateStatus();
    }

    private void refreshEditChoice() {
        List<String> names = new ArrayList<>(document.points().edits().stream().map(PointEdit::name).toList());
        if (!names.contains(document.editName())) {
            names.add(document.editName());
        }
        if (!List.of(editChoice.getItems()).equals(names)) {
            editChoice.setItems(names.toArray(String[]::new));
        }
        editChoice.setText(document.editName());
    }

    private void updateStatus() {
        if (statusLine == null || statusLine.isDisposed()) {
            return;
        }
        PointSet set = document.points();
        String tracked = set.points().isEmpty() ? "no points" : set.isTracked() ? "tracked" : "not tracked yet";
        statusLine.setText(String.format("Frame %d / %d   ·   %d point%s, %s   ·   zoom %.0f %%   ·   %s   %s",
                document.frame(), document.frameCount() - 1, set.points().size(), set.points().size() == 1 ? "" : "s",
                tracked, frameView.scale() * 100, document.mode().label, message));
    }

    // ---- commands ----

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
    public Job track() {
        if (document == null) {
            return null;
        }
        PointSet snapshot = document.points();
        if (snapshot.points().isEmpty()) {
            status("Add points first (Add Point, then click on the frame)");
            return null;
        }
        status("Tracking…");
        Job job = tracking.track(snapshot, result -> asyncExec(() -> {
            PointSet current = document.points();
            execute("Track points", current == snapshot ? result : withTracksOf(current, result));
            status("Tracked " + result.points().size() + " points");
        }));
        job.addJobChangeListener(reportFailure("Tracking"));
        trackJob = job;
        return job;
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
                    asyncExec(() -> status(what + " cancelled"));
                } else if (!r.isOK()) {
                    asyncExec(() -> status(what + " failed: " + r.getMessage()));
                }
            }
        };
    }

    private void asyncExec(Runnable r) {
        Display d = PlatformUI.getWorkbench().getDisplay();
        if (!d.isDisposed()) {
            d.asyncExec(() -> {
                if (statusLine != null && !statusLine.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    public void renameSelected() {
        SemanticPoint p = document.selectedPoint().orElse(null);
        if (p == null) {
            status("Select a point to rename");
            return;
        }
        InputDialog dialog = new InputDialog(getSite().getShell(), "Rename Point", "New name of \"" + p.name() + "\":",
                p.name(), name -> name.strip().equals(p.name()) ? null : FrameView.nameProblem(name.strip(), document.points()));
        if (dialog.open() == Window.OK && !dialog.getValue().strip().equals(p.name())) {
            String name = dialog.getValue().strip();
            apply(new PointSetChange.RenamePoint(p.name(), name));
            document.select(name);
        }
    }

    public void recolourSelected() {
        SemanticPoint p = document.selectedPoint().orElse(null);
        if (p == null) {
            status("Select a point to recolour");
            return;
        }
        ColorDialog dialog = new ColorDialog(getSite().getShell());
        dialog.setRGB(FrameView.rgb(p.colour()));
        RGB rgb = dialog.open();
        if (rgb != null) {
            recolour(p.name(), rgb.red << 16 | rgb.green << 8 | rgb.blue);
        }
    }

    public void recolour(String point, int colour) {
        apply(new PointSetChange.RecolourPoint(point, colour));
    }

    public void deleteSelected() {
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
    public void toggleHiddenHere() {
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
        Job job = tracking.retrack(op.after(), point, frame, result -> asyncExec(() -> {
            if (document.points() == op.after()) { // not undone or changed meanwhile
                op.refine(result);
                document.setPoints(result);
                status("Re-tracked " + point + " around frame " + frame);
            }
        }));
        job.addJobChangeListener(reportFailure("Re-tracking"));
        trackJob = job;
    }

    public void resetDragOfSelected() {
        String name = document.selected();
        if (name != null && document.edit().drag(name).isPresent()) {
            apply(new PointSetChange.PutEdit(document.edit().withoutDrag(name)));
        }
    }

    public void status(String text) {
        message = text == null ? "" : text;
        updateStatus();
    }

    /** The canvas's requests: each a step on the history. */
    private final class Actions implements PointActions {

        @Override
        public void addPoint(String name, double x, double y) {
            int colour = PALETTE[document.points().points().size() % PALETTE.length];
            if (apply(new PointSetChange.AddPoint(
                    SemanticPoint.placed(name, colour, document.frame(), x, y))) != null) {
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
            PointEditor.this.status(text);
        }
    }

    // ---- save ----

    @Override
    public void doSave(IProgressMonitor monitor) {
        PointSet value = document.points();
        try {
            services.store().save(ref.project(), ref.shot(), value);
            document.markSaved(value);
            status("Saved " + services.store().file(ref.project(), ref.shot(), ref.clip().name()).getFileName());
        } catch (Exception e) {
            ErrorDialog.openError(getSite().getShell(), "Save Points",
                    "The points of " + ref.clip().name() + " could not be saved.",
                    io.vswap.ui.api.StudioJobs.statusOf(e));
            if (monitor != null) {
                monitor.setCanceled(true);
            }
        }
    }

    @Override
    public void doSaveAs() {
        // one file per clip: nothing to choose
    }

    @Override
    public boolean isDirty() {
        return document != null && document.isDirty();
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public void setFocus() {
        if (frameView != null) {
            frameView.canvas().setFocus();
        } else if (stack != null) {
            stack.setFocus();
        }
    }

    @Override
    public void dispose() {
        LoadPointClipJob job = loadJob;
        if (job != null) {
            job.cancel();
        }
        if (tracking != null) {
            tracking.dispose();
        }
        history.removeOperationHistoryListener(historyListener);
        history.dispose(undoContext, true, true, true);
        super.dispose();
    }

    // ---- for the Points view and tests ----

    /** The editor's model, or {@code null} while loading. */
    public PointDocument document() {
        return document;
    }

    public FrameView frameView() {
        return frameView;
    }

    public Timeline timeline() {
        return timeline;
    }

    public ClipRef clip() {
        return ref;
    }

    public IUndoContext undoContext() {
        return undoContext;
    }

    public Job loadJob() {
        return loadJob;
    }

    /** The last tracking or re-tracking job started, or {@code null}. */
    public Job trackJob() {
        return trackJob;
    }

    public Label statusLine() {
        return statusLine;
    }

    public Combo modeChoice() {
        return modeChoice;
    }
}
