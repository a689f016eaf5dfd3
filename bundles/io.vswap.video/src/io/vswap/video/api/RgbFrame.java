package io.vswap.video.api;

/**
 * One decoded frame: 8-bit RGB, interleaved, rows top to bottom, no padding.
 *
 * @param index frame number in its source (0-based)
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height * 3} bytes
 */
public record RgbFrame(int index, int width, int height, byte[] rgb) {

    public RgbFrame {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "expected " + width * height * 3 + " bytes for " + width + "x" + height + ", got " + rgb.length);
        }
    }

    /** Red, green and blue of pixel (x, y), each 0–255. */
    public int[] pixel(int x, int y) {
        int i = (y * width + x) * 3;
        return new int[] { rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff };
    }

    /** The frame as floats in [0, 1], interleaved RGB (height × width × 3). */
    public float[] toFloatRgb() {
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (rgb[i] & 0xff) / 255f;
        }
        return out;
    }

    /** Luma per pixel, 0–255 (ITU-R BT.601, as OpenCV's RGB2GRAY), rows top to bottom. */
    public float[] luma() {
        int n = width * height;
        float[] g = new float[n];
        for (int p = 0, i = 0; p < n; p++, i += 3) {
            g[p] = 0.299f * (rgb[i] & 0xff) + 0.587f * (rgb[i + 1] & 0xff) + 0.114f * (rgb[i + 2] & 0xff);
        }
        return g;
    }

    /** The frame as floats in [0, 1], planar (3 × height × width), the layout tensors use. */
    public float[] toFloatPlanar() {
        int plane = width * height;
        float[] out = new float[rgb.length];
        for (int p = 0; p < plane; p++) {
            out[p] = (rgb[3 * p] & 0xff) / 255f;
            out[plane + p] = (rgb[3 * p + 1] & 0xff) / 255f;
            out[2 * plane + p] = (rgb[3 * p + 2] & 0xff) / 255f;
        }
        return out;
    }
}
