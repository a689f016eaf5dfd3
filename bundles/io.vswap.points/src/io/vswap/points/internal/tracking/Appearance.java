package io.vswap.points.internal.tracking;

import io.vswap.points.internal.geometry.Affine2;

/**
 * A point's look as a small grey patch, and normalised cross-correlation (NCC) against it.
 * The patch is compared through the local linear deformation since the keyframe, so that a
 * subject that turned or grew still matches. Both patches lose their best-fit plane before
 * correlating: a small patch of a natural image is mostly a brightness ramp, and any two ramps
 * of similar direction correlate well, whatever the detail on them; NCC on what is left
 * compares detail and ignores brightness, contrast and shading. What NCC cannot judge is a
 * patch without detail: then {@link #ncc} returns NaN.
 */
final class Appearance {

    /** Patch of 15×15 samples for the look: small enough to be about the point, not its surroundings. */
    static final int LOOK_HALF = 7;
    /** Patch of 21×21 samples for alignment, as large as Lucas–Kanade's window. */
    static final int ALIGN_HALF = 10;
    /** Below this standard deviation (grey levels) a patch is flat: NCC would measure noise. */
    static final double FLAT_STD = 3;

    final float[] values;
    private final int half;
    private final double mean;
    private final double norm;

    private final float[] detail;

    private Appearance(float[] values, int half) {
        this.values = values;
        this.half = half;
        double s = 0;
        for (float v : values) {
            s += v;
        }
        mean = s / values.length;
        detail = values.clone();
        norm = Math.sqrt(detrend(detail, half));
    }

    /**
     * Removes the least-squares plane {@code a + b u + c v} from a square patch in place; the
     * grid is symmetric, so the three fits are independent. Returns the remaining sum of squares.
     */
    private static double detrend(float[] v, int half) {
        double s = 0, su = 0, sv = 0, uu = 0;
        int k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                s += v[k];
                su += v[k] * dx;
                sv += v[k] * dy;
                uu += dx * dx;
                k++;
            }
        }
        double a = s / v.length;
        double b = su / uu;
        double c = sv / uu;
        double q = 0;
        k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                v[k] -= (float) (a + b * dx + c * dy);
                q += v[k] * v[k];
                k++;
            }
        }
        return q;
    }

    static Appearance at(GrayFrames frames, int frame, double x, double y, int half) {
        int side = 2 * half + 1;
        float[] v = new float[side * side];
        int k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                v[k++] = frames.sample(frame, x + dx, y + dy);
            }
        }
        return new Appearance(v, half);
    }

    boolean isFlat() {
        return norm / Math.sqrt(values.length) < FLAT_STD;
    }

    /** NCC of this patch with frame {@code frame} at (x, y) seen through {@code warp}'s linear part; NaN if flat. */
    double ncc(GrayFrames frames, int frame, double x, double y, Affine2 warp) {
        if (isFlat()) {
            return Double.NaN;
        }
        int n = values.length;
        float[] w = new float[n];
        int k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                w[k++] = frames.sample(frame, x + warp.linearX(dx, dy), y + warp.linearY(dx, dy));
            }
        }
        double q = detrend(w, half);
        if (q <= 1e-9) {
            return 0;
        }
        double c = 0;
        for (int i = 0; i < n; i++) {
            c += w[i] * detail[i];
        }
        return c / (Math.sqrt(q) * norm);
    }

    /**
     * Best match within {@code radius} pixels of (x, y), refined to a sub-pixel peak. Its
     * score is the NCC less {@link #DISTANCE_PENALTY}·(d/radius)²: the prediction (x, y) is
     * usually good, and a chance look-alike far from it should not beat the real point that
     * is still half hidden.
     */
    record Match(double x, double y, double ncc, double score) {
    }

    /** Score taken off a match at the edge of the search window. */
    static final double DISTANCE_PENALTY = 0.25;

    Match search(GrayFrames frames, int frame, double x, double y, int radius, Affine2 warp) {
        if (isFlat()) {
            return new Match(x, y, Double.NaN, Double.NaN);
        }
        int side = 2 * radius + 1;
        double[] score = new double[side * side];
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < side; j++) {
            for (int i = 0; i < side; i++) {
                double cx = x + i - radius;
                double cy = y + j - radius;
                double d2 = ((i - radius) * (i - radius) + (j - radius) * (j - radius)) / (double) (radius * radius);
                double s = frames.inside(cx, cy, 0) ? ncc(frames, frame, cx, cy, warp) - DISTANCE_PENALTY * d2 : -2;
                score[j * side + i] = s;
                if (s > bestScore) {
                    bestScore = s;
                    best = j * side + i;
                }
            }
        }
        int bi = best % side;
        int bj = best / side;
        double ox = bi - radius;
        double oy = bj - radius;
        // Parabola through the peak and its neighbours, each axis on its own.
        if (bi > 0 && bi < side - 1) {
            ox += peak(score[bj * side + bi - 1], bestScore, score[bj * side + bi + 1]);
        }
        if (bj > 0 && bj < side - 1) {
            oy += peak(score[(bj - 1) * side + bi], bestScore, score[(bj + 1) * side + bi]);
        }
        double ncc = ncc(frames, frame, x + ox, y + oy, warp);
        return new Match(x + ox, y + oy, ncc, bestScore);
    }

    /**
     * As {@link #search}, for windows too large to score every pixel: scores every second pixel,
     * then every pixel around the best of those. The patch's detail is a few pixels wide, so a
     * peak is not missed between two samples.
     */
    Match searchWide(GrayFrames frames, int frame, double x, double y, int radius, Affine2 warp) {
        if (isFlat()) {
            return new Match(x, y, Double.NaN, Double.NaN);
        }
        double bestScore = Double.NEGATIVE_INFINITY;
        double bx = x;
        double by = y;
        for (int j = -radius; j <= radius; j += 2) {
            for (int i = -radius; i <= radius; i += 2) {
                double cx = x + i;
                double cy = y + j;
                if (!frames.inside(cx, cy, 0)) {
                    continue;
                }
                double s = ncc(frames, frame, cx, cy, warp)
                        - DISTANCE_PENALTY * (i * i + j * j) / (double) (radius * radius);
                if (s > bestScore) {
                    bestScore = s;
                    bx = cx;
                    by = cy;
                }
            }
        }
        Match fine = search(frames, frame, bx, by, 2, warp);
        // score the refined peak with the wide window's distance penalty
        double d2 = ((fine.x() - x) * (fine.x() - x) + (fine.y() - y) * (fine.y() - y)) / (radius * radius);
        return new Match(fine.x(), fine.y(), fine.ncc(), fine.ncc() - DISTANCE_PENALTY * d2);
    }

    /** An alignment result: the position and the local linear deformation found with it. */
    record Aligned(double x, double y, Affine2 warp) {
    }

    /**
     * Aligns this patch (taken on the keyframe) with frame {@code frame} near (x, y), starting
     * from {@code warp}'s linear part: Gauss–Newton on position and local linear deformation
     * (six parameters, the deformation held lightly to the neighbours' estimate), brightness
     * offset removed, residuals weighted towards the centre. Chained frame-to-frame
     * Lucas–Kanade drifts when the subject turns, grows or bends (its window model is a pure
     * shift); aligning every frame with the keyframe's look, deformed, does not accumulate
     * that drift.
     *
     * @return the alignment, or {@code null} when the patch is flat or the solution runs off
     *         more than {@code maxShift} px
     */
    Aligned align(GrayFrames frames, int frame, double x, double y, Affine2 warp, double maxShift) {
        return align(frames, frame, x, y, warp, maxShift, DEFORMATION_PRIOR);
    }

    /**
     * As {@link #align}, the deformation held to {@code warp}: for a patch whose own estimate
     * of its deformation is not to be trusted (a compressed, blurred frame), its position is
     * still taken from the keyframe's look rather than chained frame to frame.
     */
    Aligned alignShift(GrayFrames frames, int frame, double x, double y, Affine2 warp, double maxShift) {
        return align(frames, frame, x, y, warp, maxShift, HELD_DEFORMATION);
    }

    private Aligned align(GrayFrames frames, int frame, double x, double y, Affine2 warp, double maxShift,
            double deformationPrior) {
        if (isFlat()) {
            return null;
        }
        int n = values.length;
        double[] wgt = new double[n];
        double sigma = half * 0.7;
        int k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                wgt[k++] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            }
        }
        // p = (cx, cy, a, b, d, e): sample at (cx + a u + b v, cy + d u + e v)
        double[] p = { x, y, warp.a(), warp.b(), warp.d(), warp.e() };
        double[] prior = { 0, 0, warp.a(), warp.b(), warp.d(), warp.e() };
        float[] img = new float[n];
        float[] gx = new float[n];
        float[] gy = new float[n];
        double[][] h = new double[6][7];
        for (int it = 0; it < 12; it++) {
            double offset = sampleWarped(frames, frame, p, wgt, img, gx, gy);
            normalEquations(h, wgt, img, gx, gy, offset);
            // A light pull of the deformation towards the neighbours' estimate keeps weakly
            // textured patches from inventing shear.
            double ridge = deformationPrior * (h[2][2] + h[3][3] + h[4][4] + h[5][5]) / 4;
            for (int a = 2; a < 6; a++) {
                h[a][a] += ridge;
                h[a][6] -= ridge * (p[a] - prior[a]);
            }
            double[] step = solve(h);
            if (step == null) {
                return null;
            }
            for (int a = 0; a < 6; a++) {
                p[a] += step[a];
            }
            if (Math.hypot(p[0] - x, p[1] - y) > maxShift || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                return null;
            }
            if (step[0] * step[0] + step[1] * step[1] < 1e-6) {
                break;
            }
        }
        return new Aligned(p[0], p[1], new Affine2(p[2], p[3], 0, p[4], p[5], 0));
    }

    /**
     * Samples frame {@code frame} under this patch warped by {@code p} (and its central-difference
     * gradient) into {@code img}, {@code gx}, {@code gy}; returns the weighted brightness offset of
     * the samples from the patch.
     */
    private double sampleWarped(GrayFrames frames, int frame, double[] p, double[] wgt, float[] img, float[] gx,
            float[] gy) {
        double sw = 0, si = 0, st = 0;
        int k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                double px = p[0] + p[2] * dx + p[3] * dy;
                double py = p[1] + p[4] * dx + p[5] * dy;
                img[k] = frames.sample(frame, px, py);
                gx[k] = 0.5f * (frames.sample(frame, px + 1, py) - frames.sample(frame, px - 1, py));
                gy[k] = 0.5f * (frames.sample(frame, px, py + 1) - frames.sample(frame, px, py - 1));
                sw += wgt[k];
                si += wgt[k] * img[k];
                st += wgt[k] * values[k];
                k++;
            }
        }
        return (si - st) / sw;
    }

    /** Gauss–Newton's weighted normal equations of the residual {@code img − values − offset} into {@code h}. */
    private void normalEquations(double[][] h, double[] wgt, float[] img, float[] gx, float[] gy, double offset) {
        double[] j = new double[6];
        for (double[] row : h) {
            java.util.Arrays.fill(row, 0);
        }
        int k = 0;
        for (int dy = -half; dy <= half; dy++) {
            for (int dx = -half; dx <= half; dx++) {
                double r = img[k] - values[k] - offset;
                j[0] = gx[k];
                j[1] = gy[k];
                j[2] = gx[k] * dx;
                j[3] = gx[k] * dy;
                j[4] = gy[k] * dx;
                j[5] = gy[k] * dy;
                for (int a = 0; a < 6; a++) {
                    double wa = wgt[k] * j[a];
                    for (int b = a; b < 6; b++) {
                        h[a][b] += wa * j[b];
                    }
                    h[a][6] -= wa * r;
                }
                k++;
            }
        }
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < a; b++) {
                h[a][b] = h[b][a];
            }
        }
    }

    /** Relative weight of the neighbours' deformation against the patch's own evidence. */
    private static final double DEFORMATION_PRIOR = 0.05;
    /** A pull so strong that the deformation stays where it starts. */
    private static final double HELD_DEFORMATION = 1e4;

    /** Solves the 6×6 system in {@code m} (augmented, column 6) by Gaussian elimination with pivoting. */
    private static double[] solve(double[][] m) {
        int n = 6;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(m[piv][c]) < 1e-12) {
                return null;
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int q = c; q <= n; q++) {
                    m[r][q] -= f * m[c][q];
                }
            }
        }
        double[] out = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double v = m[r][n];
            for (int q = r + 1; q < n; q++) {
                v -= m[r][q] * out[q];
            }
            out[r] = v / m[r][r];
        }
        return out;
    }

    private static double peak(double left, double centre, double right) {
        double den = left - 2 * centre + right;
        if (den >= 0) {
            return 0;
        }
        return Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / den));
    }
}
