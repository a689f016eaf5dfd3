package io.vswap.ui.internal.handlers;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.StudioServices;

/** Asks for a folder and a name and creates an empty project there. */
public class NewProjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        DirectoryDialog folderDialog = new DirectoryDialog(shell);
        folderDialog.setText("New VideoSwap Project");
        folderDialog.setMessage("Choose an empty folder for the project.");
        String folder = folderDialog.open();
        if (folder == null) {
            return null;
        }
        InputDialog nameDialog = new InputDialog(shell, "New VideoSwap Project", "Project name:",
                Path.of(folder).getFileName().toString(), s -> s.isBlank() ? "A project needs a name." : null);
        if (nameDialog.open() != Window.OK) {
            return null;
        }
        try {
            StudioServices.session().create(Path.of(folder), nameDialog.getValue().trim());
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(shell, "New VideoSwap Project", "Could not create the project: " + e.getMessage());
        }
        return null;
    }
}
