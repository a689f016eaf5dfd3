package io.vswap.ui.internal.handlers;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;

import io.vswap.ui.api.StudioServices;

/** Asks for a folder and a name and creates an empty project there. */
public class NewProjectHandler extends ProjectFolderHandler {

    public NewProjectHandler() {
        super("New VideoSwap Project", "Choose an empty folder for the project.");
    }

    @Override
    void apply(Shell shell, String folder) {
        InputDialog nameDialog = new InputDialog(shell, title(), "Project name:",
                Path.of(folder).getFileName().toString(), s -> s.isBlank() ? "A project needs a name." : null);
        if (nameDialog.open() != Window.OK) {
            return;
        }
        try {
            StudioServices.session().create(Path.of(folder), nameDialog.getValue().trim());
        } catch (IOException | RuntimeException e) {
            failed(shell, "Could not create the project: " + e.getMessage());
        }
    }
}
