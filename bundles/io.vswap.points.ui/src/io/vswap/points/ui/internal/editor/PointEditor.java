package io.vswap.points.ui.internal.editor;

import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.core.commands.operations.IOperationHistoryListener;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.commands.operations.ObjectUndoContext;
import org.eclipse.core.commands.operations.OperationHistoryEvent;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.commands.ActionHandler;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.operations.RedoActionHandler;
import org.eclipse.ui.operations.UndoActionHandler;

import io.vswap.points.api.PointSet;
import io.vswap.points.ui.internal.PointServices;
import io.vswap.points.ui.internal.editor.FrameView.Tool;
import io.vswap.points.ui.internal.editor.PointDocument.Aspect;
import io.vswap.ui.api.ClipEditor;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.LoadClipJob;
import io.vswap.ui.api.StudioJobs;

/**
 * The point annotation editor of one clip: place named points on a keyframe, track them,
 * correct them on any frame (a correction is a keyframe; the span around it is re-tracked), and
 * choose per edit which points to remove or drag. Every change is an operation on the
 * workbench's history (undo/redo keys and menu); Save writes the point set atomically.
 */
public class PointEditor extends ClipEditor<PointServices> {

    private IUndoContext undoContext;
    private IOperationHistory history;

    private PointDocument document;
    private FrameView frameView;
    private Timeline timeline;
    private Label statusLine;
    private PointToolBar toolBar;
    private TrackingRunner tracking;
    private PointCommands commands;
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

    public PointEditor() {
        super("point editor", PointEditorInput.class, PointServices.class);
    }

    @Override
    protected String partName(ClipRef clip) {
        return clip.clip().name();
    }

    @Override
    protected String servicesMissing() {
        return "The point services (io.vswap.points: tracker, drag propagator, point store) are not running. "
                + "See the error log.";
    }

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        super.init(site, input);
        undoContext = new ObjectUndoContext(this, "Points of " + clip().clip().name());
        history = PlatformUI.getWorkbench().getOperationSupport().getOperationHistory();
        history.addOperationHistoryListener(historyListener);
        // The workbench's Undo/Redo commands (keys, Edit menu) act on this editor's history while it is active.
        IHandlerService handlers = site.getService(IHandlerService.class);
        handlers.activateHandler("org.eclipse.ui.edit.undo", new ActionHandler(new UndoActionHandler(site, undoContext)));
        handlers.activateHandler("org.eclipse.ui.edit.redo", new ActionHandler(new RedoActionHandler(site, undoContext)));
    }

    @Override
    protected void createContents(Composite stack) {
        ClipRef ref = clip();
        notice("Loading frames and points of " + ref.clip().name() + "…");
        LoadClipJob<PointSet> job = new LoadClipJob<>("Loading points and frames of " + ref.clip().name(), session(),
                ref, frames -> SavedPoints.of(services().store(), ref, frames));
        load(job, (result, data) -> loaded(stack, result, data));
    }

    private void loaded(Composite stack, IStatus result, LoadClipJob.Loaded<PointSet> data) {
        if (!result.isOK()) {
            notice(result.getSeverity() == IStatus.CANCEL ? "Loading cancelled." : result.getMessage());
            return;
        }
        PointServices services = services();
        document = new PointDocument(data.data());
        tracking = new TrackingRunner(services.tracker(), data.frames().frames(), clip().clip().name());
        ShownTracks shown = new ShownTracks(services.propagator());

        commands = new PointCommands(document, history, undoContext, tracking, () -> getSite().getShell(),
                this::status, this::asyncExec);

        Composite editor = new Composite(stack, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(editor);
        toolBar = new PointToolBar(editor, this, document);
        frameView = new FrameView(editor, document, commands, shown, data.frames().images());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(frameView.canvas());
        timeline = new Timeline(editor, document, data.frames().images());
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, timeline.preferredHeight())
                .applyTo(timeline.canvas());
        statusLine = new Label(editor, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).indent(6, 2).applyTo(statusLine);
        frameView.canvas().addListener(SWT.KeyDown, e -> shortcut(e.keyCode, e.character));

        document.addListener(aspect -> {
            if (aspect == Aspect.POINTS || aspect == Aspect.SAVED) {
                firePropertyChange(PROP_DIRTY);
                relayoutTimeline();
                toolBar.refreshEditChoice();
            }
            if (aspect == Aspect.MODE) {
                toolBar.showMode();
            }
            updateStatus();
        });
        show(editor);
        toolBar.refreshEditChoice();
        updateStatus();
        frameView.canvas().setFocus();
    }

    /** Grows the timeline to show a row per point. */
    private void relayoutTimeline() {
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, timeline.preferredHeight())
                .applyTo(timeline.canvas());
        timeline.canvas().getParent().layout(true);
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
        toolBar.showTool(tool);
        updateStatus();
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

    // ---- commands: each one undoable step (see PointCommands) ----

    /**
     * Tracks every point from its keyframes as a job (progress and cancel in the Progress view);
     * the result is one undoable step. Returns the job, or {@code null} when there is nothing to track.
     */
    public Job track() {
        return commands == null ? null : commands.track();
    }

    public void renameSelected() {
        if (commands != null) {
            commands.renameSelected();
        }
    }

    public void recolourSelected() {
        if (commands != null) {
            commands.recolourSelected();
        }
    }

    public void recolour(String point, int colour) {
        if (commands != null) {
            commands.recolour(point, colour);
        }
    }

    public void deleteSelected() {
        if (commands != null) {
            commands.deleteSelected();
        }
    }

    /** Marks the selected point hidden on this frame, or clears the mark; a tracked point is re-tracked there. */
    public void toggleHiddenHere() {
        if (commands != null) {
            commands.toggleHiddenHere();
        }
    }

    public void resetDragOfSelected() {
        if (commands != null) {
            commands.resetDragOfSelected();
        }
    }

    /** Runs a job's outcome on the UI thread, while the editor is open. */
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

    public void status(String text) {
        message = text == null ? "" : text;
        updateStatus();
    }

    // ---- save ----

    @Override
    public void doSave(IProgressMonitor monitor) {
        PointSet value = document.points();
        ClipRef ref = clip();
        try {
            services().store().save(ref.project(), ref.shot(), value);
            document.markSaved(value);
            status("Saved " + services().store().file(ref.project(), ref.shot(), ref.clip().name()).getFileName());
        } catch (Exception e) {
            ErrorDialog.openError(getSite().getShell(), "Save Points",
                    "The points of " + ref.clip().name() + " could not be saved.", StudioJobs.statusOf(e));
            if (monitor != null) {
                monitor.setCanceled(true);
            }
        }
    }

    @Override
    public boolean isDirty() {
        return document != null && document.isDirty();
    }

    @Override
    protected Control focusControl() {
        return frameView == null ? null : frameView.canvas();
    }

    @Override
    public void dispose() {
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

    public IUndoContext undoContext() {
        return undoContext;
    }

    /** The last tracking or re-tracking job started, or {@code null}. */
    public Job trackJob() {
        return commands == null ? null : commands.trackJob();
    }

    public Label statusLine() {
        return statusLine;
    }

    public Combo modeChoice() {
        return toolBar.modeChoice();
    }
}
