package io.vswap.diffusion.internal.clip;

import io.vswap.diffusion.api.RgbImage;

/**
 * Pillow's {@code Image.resize(size, BICUBIC)} of an 8-bit RGB image, to the bit, because CLIP's image
 * processors resize with it: a separable convolution with the cubic kernel (a = −0.5) widened by the
 * scale when shrinking (so it also smooths), weights normalised per output pixel then held as 22-bit
 * fixed point, a horizontal pass into 8 bits over the rows the vertical pass needs, then the vertical
 * pass; each pass rounds and clamps to 0..255 (Pillow's Resample.c, {@code ImagingResampleInner}).
 */
public final class PilBicubicResize {

    /** Pillow's {@code PRECISION_BITS}: 8 bits of result, 2 of headroom for negative lobes and overshoot. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private PilBicubicResize() {
    }

    /** One axis's taps: output index i reads {@code count[i]} inputs from {@code first[i]} with {@code weights[i]}. */
    private record Taps(int[] first, int[] count, int[][] weights) {
    }

    /** {@code image} resized to {@code width × height} (the image itself when the size is its own, as Pillow copies). */
    public static RgbImage resize(RgbImage image, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("cannot resize to " + width + "x" + height);
        }
        boolean horizontal = width != image.width();
        boolean vertical = height != image.height();
        if (!horizontal && !vertical) {
            return image;
        }
        Taps rows = taps(image.height(), height);
        byte[] src = image.rgb();
        int srcWidth = image.width();
        int firstRow = 0;
        if (horizontal) {
            // only the rows the vertical pass reads
            firstRow = rows.first[0];
            int lastRow = rows.first[height - 1] + rows.count[height - 1];
            Taps cols = taps(image.width(), width);
            byte[] tmp = new byte[(lastRow - firstRow) * width * 3];
            for (int y = 0; y < lastRow - firstRow; y++) {
                int in = (y + firstRow) * srcWidth * 3;
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        tmp[(y * width + x) * 3 + c] = convolve(src, in + cols.first[x] * 3 + c, 3, cols.count[x],
                                cols.weights[x]);
                    }
                }
            }
            src = tmp;
            srcWidth = width;
        }
        if (!vertical) {
            return new RgbImage(width, height, src);
        }
        byte[] out = new byte[width * height * 3];
        int stride = srcWidth * 3;
        for (int y = 0; y < height; y++) {
            int top = (rows.first[y] - firstRow) * stride;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * width + x) * 3 + c] = convolve(src, top + x * 3 + c, stride, rows.count[y],
                            rows.weights[y]);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    private static byte convolve(byte[] src, int start, int step, int count, int[] weights) {
        int sum = 1 << (PRECISION_BITS - 1); // rounds the fixed-point result to nearest
        for (int i = 0; i < count; i++) {
            sum += (src[start + i * step] & 0xff) * weights[i];
        }
        int v = sum >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }

    /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} for the whole input range. */
    private static Taps taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        double reciprocal = 1.0 / filterScale; // Pillow multiplies by it: dividing could differ in the last bit
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            // (int) truncates toward zero, as C's cast does
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            int n = max - min;
            double[] k = new double[n];
            double total = 0;
            for (int x = 0; x < n; x++) {
                k[x] = cubic((x + min - center + 0.5) * reciprocal);
                total += k[x];
            }
            int[] fixed = new int[n];
            for (int x = 0; x < n; x++) {
                double w = total != 0 ? k[x] / total : k[x];
                fixed[x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            first[i] = min;
            count[i] = n;
            weights[i] = fixed;
        }
        return new Taps(first, count, weights);
    }

    /** Keys' cubic convolution kernel with a = −0.5 (Pillow's {@code bicubic_filter}). */
    private static double cubic(double x) {
        double a = -0.5;
        double t = Math.abs(x);
        if (t < 1) {
            return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2) {
            return (((t - 5) * t + 8) * t - 4) * a;
        }
        return 0;
    }
}
