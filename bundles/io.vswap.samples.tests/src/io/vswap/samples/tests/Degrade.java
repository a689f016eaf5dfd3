package io.vswap.samples.tests;

import java.util.Random;

/** A stand-in for a model's output: Gaussian blur then additive Gaussian noise, clamped to [0, 1]. */
final class Degrade {

    private Degrade() {
    }

    static float[] blurAndNoise(float[] rgb, int size, double sigma, double noise, Random r) {
        int reach = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * reach + 1];
        double sum = 0;
        for (int i = -reach; i <= reach; i++) {
            k[i + reach] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + reach];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[rgb.length];
        float[] out = new float[rgb.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int i = -reach; i <= reach; i++) {
                        int xx = Math.min(size - 1, Math.max(0, x + i));
                        v += k[i + reach] * rgb[(y * size + xx) * 3 + c];
                    }
                    tmp[(y * size + x) * 3 + c] = (float) v;
                }
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int i = -reach; i <= reach; i++) {
                        int yy = Math.min(size - 1, Math.max(0, y + i));
                        v += k[i + reach] * tmp[(yy * size + x) * 3 + c];
                    }
                    v += noise * r.nextGaussian();
                    out[(y * size + x) * 3 + c] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return out;
    }
}
