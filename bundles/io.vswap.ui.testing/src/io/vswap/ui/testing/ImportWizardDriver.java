package io.vswap.ui.testing;

import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.IHandlerService;

import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.wizard.ImportVideoWizard;

/** The Import Video wizard opened as the menu item opens it, for a test to drive. */
public record ImportWizardDriver(Shell shell, WizardDialog dialog, ImportVideoWizard wizard) {

    /** Runs the Import Video command (the wizard is modal, so it opens asynchronously) and waits for it. */
    public static ImportWizardDriver open(IWorkbenchWindow window) {
        return open(window, StudioIds.CMD_IMPORT_VIDEO);
    }

    /** Runs {@code commandId}, which opens the Import Video wizard or one that starts with its pages (New Swap). */
    public static ImportWizardDriver open(IWorkbenchWindow window, String commandId) {
        Ui.display().asyncExec(() -> {
            try {
                window.getService(IHandlerService.class).executeCommand(commandId, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Ui.waitUntil("the Import Video wizard", 10_000,
                () -> Ui.display().getActiveShell() != null
                        && Ui.display().getActiveShell().getData() instanceof WizardDialog);
        Shell shell = Ui.call(() -> Ui.display().getActiveShell());
        WizardDialog dialog = (WizardDialog) Ui.call(shell::getData);
        ImportVideoWizard wizard = (ImportVideoWizard) Ui.call(() -> dialog.getCurrentPage().getWizard());
        return new ImportWizardDriver(shell, dialog, wizard);
    }
}
