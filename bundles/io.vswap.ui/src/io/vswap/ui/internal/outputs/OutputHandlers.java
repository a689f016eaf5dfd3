package io.vswap.ui.internal.outputs;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.StudioServices;

/** The Project Explorer's commands on a selected clip output (enabled on one, see plugin.xml). */
public final class OutputHandlers {

    private OutputHandlers() {
    }

    static ClipOutput selected(ExecutionEvent event) {
        return HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s
                && s.getFirstElement() instanceof ClipOutput o ? o : null;
    }

    /** Export…: a copy of the output's video where the user says. */
    public static final class Export extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            ClipOutput o = selected(event);
            if (o == null) {
                return null;
            }
            Shell shell = HandlerUtil.getActiveShellChecked(event);
            FileDialog dialog = new FileDialog(shell, SWT.SAVE);
            dialog.setText("Export " + o.label());
            dialog.setFileName(o.video().getFileName().toString());
            dialog.setFilterPath(System.getProperty("user.home"));
            dialog.setOverwrite(true);
            String target = dialog.open();
            if (target != null) {
                try {
                    OutputFiles.export(o, Path.of(target));
                    // said where the user looks next, without a dialog to close
                    if (HandlerUtil.getActivePart(event) instanceof org.eclipse.ui.IViewPart view) {
                        view.getViewSite().getActionBars().getStatusLineManager()
                                .setMessage("Exported " + o.label() + " to " + target);
                    }
                } catch (IOException e) {
                    MessageDialog.openError(shell, "Export", o.label() + " could not be exported to " + target + ": "
                            + OutputFiles.words(e) + ". Nothing was written there.");
                }
            }
            return null;
        }
    }

    /** Show in Folder: the file manager on the output's folder. */
    public static final class Reveal extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            ClipOutput o = selected(event);
            if (o == null) {
                return null;
            }
            Path folder = o.video().toAbsolutePath().getParent();
            if (!Program.launch(folder.toString())) {
                MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "Show in Folder",
                        "No file manager is set up to open folders here. The files are in " + folder + ".");
            }
            return null;
        }
    }

    /** Delete: the output's files to the project's trash, undoable (Edit › Undo). */
    public static final class Delete extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            ClipOutput o = selected(event);
            if (o == null) {
                return null;
            }
            IOperationHistory history = PlatformUI.getWorkbench().getOperationSupport().getOperationHistory();
            var status = history.execute(new DeleteOutputOperation(o, StudioServices.session()), null, null);
            if (!status.isOK()) {
                MessageDialog.openError(HandlerUtil.getActiveShellChecked(event), "Delete", status.getMessage());
            }
            return null;
        }
    }
}
