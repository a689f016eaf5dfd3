package io.vswap.samples.internal.render;

import java.util.Random;

import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;

/**
 * A background: a pattern mixing a light and a dark variant of the tone, with its details
 * (angle, period, noise lattice) drawn from a seed. In a clip the camera may pan: with
 * probability 0.6 the pattern drifts at a constant velocity of up to 0.6 % of the frame per
 * frame, otherwise it stays still. Sampled once at each pixel centre: every pattern is
 * smooth at the pixel scale, so it needs no antialiasing.
 */
public final class BackgroundField {

    private static final double LIGHT = 1.18;
    private static final double DARK = 0.72;

    private final BackgroundPattern pattern;
    private final float[] light = new float[3];
    private final float[] dark = new float[3];
    private final int size;
    private final double dirX;
    private final double dirY;
    private final double period;
    private final double phase;
    private final long noiseSeed;
    private final double panX;
    private final double panY;

    public BackgroundField(BackgroundPattern pattern, BackgroundColor color, int size, Random r, boolean mayPan) {
        this.pattern = pattern;
        this.size = size;
        float[] base = color.rgb();
        for (int c = 0; c < 3; c++) {
            light[c] = (float) Math.min(1.0, base[c] * LIGHT);
            dark[c] = (float) (base[c] * DARK);
        }
        double angle = r.nextDouble() * 2 * Math.PI;
        dirX = StrictMath.cos(angle);
        dirY = StrictMath.sin(angle);
        double p = switch (pattern) {
        case STRIPES -> 0.25 + 0.15 * r.nextDouble();
        case CHECKER -> 0.20 + 0.10 * r.nextDouble();
        default -> 1.0;
        };
        period = p * size;
        phase = r.nextDouble();
        noiseSeed = r.nextLong();
        // every draw is made whatever the pattern, so the generator's state after it never depends on the spec
        boolean pans = r.nextDouble() < 0.6 && mayPan;
        double speed = 0.006 * size * r.nextDouble();
        double panAngle = r.nextDouble() * 2 * Math.PI;
        speed = pans ? speed : 0;
        panX = speed * StrictMath.cos(panAngle);
        panY = speed * StrictMath.sin(panAngle);
    }

    /** The background of frame {@code f}, interleaved RGB, row-major. */
    public float[] render(int f) {
        float[] out = new float[size * size * 3];
        double ox = panX * f;
        double oy = panY * f;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double w = weight(i + ox, j + oy);
                int k = (j * size + i) * 3;
                for (int c = 0; c < 3; c++) {
                    out[k + c] = (float) (dark[c] + w * (light[c] - dark[c]));
                }
            }
        }
        return out;
    }

    /** How much of the light tone is at {@code (x, y)}, in [0, 1]. */
    private double weight(double x, double y) {
        double cx = x - size / 2.0;
        double cy = y - size / 2.0;
        switch (pattern) {
        case GRADIENT: {
            double t = (cx * dirX + cy * dirY) / size + 0.5;
            return clamp(t);
        }
        case STRIPES: {
            double t = (cx * dirX + cy * dirY) / period + phase;
            return softSquare(StrictMath.sin(2 * Math.PI * t));
        }
        case CHECKER: {
            double a = (cx * dirX + cy * dirY) / period + phase;
            double b = (-cx * dirY + cy * dirX) / period + phase;
            double sa = 2 * softSquare(StrictMath.sin(Math.PI * a)) - 1;
            double sb = 2 * softSquare(StrictMath.sin(Math.PI * b)) - 1;
            return 0.5 + 0.5 * sa * sb;
        }
        case NOISE: {
            double n = valueNoise(x / (size / 3.0), y / (size / 3.0), noiseSeed)
                    + 0.4 * valueNoise(x / (size / 6.0), y / (size / 6.0), noiseSeed ^ 0x5DEECE66DL);
            return clamp((n / 1.4 - 0.5) * 2.2 + 0.5);
        }
        default:
            throw new IllegalStateException(pattern.toString());
        }
    }

    /** A square wave with soft edges (about 1/9 of a period wide). */
    private static double softSquare(double s) {
        double t = clamp((s + 0.35) / 0.7);
        return t * t * (3 - 2 * t);
    }

    /** Smooth value noise in [0, 1] on the integer lattice. */
    private static double valueNoise(double x, double y, long seed) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        long ix = (long) fx;
        long iy = (long) fy;
        double tx = fade(x - fx);
        double ty = fade(y - fy);
        double a = lattice(ix, iy, seed);
        double b = lattice(ix + 1, iy, seed);
        double c = lattice(ix, iy + 1, seed);
        double d = lattice(ix + 1, iy + 1, seed);
        double top = a + tx * (b - a);
        double bottom = c + tx * (d - c);
        return top + ty * (bottom - top);
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }

    /** A hash of the lattice point, uniform in [0, 1) (SplitMix64 finaliser). */
    private static double lattice(long ix, long iy, long seed) {
        long z = seed + ix * 0x9E3779B97F4A7C15L + iy * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    private static double clamp(double t) {
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }
}
