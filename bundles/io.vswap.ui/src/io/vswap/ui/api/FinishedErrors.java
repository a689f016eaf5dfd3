package io.vswap.ui.api;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.internal.progress.FinishedJobs;
import org.eclipse.ui.internal.progress.JobInfo;
import org.eclipse.ui.internal.progress.JobTreeElement;

/**
 * The Progress view keeps every job that ended in an error until someone removes it by hand, so
 * after a day's work it is a column of old red lines. A studio job whose failure its caller shows
 * in place (an editor's message area, a wizard page) and the log keeps is taken out of that list
 * as soon as the list keeps it. The workbench offers no API for this: {@link FinishedJobs} is its
 * internal list (org.eclipse.ui.workbench 3.139), used here in this one place.
 */
final class FinishedErrors {

    /** The job property that marks a job whose failure is shown by its caller. */
    private static final org.eclipse.core.runtime.QualifiedName SHOWN_BY_CALLER = new org.eclipse.core.runtime.QualifiedName(
            StudioIds.PLUGIN_ID, "failureShownByCaller");

    private static boolean listening;

    private FinishedErrors() {
    }

    /** Marks {@code job}: if it ends in an error, the Progress view does not keep it. */
    static synchronized void unpin(Job job) {
        job.setProperty(SHOWN_BY_CALLER, Boolean.TRUE);
        if (listening || !PlatformUI.isWorkbenchRunning()) {
            return;
        }
        listening = true;
        FinishedJobs.getInstance().addListener(new FinishedJobs.KeptJobsListener() {
            @Override
            public void finished(JobTreeElement element) {
                if (element instanceof JobInfo info && info.getJob() != null
                        && Boolean.TRUE.equals(info.getJob().getProperty(SHOWN_BY_CALLER))
                        && info.getJob().getResult() != null
                        && info.getJob().getResult().getSeverity() == IStatus.ERROR) {
                    // not from inside the list's own notification
                    PlatformUI.getWorkbench().getDisplay().asyncExec(() -> FinishedJobs.getInstance().removeErrorJobs());
                }
            }

            @Override
            public void removed(JobTreeElement element) {
            }
        });
    }
}
