package io.vswap.samples.internal.check;

import io.vswap.samples.api.SubjectColor;

/** Finding the subject's pixels in a frame, with or without its background. */
public final class Segmentation {

    /** A known-background difference below this (max over channels) is not the subject. */
    private static final float DIFF = 0.04f;
    /** A frame whose most colourful pixels are no more colourful than this above its typical pixel has no subject. */
    private static final double MIN_CHROMA_CONTRAST = 0.2;
    /**
     * Half coverage, less a little: generated coverage is a multiple of 1/16, and a frame
     * rounded to 8 bits must not drop its pixels of exactly ½.
     */
    private static final double HALF = 0.49;

    private Segmentation() {
    }

    /**
     * The subject over a known background: for each subject colour P, a pixel F over background
     * B is taken as {@code B + a·(P − B)}; the colour whose fit leaves the smallest residual over
     * the changed pixels is the subject's, and the mask is where {@code a ≥ ½}, as the generator
     * defines it.
     *
     * @return the mask, or {@code null} when no pixel differs from the background
     */
    public static Found againstBackground(float[] frame, float[] background, int size) {
        int n = size * size;
        boolean[] changed = new boolean[n];
        int count = 0;
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                if (Math.abs(frame[3 * p + c] - background[3 * p + c]) > DIFF) {
                    changed[p] = true;
                }
            }
            count += changed[p] ? 1 : 0;
        }
        if (count < minArea(size)) {
            return null;
        }
        SubjectColor best = null;
        double bestResidual = Double.MAX_VALUE;
        for (SubjectColor colour : SubjectColor.values()) {
            float[] rgb = colour.rgb();
            double residual = 0;
            for (int p = 0; p < n; p++) {
                if (changed[p]) {
                    residual += fitResidual(frame, background, p, rgb);
                }
            }
            if (residual < bestResidual) {
                bestResidual = residual;
                best = colour;
            }
        }
        float[] rgb = best.rgb();
        boolean[] mask = new boolean[n];
        for (int p = 0; p < n; p++) {
            mask[p] = changed[p] && coverage(frame, background, p, rgb) >= HALF;
        }
        boolean[] largest = Components.largest(mask, size);
        return largest == null ? null : new Found(largest, best);
    }

    /**
     * The subject by colour alone: a little smoothing (against noise), then the pixels whose
     * chroma (max − min channel) is above the midpoint between the frame's typical (background)
     * chroma and its most colourful pixels', largest connected part; colour by the hue of its
     * most colourful half.
     *
     * @return the mask, or {@code null} when nothing in the frame is much more colourful than the rest
     */
    public static Found byColour(float[] frame, int size) {
        int n = size * size;
        float[] smooth = Smoothing.binomial3(frame, size);
        double[] chroma = new double[n];
        for (int p = 0; p < n; p++) {
            chroma[p] = chroma(smooth, p);
        }
        double[] sorted = chroma.clone();
        java.util.Arrays.sort(sorted);
        double typical = sorted[n / 2];
        double vivid = sorted[Math.min(n - 1, (int) (n * 0.985))];
        if (vivid - typical < MIN_CHROMA_CONTRAST) {
            return null;
        }
        double threshold = (typical + vivid) / 2;
        boolean[] mask = new boolean[n];
        for (int p = 0; p < n; p++) {
            mask[p] = chroma[p] >= threshold;
        }
        boolean[] largest = Components.largest(mask, size);
        if (largest == null || count(largest) < minArea(size)) {
            return null;
        }
        // the mean of the most colourful pixels, away from the edge blur
        double core = (threshold + vivid) / 2;
        double[] sum = new double[3];
        int k = 0;
        for (int p = 0; p < n; p++) {
            if (largest[p] && chroma[p] >= core) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += smooth[3 * p + c];
                }
                k++;
            }
        }
        return new Found(largest, nearestHue(sum[0] / k, sum[1] / k, sum[2] / k));
    }

    /** The subject colour nearest in hue to {@code (r, g, b)}. */
    public static SubjectColor nearestHue(double r, double g, double b) {
        double h = hue(r, g, b);
        SubjectColor best = null;
        double bestD = Double.MAX_VALUE;
        for (SubjectColor c : SubjectColor.values()) {
            float[] rgb = c.rgb();
            double d = Math.abs(h - hue(rgb[0], rgb[1], rgb[2]));
            d = Math.min(d, 360 - d);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    static double hue(double r, double g, double b) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double d = max - min;
        if (d <= 0) {
            return 0;
        }
        double h;
        if (max == r) {
            h = ((g - b) / d) % 6;
        } else if (max == g) {
            h = (b - r) / d + 2;
        } else {
            h = (r - g) / d + 4;
        }
        h *= 60;
        return h < 0 ? h + 360 : h;
    }

    static int minArea(int size) {
        // a subject is never less than about 40 % of a disc of radius 0.17 of the frame
        return Math.max(4, (int) (0.01 * size * size));
    }

    private static double chroma(float[] rgb, int p) {
        float r = rgb[3 * p];
        float g = rgb[3 * p + 1];
        float b = rgb[3 * p + 2];
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
    }

    private static double coverage(float[] frame, float[] background, int p, float[] rgb) {
        double dot = 0;
        double norm = 0;
        for (int c = 0; c < 3; c++) {
            double d = rgb[c] - background[3 * p + c];
            dot += (frame[3 * p + c] - background[3 * p + c]) * d;
            norm += d * d;
        }
        return norm == 0 ? 0 : dot / norm;
    }

    private static double fitResidual(float[] frame, float[] background, int p, float[] rgb) {
        double a = Math.max(0, Math.min(1, coverage(frame, background, p, rgb)));
        double r = 0;
        for (int c = 0; c < 3; c++) {
            double e = frame[3 * p + c] - (background[3 * p + c] + a * (rgb[c] - background[3 * p + c]));
            r += e * e;
        }
        return r;
    }

    static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** A subject's pixels and colour. */
    public record Found(boolean[] mask, SubjectColor color) {
    }
}
