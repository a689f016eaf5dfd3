package io.vswap.batch.internal;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/** Reports to several monitors at once (the console, a task's log, JSON lines); the first one cancels. */
final class TeeProgressMonitor implements IProgressMonitor {

    private final List<IProgressMonitor> all;

    TeeProgressMonitor(List<IProgressMonitor> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void beginTask(String name, int totalWork) {
        all.forEach(m -> m.beginTask(name, totalWork));
    }

    @Override
    public void done() {
        all.forEach(m -> m.done());
    }

    @Override
    public void internalWorked(double work) {
        all.forEach(m -> m.internalWorked(work));
    }

    @Override
    public boolean isCanceled() {
        return all.get(0).isCanceled();
    }

    @Override
    public void setCanceled(boolean value) {
        all.get(0).setCanceled(value);
    }

    @Override
    public void setTaskName(String name) {
        all.forEach(m -> m.setTaskName(name));
    }

    @Override
    public void subTask(String name) {
        all.forEach(m -> m.subTask(name));
    }

    @Override
    public void worked(int work) {
        all.forEach(m -> m.worked(work));
    }
}
