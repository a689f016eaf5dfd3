package io.vswap.swap.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.WorkbenchException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.swap.ui.internal.editor.SwapEditorInput;
import io.vswap.ui.api.ClipEditor;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ShotNode;

/** Opens the Swap editor on the selected clip, or on a selected shot's first clip (enabled on both, see plugin.xml). */
public class SwapSubjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s)) {
            return null;
        }
        ClipRef clip = clipOf(s.getFirstElement());
        if (clip == null) {
            throw new ExecutionException("Select a shot that has a clip (Import Video makes one)");
        }
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        try {
            return open(window, clip);
        } catch (WorkbenchException e) {
            throw new ExecutionException("Could not open the Swap editor on " + clip.clip().name(), e);
        }
    }

    static ClipRef clipOf(Object selected) {
        if (selected instanceof ClipRef c) {
            return c;
        }
        if (selected instanceof ShotNode n && !n.shot().clips().isEmpty()) {
            return new ClipRef(n.project(), n.shot(), n.shot().clips().get(0));
        }
        return null;
    }

    /** Shows the Swap perspective and the clip's Swap editor (the one already open, if any). */
    public static SwapEditor open(IWorkbenchWindow window, ClipRef clip) throws WorkbenchException {
        return (SwapEditor) ClipEditor.openInPerspective(window, SwapUiIds.PERSPECTIVE, new SwapEditorInput(clip),
                SwapUiIds.SWAP_EDITOR);
    }
}
