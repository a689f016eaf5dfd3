package io.vswap.eval.ui.internal.handlers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.WorkbenchException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.RenderChoice;
import io.vswap.eval.ui.internal.compare.CompareEditorInput;
import io.vswap.ui.api.ClipEditor;
import io.vswap.ui.api.ClipOutput;

/**
 * Compare Renders: the two to four renders selected in the Project Explorer in the Compare editor
 * (in the Evaluation perspective, where editors get the width); renders of different clips, sizes
 * or frame counts are refused with the reason.
 */
public class CompareRendersHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s)) {
            return null;
        }
        List<RenderChoice> renders = new ArrayList<>();
        for (Object o : s.toList()) {
            if (!(o instanceof ClipOutput out)) {
                continue;
            }
            try {
                Optional<RenderChoice> r = RenderChoice.of(out);
                if (r.isEmpty()) {
                    refuse(event, "Only swap renders are compared; \"" + out.label() + "\" is not one.");
                    return null;
                }
                renders.add(r.get());
            } catch (IOException e) {
                refuse(event, "The record of \"" + out.label() + "\" cannot be read: " + e.getMessage());
                return null;
            }
        }
        Optional<String> why = RenderChoice.whyNotComparable(renders);
        if (why.isPresent()) {
            refuse(event, why.get());
            return null;
        }
        try {
            return ClipEditor.openInPerspective(HandlerUtil.getActiveWorkbenchWindowChecked(event), EvalUiIds.PERSPECTIVE,
                    new CompareEditorInput(renders), EvalUiIds.COMPARE_EDITOR);
        } catch (WorkbenchException e) {
            throw new ExecutionException("Could not open the Compare editor", e);
        }
    }

    private static void refuse(ExecutionEvent event, String why) throws ExecutionException {
        MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "Compare Renders", why);
    }
}
