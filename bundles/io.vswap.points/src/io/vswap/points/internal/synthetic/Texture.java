package io.vswap.points.internal.synthetic;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A smooth random colour texture: white noise blurred at several scales (2–16 px) and summed,
 * so that it has detail for a tracker at every pyramid level and is smooth enough that
 * bilinear sampling of it is, for practical purposes, the continuous image.
 */
final class Texture {

    private static final double[] SCALES = { 2, 4, 8, 16 };

    final int width;
    final int height;
    private final float[][] channels = new float[3][];

    Texture(int width, int height, long seed, double meanLevel, double contrast) {
        this.width = width;
        this.height = height;
        Random rnd = new Random(seed);
        for (int c = 0; c < 3; c++) {
            float[] sum = new float[width * height];
            for (double sigma : SCALES) {
                float[] noise = new float[width * height];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) rnd.nextGaussian();
                }
                float[] blurred = blur(noise, sigma);
                double sd = Math.sqrt(variance(blurred));
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += (float) (blurred[i] / sd);
                }
            }
            double sd = Math.sqrt(variance(sum));
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (float) Math.max(0, Math.min(255, meanLevel + contrast * sum[i] / sd));
            }
            channels[c] = sum;
        }
    }

    private float[] blur(float[] v, double sigma) {
        float[] out = new float[v.length];
        try (FloatPointer in = new FloatPointer(v);
                Mat src = new Mat(height, width, CV_32FC1, in);
                Mat dst = new Mat();
                Size k = new Size(0, 0)) {
            GaussianBlur(src, dst, k, sigma);
            new FloatPointer(dst.data()).get(out);
        }
        return out;
    }

    private static double variance(float[] v) {
        double s = 0, q = 0;
        for (float f : v) {
            s += f;
            q += f * f;
        }
        double m = s / v.length;
        return Math.max(1e-12, q / v.length - m * m);
    }

    /** Bilinear sample of channel c, clamped at the border. */
    float sample(int c, double x, double y) {
        float[] g = channels[c];
        double cx = Math.max(0, Math.min(width - 1.001, x));
        double cy = Math.max(0, Math.min(height - 1.001, y));
        int x0 = (int) cx;
        int y0 = (int) cy;
        float fx = (float) (cx - x0);
        float fy = (float) (cy - y0);
        int i = y0 * width + x0;
        float top = g[i] + fx * (g[i + 1] - g[i]);
        float bottom = g[i + width] + fx * (g[i + width + 1] - g[i + width]);
        return top + fy * (bottom - top);
    }
}
