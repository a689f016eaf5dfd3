package io.vswap.ui.api;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;

import io.vswap.ui.api.StudioIds;

/** What the workstation's jobs share: their family (to wait for or cancel them all) and error mapping. */
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
