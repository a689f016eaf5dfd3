package io.vswap.ui.api;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;

/**
 * What the workstation's jobs share: their family (to wait for or cancel them all) and error
 * mapping; {@link StudioJob} is the base class that applies both.
 */
public final class StudioJobs {

    /** Every job of this bundle belongs to this family. */
    public static final Object FAMILY = new Object();

    private StudioJobs() {
    }

    /** A job's result for a failure: cancel stays cancel, everything else is an error naming the cause. */
    public static IStatus statusOf(Throwable t) {
        if (t instanceof OperationCanceledException) {
            return Status.CANCEL_STATUS;
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new Status(IStatus.ERROR, StudioIds.PLUGIN_ID, message, t);
    }
}
