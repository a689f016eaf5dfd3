package io.vswap.concepts.ui.internal;

import java.awt.image.BufferedImage;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

/** Pictures the headless bundles draw ({@link BufferedImage}) as SWT image data. */
final class AwtImages {

    private AwtImages() {
    }

    /** {@code image} as 24-bit image data, scaled to {@code side} on its longer side (0: as it is). */
    static ImageData toImageData(BufferedImage image, int side) {
        int w = image.getWidth();
        int h = image.getHeight();
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d.setPixel(x, y, image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        if (side <= 0) {
            return d;
        }
        double s = side / (double) Math.max(w, h);
        return d.scaledTo(Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s)));
    }
}
