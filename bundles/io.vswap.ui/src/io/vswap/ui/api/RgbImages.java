package io.vswap.ui.api;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

import io.vswap.video.api.RgbFrame;

/** Turns decoded frames into SWT image data (device-independent, so jobs may build it off the UI thread). */
public final class RgbImages {

    private RgbImages() {
    }

    public static ImageData toImageData(RgbFrame frame) {
        // 24-bit direct palette reads each pixel as 0xRRGGBB from three bytes: RgbFrame's layout.
        PaletteData palette = new PaletteData(0xFF0000, 0x00FF00, 0x0000FF);
        return new ImageData(frame.width(), frame.height(), 24, palette, 1, frame.rgb().clone());
    }

    /** Red, green, blue of an image data pixel, whatever its palette. */
    public static int[] rgb(ImageData data, int x, int y) {
        var c = data.palette.getRGB(data.getPixel(x, y));
        return new int[] { c.red, c.green, c.blue };
    }
}
