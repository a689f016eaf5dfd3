package io.vswap.swap.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.WorkbenchException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.swap.ui.internal.SwapRenderOutputs;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.ui.api.ClipOutput;

/**
 * Opens a swap render selected in the Project Explorer beside its source: the clip's Swap editor
 * with that edit selected in its history (so shown in the result player).
 */
public class OpenRenderHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s)
                || !(s.getFirstElement() instanceof ClipOutput o) || !SwapRenderOutputs.KIND.equals(o.kind())) {
            return null;
        }
        try {
            SwapEditor editor = SwapSubjectHandler.open(HandlerUtil.getActiveWorkbenchWindowChecked(event), o.clip());
            editor.showRender(o.files());
            return editor;
        } catch (WorkbenchException e) {
            throw new ExecutionException("Could not open the Swap editor on " + o.clip().clip().name(), e);
        }
    }
}
