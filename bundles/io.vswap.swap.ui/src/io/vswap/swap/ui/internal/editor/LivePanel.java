package io.vswap.swap.ui.internal.editor;

import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

import io.vswap.batch.api.TimeLeft;
import io.vswap.ui.api.RgbImages;

/**
 * The Swap editor's view of its running job, under the run buttons: the stage in words
 * ("registration 37/100: loss 0.84", "editing, step 8/20"), a bar, the time so far and left at the
 * pace so far, the registration's loss curve, and a small preview of the edit as it forms (the
 * middle frame as the current step predicts it). Shown only while a job runs; refreshed four
 * times a second from a {@link JobWatch}.
 */
final class LivePanel {

    private static final int REFRESH_MS = 250;
    private static final int PREVIEW_SIDE = 96;

    private final Composite control;
    private final Label stage;
    private final ProgressBar bar;
    private final Label time;
    private final Label lossLine;
    private final Canvas curve;
    private final Label previewLine;
    private final Canvas preview;
    private Image previewImage;
    private JobWatch watch;
    private int previewsShown;
    private double[] losses = new double[0];

    LivePanel(Composite parent) {
        control = new Composite(parent, SWT.NONE);
        // stage, bar and time across; the loss curve left of the preview, each under its line
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 2).spacing(6, 2).applyTo(control);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(control);
        stage = new Label(control, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(100, SWT.DEFAULT).applyTo(stage);
        bar = new ProgressBar(control, SWT.HORIZONTAL | SWT.SMOOTH);
        bar.setMaximum(1000);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(bar);
        time = new Label(control, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(100, SWT.DEFAULT).applyTo(time);
        lossLine = new Label(control, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(60, SWT.DEFAULT).applyTo(lossLine);
        previewLine = new Label(control, SWT.WRAP);
        GridDataFactory.fillDefaults().hint(PREVIEW_SIDE, SWT.DEFAULT).applyTo(previewLine);
        curve = new Canvas(control, SWT.DOUBLE_BUFFERED);
        curve.setToolTipText("The point registration's loss, one point per iteration");
        GridDataFactory.fillDefaults().grab(true, false).hint(60, PREVIEW_SIDE).applyTo(curve);
        curve.addPaintListener(e -> drawCurve(e.gc));
        preview = new Canvas(control, SWT.DOUBLE_BUFFERED);
        preview.setToolTipText("The middle frame as the edit's current step predicts it");
        GridDataFactory.swtDefaults().hint(PREVIEW_SIDE, PREVIEW_SIDE).applyTo(preview);
        preview.addPaintListener(e -> drawPreview(e.gc));
        control.addListener(SWT.Dispose, e -> {
            if (previewImage != null) {
                previewImage.dispose();
            }
        });
        setVisible(false);
    }

    Composite control() {
        return control;
    }

    /** Shows {@code w}'s job until {@link #stop()}. */
    void start(JobWatch w) {
        watch = w;
        previewsShown = 0;
        losses = new double[0];
        if (previewImage != null) {
            previewImage.dispose();
            previewImage = null;
        }
        setVisible(true);
        refresh();
        control.getDisplay().timerExec(REFRESH_MS, this::tick);
    }

    /** The job ended: the panel goes. */
    void stop() {
        if (control.isDisposed()) {
            return;
        }
        refresh(); // the last preview, if one came after the last tick
        watch = null;
        setVisible(false);
    }

    boolean isShowing() {
        return watch != null;
    }

    private void tick() {
        if (watch == null || control.isDisposed()) {
            return;
        }
        refresh();
        control.getDisplay().timerExec(REFRESH_MS, this::tick);
    }

    /** Reads the watch into the widgets (for tests too: what a tick does). */
    void refresh() {
        JobWatch w = watch;
        if (w == null || control.isDisposed()) {
            return;
        }
        stage.setText(w.stage());
        double f = w.fraction();
        bar.setSelection(f < 0 ? 0 : (int) Math.round(f * 1000));
        String left = w.timeLeft();
        time.setText((f < 0 ? "" : Math.round(f * 100) + " % · ") + TimeLeft.duration(Math.round(w.elapsedSeconds()))
                + " so far" + (left.isEmpty() ? "" : " · " + left));
        double[] l = w.losses();
        if (l.length != losses.length) {
            losses = l;
            lossLine.setText(l.length == 0 ? "" : String.format(Locale.ROOT, "Registration loss %.3g → %.3g (%d of %d)",
                    l[0], l[l.length - 1], l.length, w.lossTotal()));
            curve.redraw();
        }
        boolean pictures = l.length > 0 || w.preview() != null;
        show(lossLine, pictures);
        show(curve, pictures);
        JobWatch.Preview p = w.preview();
        if (w.previewCount() != previewsShown && p != null) {
            previewsShown = w.previewCount();
            if (previewImage != null) {
                previewImage.dispose();
            }
            previewImage = new Image(control.getDisplay(), RgbImages.toImageData(p.frame()));
            previewLine.setText("Step " + p.step() + "/" + p.steps());
            preview.setToolTipText("Frame " + p.frame().index() + " as step " + p.step() + " of " + p.steps()
                    + " predicts it (" + p.stage() + ")");
            preview.redraw();
        }
        show(previewLine, pictures);
        show(preview, pictures);
        control.requestLayout();
    }

    private void drawCurve(GC gc) {
        Rectangle r = curve.getClientArea();
        gc.setBackground(curve.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(r);
        if (losses.length < 2) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : losses) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double span = hi > lo ? hi - lo : 1;
        int[] xy = new int[losses.length * 2];
        for (int i = 0; i < losses.length; i++) {
            xy[2 * i] = r.x + 2 + (int) Math.round((r.width - 4) * i / (double) (losses.length - 1));
            xy[2 * i + 1] = r.y + 2 + (int) Math.round((r.height - 4) * (hi - losses[i]) / span);
        }
        gc.setForeground(curve.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION));
        gc.setLineWidth(2);
        gc.drawPolyline(xy);
    }

    /** The preview fitted into the square, scaled up by whole pixels (no blur) for a small clip. */
    private void drawPreview(GC gc) {
        if (previewImage == null) {
            return;
        }
        Rectangle r = preview.getClientArea();
        Rectangle b = previewImage.getBounds();
        double scale = Math.min(r.width / (double) b.width, r.height / (double) b.height);
        if (scale >= 2) {
            scale = Math.floor(scale);
            gc.setInterpolation(SWT.NONE);
        } else {
            gc.setInterpolation(SWT.HIGH);
        }
        int w = (int) Math.round(b.width * scale), h = (int) Math.round(b.height * scale);
        gc.drawImage(previewImage, 0, 0, b.width, b.height, r.x + (r.width - w) / 2, r.y + (r.height - h) / 2, w, h);
    }

    private void setVisible(boolean shown) {
        show(control, shown);
        control.requestLayout();
    }

    private static void show(org.eclipse.swt.widgets.Control c, boolean shown) {
        c.setVisible(shown);
        ((GridData) c.getLayoutData()).exclude = !shown;
    }

    // for tests
    String stageText() {
        return stage.getText();
    }

    String timeText() {
        return time.getText();
    }

    String lossText() {
        return lossLine.getText();
    }

    int barSelection() {
        return bar.getSelection();
    }

    Canvas curve() {
        return curve;
    }

    /** The preview's line and tooltip. */
    String previewText() {
        return previewLine.getText() + " | " + preview.getToolTipText();
    }

    /** The preview shown, or null. */
    Image previewImage() {
        return previewImage;
    }
}
