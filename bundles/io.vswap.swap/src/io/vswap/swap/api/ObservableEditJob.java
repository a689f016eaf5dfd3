package io.vswap.swap.api;

/**
 * A batch job that runs an edit (the {@code swap} job) and reports its loss curves and previews to
 * an {@link EditObserver}: the workbench gives it one before running it; a batch gives none.
 */
public interface ObservableEditJob {

    /** Reports this job's next run to {@code observer}. */
    void observe(EditObserver observer);
}
