package io.vswap.diffusion.api;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image as this bundle takes images: interleaved, rows top to bottom, no padding — the
 * bytes of {@code io.vswap.video}'s {@code RgbFrame}, without the video bundle.
 *
 * @param rgb {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("an image of " + width + "x" + height + " pixels");
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " bytes for " + width + "x"
                    + height + " RGB, got " + rgb.length);
        }
    }

    /** Any BufferedImage (a PNG or JPEG read with ImageIO): its colours as sRGB, alpha dropped as PIL's convert("RGB") does. */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }
}
