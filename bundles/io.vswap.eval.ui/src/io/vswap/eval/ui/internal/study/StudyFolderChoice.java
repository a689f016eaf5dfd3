package io.vswap.eval.ui.internal.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.FrameworkUtil;

import io.vswap.eval.study.api.Studies;
import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;

/** Picking a study's folder (the one the {@code make-study} job made), for the rater and results views. */
public final class StudyFolderChoice {

    private static final String LAST_FOLDER = "lastStudyFolder";

    private StudyFolderChoice() {
    }

    /**
     * The study in {@code folder}.
     *
     * @throws StudyFileException in words: no study there, or its study file damaged or newer
     */
    public static StudyFolder open(Path folder) throws StudyFileException {
        if (!Files.isRegularFile(folder.resolve(Studies.FILE))) {
            throw new StudyFileException(folder, "holds no study (it has no " + Studies.FILE + "): pick the folder "
                    + "the make-study job made, or make the study with that job first");
        }
        return StudyFolder.open(folder);
    }

    /** Asks for a study folder and opens it; empty when the user cancels, or when it cannot be opened (then said). */
    public static Optional<StudyFolder> ask(Shell shell, String title) {
        IDialogSettings settings = PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(StudyFolderChoice.class))
                .getDialogSettings();
        DirectoryDialog dialog = new DirectoryDialog(shell);
        dialog.setText(title);
        dialog.setMessage("The study's folder (the one with study.json that the make-study job made)");
        if (settings.get(LAST_FOLDER) != null) {
            dialog.setFilterPath(settings.get(LAST_FOLDER));
        }
        String chosen = dialog.open();
        if (chosen == null) {
            return Optional.empty();
        }
        settings.put(LAST_FOLDER, chosen);
        try {
            return Optional.of(open(Path.of(chosen)));
        } catch (StudyFileException e) {
            MessageDialog.openError(shell, title, "Cannot open the study: " + e.getMessage());
            return Optional.empty();
        }
    }
}
