package io.vswap.concepts.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * A reference image with its square crop drawn on it; dragging (or clicking) moves the square, the part
 * outside it is dimmed. The image is drawn to fit the canvas.
 */
final class CropCanvas {

    private final Canvas canvas;
    private final Runnable changed;
    private ReferenceImage image;
    private Image shown;
    private boolean dragging;

    CropCanvas(Composite parent, Runnable changed) {
        this.changed = changed;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        canvas.setToolTipText("Drag the square to the part of the picture the concept is learnt from");
        canvas.addListener(SWT.Paint, this::paint);
        canvas.addListener(SWT.MouseDown, e -> {
            dragging = e.button == 1;
            move(e);
        });
        canvas.addListener(SWT.MouseMove, e -> {
            if (dragging) {
                move(e);
            }
        });
        canvas.addListener(SWT.MouseUp, e -> dragging = false);
        canvas.addListener(SWT.Dispose, e -> disposeShown());
    }

    Canvas control() {
        return canvas;
    }

    void show(ReferenceImage img) {
        image = img;
        disposeShown();
        if (img != null && img.readable()) {
            shown = new Image(canvas.getDisplay(), img.preview);
        }
        canvas.redraw();
    }

    private void disposeShown() {
        if (shown != null) {
            shown.dispose();
            shown = null;
        }
    }

    /** Where the picture is drawn and at what scale (image pixels to canvas pixels). */
    private double[] placement() {
        Rectangle area = canvas.getClientArea();
        double s = Math.min((area.width - 8) / (double) image.width, (area.height - 8) / (double) image.height);
        double x = (area.width - image.width * s) / 2;
        double y = (area.height - image.height * s) / 2;
        return new double[] { x, y, s };
    }

    private void paint(Event e) {
        GC gc = e.gc;
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (image == null || shown == null) {
            gc.drawText(image == null ? "Add pictures, or drop them here" : "This file cannot be read as a picture",
                    10, 10, true);
            return;
        }
        double[] p = placement();
        int dw = (int) Math.round(image.width * p[2]);
        int dh = (int) Math.round(image.height * p[2]);
        Rectangle src = shown.getBounds();
        gc.drawImage(shown, 0, 0, src.width, src.height, (int) p[0], (int) p[1], dw, dh);
        int sx = (int) Math.round(p[0] + image.cropX() * p[2]);
        int sy = (int) Math.round(p[1] + image.cropY() * p[2]);
        int ss = (int) Math.round(image.side() * p[2]);
        // dim what the training leaves out
        gc.setAlpha(140);
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.fillRectangle((int) p[0], (int) p[1], dw, sy - (int) p[1]);
        gc.fillRectangle((int) p[0], sy + ss, dw, (int) p[1] + dh - sy - ss);
        gc.fillRectangle((int) p[0], sy, sx - (int) p[0], ss);
        gc.fillRectangle(sx + ss, sy, (int) p[0] + dw - sx - ss, ss);
        gc.setAlpha(255);
        gc.setLineWidth(2);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
        gc.drawRectangle(sx, sy, ss - 1, ss - 1);
    }

    private void move(Event e) {
        if (image == null || shown == null) {
            return;
        }
        double[] p = placement();
        image.centreAt((e.x - p[0]) / p[2], (e.y - p[1]) / p[2]);
        canvas.redraw();
        changed.run();
    }

    /** Moves the square as a drag to canvas point ({@code x}, {@code y}) does (for tests). */
    void dragTo(int x, int y) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        move(e);
    }
}
