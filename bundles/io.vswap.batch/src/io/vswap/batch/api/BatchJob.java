package io.vswap.batch.api;

import org.eclipse.core.runtime.IProgressMonitor;

/** One parsed job of a spec, ready to run. */
public interface BatchJob {

    /** What the job will do, in one line, e.g. {@code import plane.mp4 → projects/plane, shot "plane"}. */
    String describe();

    /**
     * Does the work, reporting to {@code monitor} and checking it for cancellation between units
     * of work. A cancelled or failed job leaves no partial file behind.
     *
     * @return what was done, in one line, for the summary
     * @throws org.eclipse.core.runtime.OperationCanceledException when cancelled
     * @throws Exception whose message says what failed, on which file, and what to do
     */
    String run(IProgressMonitor monitor) throws Exception;
}
