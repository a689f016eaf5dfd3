package io.vswap.ui.api;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.internal.progress.FinishedJobs;

/**
 * The Progress view keeps every job that ended in an error until someone removes it by hand, so
 * after a day's work it is a column of old red lines. A studio job whose failure its caller shows
 * in place (an editor's message area, a wizard page) and the log keeps is taken out of that list
 * as it ends. The workbench offers no API for this: {@link FinishedJobs} is its internal list
 * (org.eclipse.ui.workbench 3.139), used here in this one place.
 */
final class FinishedErrors {

    /** Unpins the kept error entries once a job so marked ended in an error. */
    static final IJobChangeListener UNPIN = new JobChangeAdapter() {
        @Override
        public void done(IJobChangeEvent event) {
            if (event.getResult() == null || event.getResult().getSeverity() != IStatus.ERROR
                    || !PlatformUI.isWorkbenchRunning()) {
                return;
            }
            // after the progress manager's own done listener has kept it
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> FinishedJobs.getInstance().removeErrorJobs());
        }
    };

    private FinishedErrors() {
    }
}
