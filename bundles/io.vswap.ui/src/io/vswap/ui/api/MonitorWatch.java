package io.vswap.ui.api;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;

/**
 * A running job's stage and share done, as its progress monitor says them, for a part that shows
 * them beside the Progress view: the job runs with {@link #wrap}'s monitor (everything passed on
 * unchanged), the part reads {@link #stage()} and {@link #fraction()}. Written on the job's thread,
 * read on the UI thread.
 */
public final class MonitorWatch {

    private final long started = System.nanoTime();
    private String stage;
    private int total = -1;
    private double worked;

    /** @param initialStage the stage shown before the job names one */
    public MonitorWatch(String initialStage) {
        this.stage = initialStage;
    }

    /** {@code monitor} as the job should see it: everything passed on, stage and work also kept here. */
    public IProgressMonitor wrap(IProgressMonitor monitor) {
        return new ProgressMonitorWrapper(monitor) {
            @Override
            public void beginTask(String name, int totalWork) {
                super.beginTask(name, totalWork);
                began(name, totalWork);
            }

            @Override
            public void subTask(String name) {
                super.subTask(name);
                stage(name);
            }

            @Override
            public void setTaskName(String name) {
                super.setTaskName(name);
                stage(name);
            }

            @Override
            public void internalWorked(double work) {
                super.internalWorked(work);
                add(work);
            }

            @Override
            public void worked(int work) {
                super.worked(work);
                add(work);
            }
        };
    }

    private synchronized void began(String name, int totalWork) {
        // SubMonitor begins the root once; later calls only rename
        if (total < 0 && totalWork > 0) {
            total = totalWork;
        }
        stage(name);
    }

    private synchronized void stage(String name) {
        if (name != null && !name.isBlank()) {
            stage = name;
        }
    }

    private synchronized void add(double work) {
        worked += work;
    }

    /** What the job is doing now, in words (its latest task or sub-task name). */
    public synchronized String stage() {
        return stage;
    }

    /** The share done, 0–1, or −1 before the job says its total. */
    public synchronized double fraction() {
        return total > 0 ? Math.min(1, worked / total) : -1;
    }

    /** Seconds since this watch was made (the job's start). */
    public double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
