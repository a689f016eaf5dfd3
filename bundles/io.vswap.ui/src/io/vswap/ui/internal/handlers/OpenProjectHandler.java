package io.vswap.ui.internal.handlers;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.StudioServices;
import io.vswap.video.api.ProjectFormatException;

/** Opens the project in a folder the user picks. */
public class OpenProjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        DirectoryDialog dialog = new DirectoryDialog(shell);
        dialog.setText("Open VideoSwap Project");
        dialog.setMessage("Choose the project folder (it holds project.vswap.json).");
        String folder = dialog.open();
        if (folder == null) {
            return null;
        }
        try {
            StudioServices.session().open(Path.of(folder));
        } catch (IOException | ProjectFormatException | RuntimeException e) {
            MessageDialog.openError(shell, "Open VideoSwap Project", "Could not open " + folder + ": " + e.getMessage());
        }
        return null;
    }
}
