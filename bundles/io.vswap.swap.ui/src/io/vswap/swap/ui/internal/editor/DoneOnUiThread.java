package io.vswap.swap.ui.internal.editor;

import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * A job listener that hands the finished job's event to the UI thread, and only while the
 * editor's {@code control} still lives (a job may end after its editor was closed).
 */
final class DoneOnUiThread extends JobChangeAdapter {

    private final Control control;
    private final Consumer<IJobChangeEvent> ui;

    DoneOnUiThread(Control control, Consumer<IJobChangeEvent> ui) {
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
