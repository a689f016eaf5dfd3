package io.vswap.points.ui.internal.editor;

import org.eclipse.core.commands.operations.AbstractOperation;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import io.vswap.points.api.PointSet;

/**
 * One undoable step of a point editor. Point sets are immutable values, so the step is just
 * the value before and after; undo puts the before back whole. A correction's re-track finishes
 * later and replaces {@link #after} so that redo brings back the re-tracked result.
 */
public final class PointSetOperation extends AbstractOperation {

    private final PointDocument document;
    private final PointSet before;
    private volatile PointSet after;

    public PointSetOperation(String label, PointDocument document, PointSet before, PointSet after,
            IUndoContext context) {
        super(label);
        this.document = document;
        this.before = before;
        this.after = after;
        addContext(context);
    }

    public PointSet before() {
        return before;
    }

    public PointSet after() {
        return after;
    }

    /** The step's result once work that finishes later (a re-track) has refined it. */
    public void refine(PointSet refined) {
        after = refined;
    }

    @Override
    public IStatus execute(IProgressMonitor monitor, IAdaptable info) {
        document.setPoints(after);
        return Status.OK_STATUS;
    }

    @Override
    public IStatus undo(IProgressMonitor monitor, IAdaptable info) {
        document.clearPreviews();
        document.setPoints(before);
        return Status.OK_STATUS;
    }

    @Override
    public IStatus redo(IProgressMonitor monitor, IAdaptable info) {
        document.clearPreviews();
        document.setPoints(after);
        return Status.OK_STATUS;
    }
}
