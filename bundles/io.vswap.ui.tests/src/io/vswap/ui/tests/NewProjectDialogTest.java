package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.handlers.NewProjectDialog;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.Project;

/**
 * File › New Project in one dialog: a name and a folder typed by hand (made when it does not
 * exist yet, said before OK), a folder that already holds a project refused in words.
 */
class NewProjectDialogTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path temp;

    @Test
    void aTypedFolderThatDoesNotExistIsMadeAndAnExistingProjectIsRefused() throws Exception {
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        Path existing = temp.resolve("existing");
        session.create(existing, "Existing");
        Path typed = temp.resolve("typed by hand").resolve("beach shot");

        Ui.display().asyncExec(() -> {
            try {
                window.getService(IHandlerService.class).executeCommand(StudioIds.CMD_NEW_PROJECT, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Ui.waitUntil("the New Project dialog", 10_000, () -> Ui.display().getActiveShell() != null
                && Ui.display().getActiveShell().getData() instanceof NewProjectDialog);
        Shell shell = Ui.call(() -> Ui.display().getActiveShell());
        NewProjectDialog dialog = (NewProjectDialog) Ui.call(shell::getData);
        Button ok = Ui.call(() -> Ui.find(shell, Button.class,
                b -> Integer.valueOf(IDialogConstants.OK_ID).equals(b.getData())));
        assertFalse(Ui.call(ok::isEnabled), "nothing typed yet");

        Ui.run(() -> dialog.nameText().setText("Beach Shot"));
        String proposed = Ui.call(() -> dialog.folderText().getText());
        assertTrue(proposed.endsWith("VideoSwap/Beach Shot"), "the folder follows the name: " + proposed);

        Ui.run(() -> dialog.folderText().setText(existing.toString()));
        String refused = Ui.call(dialog::getErrorMessage);
        assertTrue(refused != null && refused.contains("already holds a project"), refused);
        assertFalse(Ui.call(ok::isEnabled));

        Ui.run(() -> dialog.folderText().setText(typed.toString()));
        assertEquals(null, Ui.call(dialog::getErrorMessage));
        String said = Ui.call(dialog::getMessage);
        assertTrue(said.contains("does not exist yet: it will be created"), said);
        Ui.settle();
        Ui.screenshot("07-new-project-typed-folder");
        assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped");
        Ui.run(() -> Ui.pressDialogButton(shell, IDialogConstants.OK_ID));
        Ui.waitUntil("the dialog to close", 5_000, shell::isDisposed);

        Project p = session.current().orElseThrow();
        assertEquals(typed, p.folder());
        assertEquals("Beach Shot", p.name());
        assertTrue(Files.isRegularFile(typed.resolve(Project.PROJECT_FILE)), "the folder was made with the project");
    }
}
