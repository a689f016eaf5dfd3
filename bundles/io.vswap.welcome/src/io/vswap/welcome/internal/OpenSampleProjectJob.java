package io.vswap.welcome.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;

import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;
import io.vswap.welcome.internal.sample.SampleProject;
import io.vswap.welcome.internal.sample.SampleProjectException;
import io.vswap.welcome.internal.sample.SampleServices;

/**
 * Makes the sample project (the first time) or finds it, opens it in the workbench and selects its
 * clip in the Project Explorer, so that Swap Subject… is the next click.
 */
public final class OpenSampleProjectJob extends StudioJob {

    /** These jobs, to wait for or to follow (the welcome page says how each ended). */
    public static final Object FAMILY = new Object();

    /** One at a time: a second click waits for the first, then reopens what it made. */
    private static final ISchedulingRule ONE_AT_A_TIME = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    private final SampleServices services;
    private final ProjectSession session;
    private final Path parent;
    private final IWorkbenchWindow window;
    private volatile SampleProject.Outcome outcome;

    public OpenSampleProjectJob(SampleServices services, ProjectSession session, Path parent, IWorkbenchWindow window) {
        super("Opening the sample project");
        this.services = services;
        this.session = session;
        this.parent = parent;
        this.window = window;
        setUser(true);
        setRule(ONE_AT_A_TIME);
    }

    /** What the job did, once it finished OK. */
    public Optional<SampleProject.Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 100);
        SampleProject.Outcome done = services.sampleProject().openOrCreate(parent, sub.split(90));
        Project project;
        try {
            project = session.open(done.folder());
        } catch (Exception e) {
            throw new SampleProjectException("The sample project in " + done.folder() + " could not be opened: "
                    + e.getMessage(), e);
        }
        sub.worked(10);
        outcome = done;
        // after the explorer's own update, which the session's listener has queued already
        window.getWorkbench().getDisplay().asyncExec(() -> selectClip(project));
    }

    /** Shows the project's sample clip selected in the Project Explorer, the explorer active. */
    private void selectClip(Project project) {
        if (window.getShell().isDisposed() || window.getActivePage() == null) {
            return;
        }
        IWorkbenchPage page = window.getActivePage();
        try {
            IViewPart explorer = page.showView(StudioIds.PROJECT_EXPLORER_VIEW);
            sampleClip(project).ifPresent(
                    ref -> explorer.getSite().getSelectionProvider().setSelection(new StructuredSelection(ref)));
        } catch (PartInitException e) {
            // the project is open all the same; only the selection is missing
            org.eclipse.core.runtime.ILog.of(OpenSampleProjectJob.class).warn("Could not show the Project Explorer", e);
        }
    }

    /** The sample clip, or the first clip when the user has renamed or replaced it. */
    static Optional<ClipRef> sampleClip(Project project) {
        for (Shot shot : project.shots()) {
            Optional<Clip> clip = shot.clip(SampleProject.CLIP);
            if (shot.name().equals(SampleProject.SHOT) && clip.isPresent()) {
                return Optional.of(new ClipRef(project, shot, clip.get()));
            }
        }
        return project.shots().stream().filter(s -> !s.clips().isEmpty()).findFirst()
                .map(s -> new ClipRef(project, s, s.clips().get(0)));
    }

    @Override
    protected IStatus failure(Exception e) {
        if (e instanceof SampleProjectException) {
            return new Status(IStatus.ERROR, WelcomeIds.PLUGIN_ID, e.getMessage(), e);
        }
        return super.failure(e);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY || super.belongsTo(family);
    }
}
