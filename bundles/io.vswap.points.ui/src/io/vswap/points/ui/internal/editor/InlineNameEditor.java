package io.vswap.points.ui.internal.editor;

import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Text;

/**
 * A text field over the canvas, next to where a point is being added: Enter names the point,
 * Escape (or clicking elsewhere) cancels. Inline rather than a dialog so the frame stays in view.
 */
public final class InlineNameEditor {

    private final Text text;
    private boolean finished;

    /**
     * @param validator the reason a name is refused, or {@code null} when it is fine
     */
    InlineNameEditor(Canvas canvas, int x, int y, String suggestion, Function<String, String> validator,
            Consumer<String> onName, Runnable onCancel) {
        text = new Text(canvas, SWT.BORDER | SWT.SINGLE);
        text.setText(suggestion);
        text.setMessage("point name");
        Point size = text.computeSize(160, SWT.DEFAULT);
        int left = Math.max(0, Math.min(x + 10, canvas.getClientArea().width - size.x));
        int top = Math.max(0, Math.min(y - size.y - 6, canvas.getClientArea().height - size.y));
        text.setBounds(left, top, size.x, size.y);
        text.selectAll();
        text.addListener(SWT.Modify, e -> {
            String problem = validator.apply(text.getText().strip());
            text.setToolTipText(problem);
            text.setForeground(problem == null ? null : canvas.getDisplay().getSystemColor(SWT.COLOR_RED));
        });
        text.addListener(SWT.DefaultSelection, e -> {
            String name = text.getText().strip();
            if (validator.apply(name) == null) {
                finish();
                onName.accept(name);
            }
        });
        text.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_ESCAPE) {
                e.doit = false;
                finish();
                onCancel.run();
            }
        });
        text.addListener(SWT.FocusOut, e -> canvas.getDisplay().asyncExec(() -> {
            if (!finished) {
                finish();
                onCancel.run();
            }
        }));
        text.setFocus();
    }

    public Text text() {
        return text;
    }

    public boolean isOpen() {
        return !finished;
    }

    void finish() {
        if (!finished) {
            finished = true;
            Canvas canvas = (Canvas) text.getParent();
            text.dispose();
            if (!canvas.isDisposed()) {
                canvas.setFocus();
                canvas.redraw();
            }
        }
    }
}
