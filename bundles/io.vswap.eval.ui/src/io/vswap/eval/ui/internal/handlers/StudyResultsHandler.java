package io.vswap.eval.ui.internal.handlers;

import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.study.StudyFolderChoice;
import io.vswap.eval.ui.internal.study.StudyResultsView;

/** Study Results…: pick the study's folder and show its results in the Study Results view. */
public class StudyResultsHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Optional<StudyFolder> folder = StudyFolderChoice.ask(HandlerUtil.getActiveShellChecked(event), "Study Results");
        if (folder.isEmpty()) {
            return null;
        }
        try {
            StudyResultsView view = (StudyResultsView) HandlerUtil.getActiveWorkbenchWindowChecked(event)
                    .getActivePage().showView(EvalUiIds.STUDY_RESULTS_VIEW);
            view.open(folder.get());
            return view;
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the Study Results view", e);
        }
    }
}
