package io.vswap.batch.internal;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * What a job has reported of its progress (task name, sub-task, work done of the total, time
 * since it began), kept once for every way of showing it: the console's bar and lines, JSON lines.
 * A subclass draws in {@link #changed(boolean)}; cancellation is shared with the runner.
 */
abstract class ProgressState implements IProgressMonitor {

    private final AtomicBoolean cancelled;
    private final long started = System.nanoTime();
    private String taskName = "";
    private String subTask = "";
    private int totalWork = UNKNOWN;
    private double worked;

    ProgressState(AtomicBoolean cancelled) {
        this.cancelled = cancelled;
    }

    /** Something changed; {@code force}: show it even if shown a moment ago (begin and end). */
    abstract void changed(boolean force);

    @Override
    public synchronized void beginTask(String name, int total) {
        if (name != null && !name.isBlank()) {
            taskName = name;
        }
        // SubMonitor calls beginTask once on the root; later calls only rename.
        if (totalWork == UNKNOWN && total > 0) {
            totalWork = total;
        }
        changed(true);
    }

    /** Marks the work complete (a subclass's done() ends its display after this). */
    synchronized void complete() {
        if (totalWork > 0) {
            worked = totalWork;
        }
    }

    @Override
    public void internalWorked(double work) {
        synchronized (this) {
            worked += work;
            changed(false);
        }
    }

    @Override
    public boolean isCanceled() {
        return cancelled.get();
    }

    @Override
    public void setCanceled(boolean value) {
        cancelled.set(value);
    }

    @Override
    public synchronized void setTaskName(String name) {
        taskName = name == null ? "" : name;
        changed(false);
    }

    @Override
    public synchronized void subTask(String name) {
        subTask = name == null ? "" : name;
        changed(false);
    }

    @Override
    public void worked(int work) {
        internalWorked(work);
    }

    /** The fraction done, 0–1, or −1 when the total is unknown. */
    public synchronized double fraction() {
        return totalWork > 0 ? Math.min(1.0, worked / totalWork) : -1;
    }

    /** The sub-task, else the task's name: what is being done now. */
    synchronized String stage() {
        return subTask.isBlank() ? taskName : subTask;
    }

    synchronized double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The seconds left at the pace so far ({@link io.vswap.batch.api.TimeLeft#seconds}). */
    synchronized OptionalLong secondsLeft() {
        return io.vswap.batch.api.TimeLeft.seconds(fraction(), elapsedSeconds());
    }
}
