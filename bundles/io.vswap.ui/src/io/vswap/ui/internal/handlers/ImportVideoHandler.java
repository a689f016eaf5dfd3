package io.vswap.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioServices;
import io.vswap.ui.internal.prefs.StudioPreferences;
import io.vswap.ui.internal.wizard.ImportVideoWizard;

/** Opens the Import Video wizard on the open project. */
public class ImportVideoHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        ProjectSession session = StudioServices.session();
        if (session.current().isEmpty()) {
            MessageDialog.openInformation(shell, "Import Video", "Create or open a project first.");
            return null;
        }
        new WizardDialog(shell, new ImportVideoWizard(session, new StudioPreferences())).open();
        return null;
    }
}
