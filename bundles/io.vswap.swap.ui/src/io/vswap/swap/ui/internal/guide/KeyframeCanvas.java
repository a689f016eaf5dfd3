package io.vswap.swap.ui.internal.guide;

import java.util.function.BiConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;

/**
 * The keyframe with its points, fitted to the canvas (scaled up by whole pixels, unblurred, for a
 * small clip); a click says where in image pixels.
 */
public final class KeyframeCanvas {

    private final Canvas canvas;
    private Image image;
    private PointSet points;
    private int keyframe;

    /** @param clicked gets a click's image x and y */
    KeyframeCanvas(Composite parent, BiConsumer<Double, Double> clicked) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseDown, e -> {
            if (e.button == 1 && image != null) {
                double[] xy = imageAt(e.x, e.y);
                if (xy != null) {
                    clicked.accept(xy[0], xy[1]);
                }
            }
        });
        canvas.addListener(SWT.Dispose, e -> {
            if (image != null) {
                image.dispose();
            }
        });
    }

    public Canvas control() {
        return canvas;
    }

    void setFrame(ImageData frame, int index) {
        if (image != null) {
            image.dispose();
        }
        image = new Image(canvas.getDisplay(), frame);
        keyframe = index;
        canvas.redraw();
    }

    void setPoints(PointSet set) {
        points = set;
        canvas.redraw();
    }

    /** Scale and offset of the image in the canvas: {scale, x0, y0}. */
    private double[] fit() {
        Rectangle r = canvas.getClientArea();
        Rectangle b = image.getBounds();
        double s = Math.min(r.width / (double) b.width, r.height / (double) b.height);
        if (s >= 2) {
            s = Math.floor(s);
        }
        return new double[] { s, (r.width - b.width * s) / 2, (r.height - b.height * s) / 2 };
    }

    /** The canvas point (x, y) in image pixels, or null outside the image. */
    double[] imageAt(int x, int y) {
        double[] f = fit();
        double ix = (x - f[1]) / f[0] - 0.5, iy = (y - f[2]) / f[0] - 0.5;
        Rectangle b = image.getBounds();
        return ix < -0.5 || iy < -0.5 || ix > b.width - 0.5 || iy > b.height - 0.5 ? null : new double[] { ix, iy };
    }

    /** Where image pixel (x, y) is on the canvas. */
    public int[] canvasAt(double x, double y) {
        double[] f = fit();
        return new int[] { (int) Math.round(f[1] + (x + 0.5) * f[0]), (int) Math.round(f[2] + (y + 0.5) * f[0]) };
    }

    /** Image pixels per canvas pixel (for "near a point" tests). */
    double pixelsPerScreenPixel() {
        return 1 / fit()[0];
    }

    private void paint(GC gc) {
        if (image == null) {
            return;
        }
        double[] f = fit();
        Rectangle b = image.getBounds();
        gc.setInterpolation(f[0] >= 2 ? SWT.NONE : SWT.HIGH);
        gc.drawImage(image, 0, 0, b.width, b.height, (int) Math.round(f[1]), (int) Math.round(f[2]),
                (int) Math.round(b.width * f[0]), (int) Math.round(b.height * f[0]));
        if (points == null) {
            return;
        }
        gc.setAntialias(SWT.ON);
        for (SemanticPoint p : points.points()) {
            Keyframe k = p.keyframe(keyframe).orElse(null);
            if (k == null) {
                continue;
            }
            int[] at = canvasAt(k.x(), k.y());
            Color c = new Color(new RGB(p.colour() >> 16 & 0xff, p.colour() >> 8 & 0xff, p.colour() & 0xff));
            gc.setBackground(c);
            gc.fillOval(at[0] - 5, at[1] - 5, 11, 11);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawOval(at[0] - 5, at[1] - 5, 11, 11);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.drawText(p.name(), at[0] + 8, at[1] - 8, true);
        }
    }
}
