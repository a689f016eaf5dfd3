package io.vswap.install.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** Help › Install New Software…: the dialog, installing into this studio. */
public class InstallNewSoftwareHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        new InstallSoftwareDialog(HandlerUtil.getActiveShell(event)).open();
        return null;
    }
}
