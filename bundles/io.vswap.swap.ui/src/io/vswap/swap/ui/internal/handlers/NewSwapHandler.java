package io.vswap.swap.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.swap.ui.internal.guide.NewSwapWizard;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.StudioServices;

/**
 * Opens the guided New Swap wizard: on a new video, or, with a clip or shot selected in the
 * Project Explorer, going on with that clip from where it was left.
 */
public class NewSwapHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        ClipRef resume = HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s
                && io.vswap.ui.api.StudioIds.PROJECT_EXPLORER_VIEW.equals(HandlerUtil.getActivePartId(event))
                        ? SwapSubjectHandler.clipOf(s.getFirstElement())
                        : null;
        SwapServices services = StudioServices.require(window, SwapServices.class);
        new io.vswap.swap.ui.internal.guide.GuideDialog(window.getShell(), new NewSwapWizard(StudioServices.session(), services, window, resume))
                .open();
        return null;
    }
}
