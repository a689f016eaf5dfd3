package io.vswap.ui.internal.outputs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;

import org.eclipse.core.commands.operations.AbstractOperation;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.commands.operations.ObjectUndoContext;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ProjectSession;

/**
 * Delete of a clip's output as the workbench's undoable operation: its files go to the project's
 * trash, Undo (Edit menu, Ctrl+Z in the Project Explorer) brings them back, Redo trashes them again.
 */
public final class DeleteOutputOperation extends AbstractOperation {

    /** The Project Explorer's own undo history: its deletes, not an editor's point edits. */
    public static final IUndoContext EXPLORER = new ObjectUndoContext(DeleteOutputOperation.class, "Project Explorer");

    private final ClipOutput output;
    private final ProjectSession session;
    private OutputFiles.Trashed trashed;

    public DeleteOutputOperation(ClipOutput output, ProjectSession session) {
        super("Delete " + output.label());
        this.output = output;
        this.session = session;
        addContext(EXPLORER);
    }

    @Override
    public IStatus execute(IProgressMonitor monitor, IAdaptable info) {
        try {
            trashed = OutputFiles.trash(output, output.clip().project().folder(), stem());
        } catch (IOException e) {
            return error("could not be moved to the project's trash (" + OutputFiles.TRASH + "): "
                    + OutputFiles.words(e) + ". Nothing was deleted.", e);
        }
        session.changed();
        return Status.OK_STATUS;
    }

    @Override
    public IStatus undo(IProgressMonitor monitor, IAdaptable info) {
        try {
            OutputFiles.restore(trashed);
        } catch (FileAlreadyExistsException e) {
            return error("cannot come back: " + e.getFile() + " has been written since the delete. The deleted "
                    + "files stay in " + trashed.folder() + ".", e);
        } catch (IOException e) {
            return error("could not be moved back from " + trashed.folder() + ": " + OutputFiles.words(e), e);
        }
        session.changed();
        return Status.OK_STATUS;
    }

    @Override
    public IStatus redo(IProgressMonitor monitor, IAdaptable info) {
        return execute(monitor, info);
    }

    private IStatus error(String what, Exception e) {
        return new Status(IStatus.ERROR, io.vswap.ui.api.StudioIds.PLUGIN_ID, output.label() + " " + what, e);
    }

    private String stem() {
        String name = output.video().getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Where the last delete put the files (for tests), or null. */
    public OutputFiles.Trashed trashed() {
        return trashed;
    }
}
