package io.vswap.ui.internal.handlers;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.swt.widgets.Shell;

import io.vswap.ui.api.StudioServices;
import io.vswap.video.api.ProjectFormatException;

/** Opens the project in a folder the user picks. */
public class OpenProjectHandler extends ProjectFolderHandler {

    public OpenProjectHandler() {
        super("Open VideoSwap Project", "Choose the project folder (it holds project.vswap.json).");
    }

    @Override
    void apply(Shell shell, String folder) {
        try {
            StudioServices.session().open(Path.of(folder));
        } catch (IOException | ProjectFormatException | RuntimeException e) {
            failed(shell, "Could not open " + folder + ": " + e.getMessage());
        }
    }
}
