package io.vswap.eval.ui.internal.handlers;

import java.io.IOException;
import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.RenderChoice;
import io.vswap.eval.ui.internal.view.EvaluationView;
import io.vswap.ui.api.ClipOutput;

/** Evaluate: the render selected in the Project Explorer, in the Evaluation view. */
public class EvaluateRenderHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s)
                || !(s.getFirstElement() instanceof ClipOutput o)) {
            return null;
        }
        Optional<RenderChoice> render;
        try {
            render = RenderChoice.of(o);
        } catch (IOException e) {
            MessageDialog.openError(HandlerUtil.getActiveShellChecked(event), "Evaluate",
                    "The render's record cannot be read: " + e.getMessage());
            return null;
        }
        if (render.isEmpty()) {
            MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "Evaluate",
                    "Only swap renders can be evaluated; \"" + o.label() + "\" is not one.");
            return null;
        }
        try {
            EvaluationView view = (EvaluationView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
                    .showView(EvalUiIds.EVALUATION_VIEW);
            view.evaluate(render.get());
            return view;
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the Evaluation view", e);
        }
    }
}
