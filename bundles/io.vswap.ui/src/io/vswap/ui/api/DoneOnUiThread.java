package io.vswap.ui.api;

import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * A job listener that hands the finished job's event to the UI thread, and only while the
 * part's {@code control} still lives (a job may end after its editor or view was closed).
 */
public final class DoneOnUiThread extends JobChangeAdapter {

    private final Control control;
    private final Consumer<IJobChangeEvent> ui;

    public DoneOnUiThread(Control control, Consumer<IJobChangeEvent> ui) {
        this.control = control;
        this.ui = ui;
    }

    @Override
    public void done(IJobChangeEvent event) {
        Display display = control.getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!control.isDisposed()) {
                    ui.accept(event);
                }
            });
        }
    }
}
