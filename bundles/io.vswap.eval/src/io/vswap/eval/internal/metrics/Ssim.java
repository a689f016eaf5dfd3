package io.vswap.eval.internal.metrics;

/**
 * The structural similarity map of Wang et al. (2004) as scikit-image's {@code structural_similarity}
 * computes it with {@code gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=255}: a Gaussian window (truncated at 3.5 σ: 11 taps), scipy's "reflect" border, K1 =
 * 0.01, K2 = 0.03, each RGB channel apart, then their mean.
 */
final class Ssim {

    static final double SIGMA = 1.5;
    /** The window's half width: {@code int(3.5 σ + 0.5)}, as scipy's gaussian_filter. */
    static final int RADIUS = (int) (3.5 * SIGMA + 0.5);
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] KERNEL = kernel();

    private Ssim() {
    }

    /** The SSIM map of two interleaved 8-bit RGB images, {@code height × width}, the channels' mean. */
    static double[] map(byte[] a, byte[] b, int width, int height) {
        int n = width * height;
        double[] out = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        double[] tmp = new double[n];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                x[p] = a[3 * p + c] & 0xff;
                y[p] = b[3 * p + c] & 0xff;
            }
            double[] ux = blur(x, width, height, tmp);
            double[] uy = blur(y, width, height, tmp);
            double[] uxx = blur(product(x, x), width, height, tmp);
            double[] uyy = blur(product(y, y), width, height, tmp);
            double[] uxy = blur(product(x, y), width, height, tmp);
            for (int p = 0; p < n; p++) {
                double vx = uxx[p] - ux[p] * ux[p];
                double vy = uyy[p] - uy[p] * uy[p];
                double vxy = uxy[p] - ux[p] * uy[p];
                double s = (2 * ux[p] * uy[p] + C1) * (2 * vxy + C2)
                        / ((ux[p] * ux[p] + uy[p] * uy[p] + C1) * (vx + vy + C2));
                out[p] += s / 3;
            }
        }
        return out;
    }

    private static double[] product(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** The separable Gaussian, rows then columns, scipy's "reflect" border ({@code d c b a | a b c d}). */
    private static double[] blur(double[] img, int width, int height, double[] tmp) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += KERNEL[k + RADIUS] * img[row + reflect(x + k, width)];
                }
                tmp[row + x] = s;
            }
        }
        double[] out = new double[img.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += KERNEL[k + RADIUS] * tmp[reflect(y + k, height) * width + x];
                }
                out[y * width + x] = s;
            }
        }
        return out;
    }

    static int reflect(int i, int n) {
        // scipy's "reflect" (half-sample symmetric); the window is never wider than twice an image side here
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }

    private static double[] kernel() {
        double[] k = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-0.5 * i * i / (SIGMA * SIGMA));
            sum += k[i + RADIUS];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
