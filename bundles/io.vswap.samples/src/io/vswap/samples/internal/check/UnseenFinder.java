package io.vswap.samples.internal.check;

import java.util.List;

import io.vswap.samples.internal.render.ShapeTemplate;

/**
 * Finds a subject of known colours and shape in a frame: the pixels near one of its colours (and,
 * where the background is known, off it), largest connected part; each colour's share of it; the
 * shape fitted to it ({@link ShapeFit}). The thresholds are the checker's, set on rendered truth
 * before any model drew one of these subjects.
 */
public final class UnseenFinder {

    /** A pixel within this RGB distance (of [0, 1] channels) of a subject colour may be the subject. */
    public static final double NEAR = 0.3;
    /**
     * A pixel within this distance of a blend of two subject colours may be the subject (blur mixes
     * them where they meet); tighter than {@link #NEAR}, since a blend of yellow and magenta passes
     * near the world's light brown backgrounds.
     */
    static final double BLEND = 0.12;
    /** A pixel that differs from the known background by less than this (max over channels) is background. */
    static final double OFF_BACKGROUND = 0.08;

    private UnseenFinder() {
    }

    /**
     * What was found.
     *
     * @param mask the subject's pixels (empty when none)
     * @param shares the share of the mask's pixels that are near each colour (not a blend), in the colours' order
     * @param fit the shape's best pose on the mask; null when there is no mask
     * @param colourCentroids each colour's pixels' centroid {x, y}, in the colours' order
     */
    public record Found(boolean[] mask, int area, double[] shares, ShapeFit.Fit fit, double[][] colourCentroids) {
    }

    public static Found find(float[] frame, int size, List<float[]> colours, ShapeTemplate shape, float[] background) {
        int n = size * size;
        float[] smooth = Smoothing.binomial3(frame, size);
        boolean[] near = new boolean[n];
        int[] nearest = new int[n];
        for (int p = 0; p < n; p++) {
            double best = Double.MAX_VALUE;
            for (int k = 0; k < colours.size(); k++) {
                double d = distance(smooth, p, colours.get(k));
                if (d < best) {
                    best = d;
                    nearest[p] = k;
                }
            }
            // where two colours meet, blur mixes them: a mixture of the subject's colours is the subject too
            for (int a = 0; a < colours.size(); a++) {
                for (int b = a + 1; b < colours.size(); b++) {
                    best = Math.min(best, segmentDistance(smooth, p, colours.get(a), colours.get(b)) + NEAR - BLEND);
                }
            }
            near[p] = best <= NEAR && (background == null || offBackground(frame, background, p));
        }
        boolean[] mask = Components.largest(near, size);
        int area = mask == null ? 0 : Segmentation.count(mask);
        if (mask == null || area < Segmentation.minArea(size)) {
            return new Found(new boolean[n], 0, new double[colours.size()], null, new double[colours.size()][]);
        }
        double[] shares = new double[colours.size()];
        double[][] sums = new double[colours.size()][3];
        for (int p = 0; p < n; p++) {
            if (mask[p] && distance(smooth, p, colours.get(nearest[p])) <= NEAR) {
                // a colour's share counts its own pixels, not the blend where two meet
                int k = nearest[p];
                shares[k]++;
                sums[k][0] += p % size;
                sums[k][1] += p / size;
                sums[k][2]++;
            }
        }
        double[][] centroids = new double[colours.size()][];
        for (int k = 0; k < shares.length; k++) {
            centroids[k] = sums[k][2] == 0 ? null : new double[] { sums[k][0] / sums[k][2], sums[k][1] / sums[k][2] };
            shares[k] /= area;
        }
        double cx = 0;
        double cy = 0;
        for (int p = 0; p < n; p++) {
            if (mask[p]) {
                cx += p % size;
                cy += p / size;
            }
        }
        ShapeFit.Fit fit = new ShapeFit(mask, size).fit(shape, cx / area, cy / area);
        return new Found(mask, area, shares, fit, centroids);
    }

    private static double distance(float[] rgb, int p, float[] colour) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            double d = rgb[3 * p + c] - colour[c];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** The RGB distance of pixel {@code p} from the nearest mixture of {@code a} and {@code b}. */
    private static double segmentDistance(float[] rgb, int p, float[] a, float[] b) {
        double dot = 0;
        double len = 0;
        for (int c = 0; c < 3; c++) {
            dot += (rgb[3 * p + c] - a[c]) * (b[c] - a[c]);
            len += (b[c] - a[c]) * (b[c] - a[c]);
        }
        double t = Math.max(0, Math.min(1, dot / len));
        double s = 0;
        for (int c = 0; c < 3; c++) {
            double d = rgb[3 * p + c] - (a[c] + t * (b[c] - a[c]));
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static boolean offBackground(float[] frame, float[] background, int p) {
        for (int c = 0; c < 3; c++) {
            if (Math.abs(frame[3 * p + c] - background[3 * p + c]) > OFF_BACKGROUND) {
                return true;
            }
        }
        return false;
    }
}
