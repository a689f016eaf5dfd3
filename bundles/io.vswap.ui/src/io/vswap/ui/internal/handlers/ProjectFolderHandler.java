package io.vswap.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * A project command on a folder the user picks (New, Open): the folder dialog first, nothing when
 * it is cancelled; the command's dialogs and failures carry its title.
 */
abstract class ProjectFolderHandler extends AbstractHandler {

    private final String title;
    private final String prompt;

    /** @param prompt what the folder dialog asks for */
    ProjectFolderHandler(String title, String prompt) {
        this.title = title;
        this.prompt = prompt;
    }

    @Override
    public final Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        DirectoryDialog dialog = new DirectoryDialog(shell);
        dialog.setText(title);
        dialog.setMessage(prompt);
        String folder = dialog.open();
        if (folder != null) {
            apply(shell, folder);
        }
        return null;
    }

    /** The command on the folder picked. */
    abstract void apply(Shell shell, String folder);

    final String title() {
        return title;
    }

    /** Says in an error dialog why the command failed. */
    final void failed(Shell shell, String message) {
        MessageDialog.openError(shell, title, message);
    }
}
