package io.vswap.welcome.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** Help › Welcome: shows the getting-started page. */
public class ShowWelcomeHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        try {
            HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(WelcomeIds.VIEW);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not show the welcome page: " + e.getMessage(), e);
        }
        return null;
    }
}
