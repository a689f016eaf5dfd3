package io.vswap.batch.api;

import java.util.Optional;

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

    /**
     * Whether this job's result is already on disk, complete and made from the same inputs, so
     * that a rerun of the batch (after a crash, a kill, or with more work added) skips it. Cheap:
     * reads records and hashes inputs, runs nothing. The default: never (the job always runs).
     *
     * @return what is there, in one line (e.g. the render's name), or empty when the job must run
     * @throws Exception when the inputs cannot be read (the job would fail the same way)
     */
    default Optional<String> completed() throws Exception {
        return Optional.empty();
    }

    /**
     * Work that this job and others of the batch may share, run once before all of them (a swap's
     * source side: every target of a clip starts from it). The batch runs one job per distinct
     * {@link SharedPreparation#key()}, before the jobs that name it, and leaves it out when every
     * job that needs it is {@link #completed()}. The default: none.
     */
    default Optional<SharedPreparation> sharedPreparation() {
        return Optional.empty();
    }

    /** What one run of the job needs from a machine, for a render farm's scheduler. */
    default JobResources resources() {
        return JobResources.DEFAULT;
    }

    /**
     * A preparation jobs share.
     *
     * @param key equal for jobs that share it (e.g. a hash of the clip, points, model and source-side settings)
     * @param job the preparation itself
     */
    record SharedPreparation(String key, BatchJob job) {
        public SharedPreparation {
            if (key == null || key.isBlank() || job == null) {
                throw new IllegalArgumentException("a shared preparation needs a key and a job");
            }
        }
    }
}
