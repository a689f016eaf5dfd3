package io.vswap.ui.internal.handlers;

import java.io.IOException;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.StudioServices;

/** Asks for a name and a folder (typed or browsed; made when it does not exist) and creates an empty project there. */
public class NewProjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        NewProjectDialog dialog = new NewProjectDialog(shell);
        if (dialog.open() != Window.OK) {
            return null;
        }
        try {
            StudioServices.session().create(dialog.folder(), dialog.projectName());
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(shell, "New VideoSwap Project", "Could not create the project: " + e.getMessage());
        }
        return null;
    }
}
