package io.vswap.ui.api;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * A command on the selected clip (its plugin.xml enables it only on a clip): it does nothing when
 * the selection starts with something else.
 */
public abstract class ClipHandler extends AbstractHandler {

    @Override
    public final Object execute(ExecutionEvent event) throws ExecutionException {
        return HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s
                && s.getFirstElement() instanceof ClipRef clip ? execute(event, clip) : null;
    }

    /** The command on {@code clip}; its result is the command's. */
    protected abstract Object execute(ExecutionEvent event, ClipRef clip) throws ExecutionException;
}
