package io.vswap.points.internal.geometry;

/**
 * The motion of a neighbourhood: a weighted least-squares affine map from point positions in
 * one frame to the same points in another, with Gaussian weights by distance to a query
 * position. Falls back to a similarity (two points, or points nearly on a line), a
 * translation (one point) or the identity (none), so that it never invents shear it cannot
 * see.
 */
public final class LocalAffineFit {

    /** Smallest Gaussian radius, in pixels: below it the fit follows tracking noise. */
    public static final double MIN_SIGMA = 24;

    /** Neighbours that set the radius: the Gaussian reaches the k-th nearest one. */
    private static final int SIGMA_NEIGHBOUR = 3;

    /**
     * Smallest spread of the weighted neighbours in their narrowest direction (pixels) for a
     * full affine; narrower sets get a similarity.
     */
    private static final double MIN_AFFINE_SPREAD = 6;

    private LocalAffineFit() {
    }

    /**
     * Fits the map around ({@code qx}, {@code qy}) from the first {@code n} correspondences
     * {@code (sx, sy) → (tx, ty)}.
     */
    public static Affine2 fit(double qx, double qy, double[] sx, double[] sy, double[] tx, double[] ty, int n) {
        if (n == 0) {
            return Affine2.IDENTITY;
        }
        double sigma = radius(qx, qy, sx, sy, n);
        double[] w = new double[n];
        double sw = 0;
        for (int i = 0; i < n; i++) {
            double dx = sx[i] - qx;
            double dy = sy[i] - qy;
            w[i] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) + 1e-9;
            sw += w[i];
        }
        // Weighted centroids; everything below is relative to them (well conditioned).
        double mx = 0, my = 0, nx = 0, ny = 0;
        for (int i = 0; i < n; i++) {
            mx += w[i] * sx[i];
            my += w[i] * sy[i];
            nx += w[i] * tx[i];
            ny += w[i] * ty[i];
        }
        mx /= sw;
        my /= sw;
        nx /= sw;
        ny /= sw;
        if (n == 1) {
            return new Affine2(1, 0, nx - mx, 0, 1, ny - my);
        }
        double sxx = 0, sxy = 0, syy = 0; // source covariance
        double uxx = 0, uxy = 0, uyx = 0, uyy = 0; // cross terms target·source
        for (int i = 0; i < n; i++) {
            double px = sx[i] - mx, py = sy[i] - my;
            double qx2 = tx[i] - nx, qy2 = ty[i] - ny;
            sxx += w[i] * px * px;
            sxy += w[i] * px * py;
            syy += w[i] * py * py;
            uxx += w[i] * qx2 * px;
            uxy += w[i] * qx2 * py;
            uyx += w[i] * qy2 * px;
            uyy += w[i] * qy2 * py;
        }
        double tr = (sxx + syy) / sw;
        double det = (sxx * syy - sxy * sxy) / (sw * sw);
        double smallest = tr / 2 - Math.sqrt(Math.max(0, tr * tr / 4 - det));
        if (n >= 3 && smallest >= MIN_AFFINE_SPREAD * MIN_AFFINE_SPREAD) {
            double id = 1 / (sxx * syy - sxy * sxy);
            double a = (uxx * syy - uxy * sxy) * id;
            double b = (uxy * sxx - uxx * sxy) * id;
            double d = (uyx * syy - uyy * sxy) * id;
            double e = (uyy * sxx - uyx * sxy) * id;
            return new Affine2(a, b, nx - a * mx - b * my, d, e, ny - d * mx - e * my);
        }
        double norm = sxx + syy;
        if (norm < 1e-9 * sw) {
            return new Affine2(1, 0, nx - mx, 0, 1, ny - my);
        }
        // Similarity [s -r; r s]: s = Σ p·q / Σ |p|², r = Σ p×q / Σ |p|².
        double s = (uxx + uyy) / norm;
        double r = (uyx - uxy) / norm;
        return new Affine2(s, -r, nx - s * mx + r * my, r, s, ny - r * mx - s * my);
    }

    /** Residual (px) within which a correspondence agrees with a motion hypothesis. */
    private static final double INLIER_TOLERANCE = 2.5;

    /**
     * As {@link #fit}, robust to neighbours that move differently (a point riding an occluder,
     * a tracking failure) even when they are many: every pair of correspondences proposes a
     * similarity; the one that most neighbours agree with (weighted by a radius twice the
     * fit's, so the neighbourhood rather than the nearest point decides) picks the inliers,
     * and the local affine is fitted to those.
     */
    public static Affine2 fitRobust(double qx, double qy, double[] sx, double[] sy, double[] tx, double[] ty, int n) {
        if (n < 3) {
            return fit(qx, qy, sx, sy, tx, ty, n);
        }
        double sigma = 2 * radius(qx, qy, sx, sy, n);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double dx = sx[i] - qx, dy = sy[i] - qy;
            w[i] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        }
        boolean[] best = similarityInliers(sx, sy, tx, ty, n, w, INLIER_TOLERANCE);
        if (best == null) {
            return fit(qx, qy, sx, sy, tx, ty, n);
        }
        double[] ax = new double[n], ay = new double[n], bx = new double[n], by = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (best[k]) {
                ax[m] = sx[k];
                ay[m] = sy[k];
                bx[m] = tx[k];
                by[m] = ty[k];
                m++;
            }
        }
        return fit(qx, qy, ax, ay, bx, by, m);
    }

    /**
     * The correspondences that the best pair-proposed similarity explains within {@code tolerance}
     * pixels: each pair {@code (i, j)} proposes the rotation, scale and shift taking {@code s} to
     * {@code t}; the proposal whose inliers weigh most wins. {@code null} when no pair is far
     * enough apart to propose one.
     *
     * @param weights each correspondence's weight, or {@code null} for one each
     */
    public static boolean[] similarityInliers(double[] sx, double[] sy, double[] tx, double[] ty, int n,
            double[] weights, double tolerance) {
        boolean[] best = null;
        double bestScore = -1;
        boolean[] in = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double px = sx[j] - sx[i], py = sy[j] - sy[i];
                double ux = tx[j] - tx[i], uy = ty[j] - ty[i];
                double norm = px * px + py * py;
                if (norm < 1) {
                    continue;
                }
                double s = (px * ux + py * uy) / norm;
                double r = (px * uy - py * ux) / norm;
                double score = 0;
                for (int k = 0; k < n; k++) {
                    double dx = sx[k] - sx[i], dy = sy[k] - sy[i];
                    double ex = tx[i] + s * dx - r * dy - tx[k];
                    double ey = ty[i] + r * dx + s * dy - ty[k];
                    in[k] = ex * ex + ey * ey <= tolerance * tolerance;
                    score += in[k] ? (weights == null ? 1 : weights[k]) : 0;
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = in.clone();
                }
            }
        }
        return best;
    }

    private static double radius(double qx, double qy, double[] sx, double[] sy, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.hypot(sx[i] - qx, sy[i] - qy);
        }
        java.util.Arrays.sort(d);
        // The query point itself is often one of the neighbours (distance 0): skip it.
        int first = d[0] < 1e-6 ? 1 : 0;
        int k = Math.min(n - 1, first + SIGMA_NEIGHBOUR - 1);
        return Math.max(MIN_SIGMA, d[k]);
    }
}
