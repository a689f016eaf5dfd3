package io.vswap.eval.ui.internal.handlers;

import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;
import org.osgi.framework.FrameworkUtil;

import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.study.RaterView;
import io.vswap.eval.ui.internal.study.StudyFolderChoice;

/** Rate a Study…: pick the study's folder, say who rates, and answer it in the Rate a Study view (maximized). */
public class RateStudyHandler extends AbstractHandler {

    private static final String LAST_RATER = "lastRater";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShellChecked(event);
        Optional<StudyFolder> folder = StudyFolderChoice.ask(shell, "Rate a Study");
        if (folder.isEmpty()) {
            return null;
        }
        IDialogSettings settings = PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(getClass()))
                .getDialogSettings();
        String suggested = settings.get(LAST_RATER) != null ? settings.get(LAST_RATER)
                : System.getProperty("user.name", "");
        InputDialog name = new InputDialog(shell, "Rate a Study", "Your name, as the study's organiser knows you. "
                + "Your answers are saved under it: use the same name to go on later.", suggested,
                s -> s.isBlank() ? "Type your name" : s.length() > 100 ? "At most 100 characters" : null);
        if (name.open() != Window.OK) {
            return null;
        }
        String rater = name.getValue().strip();
        settings.put(LAST_RATER, rater);
        try {
            IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage();
            RaterView view = (RaterView) page.showView(EvalUiIds.RATER_VIEW);
            view.open(folder.get(), rater);
            page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED); // the videos need the room
            return view;
        } catch (StudyFileException e) {
            MessageDialog.openError(shell, "Rate a Study", "Your earlier answers cannot be read: " + e.getMessage()
                    + ". The file was left as it is; ask the study's organiser, or rate under another name.");
            return null;
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the Rate a Study view", e);
        }
    }
}
