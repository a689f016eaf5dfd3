package io.vswap.ui.internal.wizard;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import io.vswap.video.api.CropRect;

/** A canvas showing one frame scaled to fit, optionally with a crop rectangle over it. */
final class FramePreview {

    private final Canvas canvas;
    private Image image;
    private ImageData data;
    private CropRect crop;

    FramePreview(Composite parent) {
        canvas = new Canvas(parent, SWT.BORDER | SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addDisposeListener(e -> disposeImage());
    }

    Canvas control() {
        return canvas;
    }

    void setFrame(ImageData frame) {
        disposeImage();
        data = frame;
        image = frame == null ? null : new Image(canvas.getDisplay(), frame);
        canvas.redraw();
    }

    void setCrop(CropRect rect) {
        crop = rect;
        canvas.redraw();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.fillRectangle(area);
        if (image == null) {
            return;
        }
        double scale = Math.min((double) area.width / data.width, (double) area.height / data.height);
        int w = (int) Math.round(data.width * scale);
        int h = (int) Math.round(data.height * scale);
        int x = (area.width - w) / 2;
        int y = (area.height - h) / 2;
        gc.drawImage(image, 0, 0, data.width, data.height, x, y, w, h);
        if (crop != null) {
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
            gc.setLineWidth(2);
            gc.drawRectangle(x + (int) Math.round(crop.x() * scale), y + (int) Math.round(crop.y() * scale),
                    (int) Math.round(crop.width() * scale), (int) Math.round(crop.height() * scale));
        }
    }

    private void disposeImage() {
        if (image != null) {
            image.dispose();
            image = null;
        }
    }
}
