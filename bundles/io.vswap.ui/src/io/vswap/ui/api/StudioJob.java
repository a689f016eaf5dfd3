package io.vswap.ui.api;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.progress.IProgressConstants;

/**
 * A job of the studio's {@link StudioJobs#FAMILY}: it says only its work, and a failure becomes
 * its result one way for every job (cancel stays cancel, see {@link StudioJobs#statusOf}).
 */
public abstract class StudioJob extends Job {

    protected StudioJob(String name) {
        super(name);
    }

    /**
     * The job's work; returning is OK. A {@link CoreException}'s status is the result as it is (a
     * failure the job words itself); any other exception goes through {@link #failure}.
     */
    protected abstract void work(IProgressMonitor monitor) throws Exception;

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            work(monitor);
            return Status.OK_STATUS;
        } catch (CoreException e) {
            return e.getStatus();
        } catch (Exception e) {
            return failure(e);
        }
    }

    /** The result for a failure of {@link #work}; a job that can say more about some failures overrides it. */
    protected IStatus failure(Exception e) {
        return StudioJobs.statusOf(e);
    }

    /**
     * For a job whose caller shows its failure in place (a wizard page, an editor's message area):
     * the workbench then logs it without a second, modal error dialog.
     */
    protected final void failuresShownByCaller() {
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        FinishedErrors.unpin(this);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == StudioJobs.FAMILY;
    }
}
