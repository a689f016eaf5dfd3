package io.vswap.swap.ui.internal.guide;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.ui.IWorkbenchWindow;

import io.vswap.points.api.PointSet;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.swap.ui.internal.handlers.SwapSubjectHandler;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.internal.prefs.StudioPreferences;
import io.vswap.ui.internal.wizard.ImportVideoWizard;

/**
 * New Swap: a first swap of one's own footage, step by step — pick a video and choose the clip
 * (the Import Video wizard's pages: the model's size proposed), place points on its first frame,
 * track them and see where one is lost, say what the subject becomes and how carefully; Finish
 * opens the Swap editor with all of it and runs the swap there. Each step writes the project's
 * own files (shot, point set), so a wizard started on a clip that has them goes on from where
 * it was left: points placed, then tracked.
 */
public final class NewSwapWizard extends ImportVideoWizard {

    private final GuideState state;
    private final IWorkbenchWindow window;
    private final ClipRef resumed;
    private PlacePointsPage pointsPage;
    private TrackPage trackPage;
    private SwapTargetPage swapPage;
    private SwapEditor opened;

    /** @param resume a clip to go on with (the wizard skips the import), or null for a new video */
    public NewSwapWizard(ProjectSession session, SwapServices services, IWorkbenchWindow window, ClipRef resume) {
        super(session, new StudioPreferences());
        this.state = new GuideState(session, services);
        this.window = window;
        this.resumed = resume;
        state.clip = resume;
        setWindowTitle("New Swap");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        if (resumed == null) {
            super.addPages();
        }
        pointsPage = new PlacePointsPage(state, () -> new PlacePointsPage.ImportChoice(preview().probe().source(),
                clipPage().settings(), clipPage().shotName(), clipPage().clipName()));
        trackPage = new TrackPage(state);
        EditMethod method = state.services.methods().stream().filter(m -> m.id().equals("videoswap")).findFirst()
                .orElse(state.services.methods().stream().findFirst().orElse(null));
        swapPage = new SwapTargetPage(state, method);
        addPage(pointsPage);
        addPage(trackPage);
        addPage(swapPage);
    }

    /** A resumed clip starts where it was left: at its points, its tracking, or the swap. */
    @Override
    public IWizardPage getStartingPage() {
        if (resumed == null) {
            return super.getStartingPage();
        }
        PointSet saved = null;
        try {
            saved = state.savedPoints().orElse(null);
        } catch (Exception e) {
            // an unreadable point set: placed again from the first step
        }
        state.points = saved;
        return saved == null || saved.points().isEmpty() ? pointsPage : !saved.isTracked() ? trackPage : swapPage;
    }

    /** The resumed clip's frames, read once before the first page that needs them. */
    void loadResumedFrames() {
        if (state.frames != null || state.clip == null) {
            return;
        }
        try {
            getContainer().run(true, false, monitor -> {
                try {
                    state.frames = PreparedFrames.read(state.session, state.clip, monitor);
                } catch (Exception e) {
                    throw new InvocationTargetException(e);
                }
            });
        } catch (InvocationTargetException e) {
            ((org.eclipse.jface.wizard.WizardPage) getContainer().getCurrentPage())
                    .setErrorMessage("The clip's frames could not be read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state.points == null && state.frames != null) {
            var c = state.clip.clip();
            state.points = PointSet.empty(c.name(), state.frames.frames().size(), c.settings().outputWidth(),
                    c.settings().outputHeight());
        }
    }

    @Override
    public IWizardPage getNextPage(IWizardPage page) {
        if (page == pointsPage && state.points != null && !state.points.points().isEmpty()) {
            try {
                state.savePoints(state.points); // placed, kept even if the wizard is left here
            } catch (java.io.IOException e) {
                pointsPage.setErrorMessage("The points could not be saved: " + e.getMessage());
                return null;
            }
        }
        return super.getNextPage(page);
    }

    @Override
    public boolean canFinish() {
        return getContainer() != null && getContainer().getCurrentPage() == swapPage && swapPage.isPageComplete();
    }

    /** Opens the clip's Swap editor with the wizard's choices and runs the swap there. */
    @Override
    public boolean performFinish() {
        try {
            SwapEditor editor = SwapSubjectHandler.open(window, state.clip);
            editor.promptField().setText(swapPage.prompt());
            editor.subjectField().setText(swapPage.subject());
            editor.targetField().setText(swapPage.target());
            if (swapPage.preset() != null) {
                editor.choosePreset(swapPage.preset());
            }
            editor.settings().setValues(Map.of("seed", swapPage.seed()));
            editor.runEditWhenLoaded();
            opened = editor;
            return true;
        } catch (org.eclipse.ui.WorkbenchException e) {
            swapPage.setErrorMessage("The Swap editor could not be opened: " + e.getMessage());
            return false;
        }
    }

    // for tests
    public SwapEditor openedEditor() {
        return opened;
    }

    public ClipRef clip() {
        return state.clip;
    }

    public PlacePointsPage pointsPage() {
        return pointsPage;
    }

    public TrackPage trackPage() {
        return trackPage;
    }

    public SwapTargetPage swapPage() {
        return swapPage;
    }
}
