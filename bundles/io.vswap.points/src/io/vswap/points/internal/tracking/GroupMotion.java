package io.vswap.points.internal.tracking;

import io.vswap.points.internal.geometry.Affine2;
import io.vswap.points.internal.geometry.LocalAffineFit;

/**
 * The whole point set's recent motion, for carrying points through frames where (nearly) none
 * of them is seen: a subject behind a pole or a passer-by. Each step with seen points updates a
 * pivot (the seen points' centroid), its velocity and the set's rotation and scale per step;
 * over a gap the pivot goes on at constant velocity and the set keeps turning and scaling about
 * it. That is exact for a subject that moves at constant velocity and turns and scales at
 * constant rates about its own centre, and degrades gently (quadratically in the gap) as the
 * path curves.
 */
final class GroupMotion {

    /** Residual (px) within which a point agrees with a pair's similarity. */
    private static final double INLIER_TOLERANCE = 2;
    /** Smallest spread (rms distance from the centroid, px) that estimates rotation and scale. */
    private static final double MIN_SPREAD = 10;
    /** Fewest agreeing points that update rotation and scale. */
    private static final int MIN_POINTS_FOR_TURN = 3;

    private boolean known;
    private double pivotX;
    private double pivotY;
    private double vx;
    private double vy;
    /** Rotation and scale per step as the similarity [s −r; r s]. */
    private double s = 1;
    private double r;
    /** Spread-weighted sums behind s and r, each older step's weight times {@link #TURN_MEMORY}. */
    private double turnWeight;
    private double sSum;
    private double rSum;
    private static final double TURN_MEMORY = 0.5;

    /** Whether any step has been seen: before that there is nothing to extrapolate. */
    boolean known() {
        return known;
    }

    /** Pixels moved per step by the pivot. */
    double speed() {
        return Math.hypot(vx, vy);
    }

    /**
     * Learns one step from the first {@code n} correspondences (positions on f → on g) of points
     * seen on both frames. Correspondences that disagree with the majority (a point riding the
     * occluder) are left out. Returns the step's motion as learnt: the seen points' shift, and
     * their rotation and scale when they show them (else the earlier ones).
     */
    Affine2 observe(double[] sx, double[] sy, double[] tx, double[] ty, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("no correspondences to learn a step from");
        }
        boolean[] in = inliers(sx, sy, tx, ty, n);
        double mx = 0, my = 0, nx = 0, ny = 0;
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (in[k]) {
                mx += sx[k];
                my += sy[k];
                nx += tx[k];
                ny += ty[k];
                m++;
            }
        }
        mx /= m;
        my /= m;
        nx /= m;
        ny /= m;
        double norm = 0, dot = 0, cross = 0;
        for (int k = 0; k < n; k++) {
            if (in[k]) {
                double px = sx[k] - mx, py = sy[k] - my, qx = tx[k] - nx, qy = ty[k] - ny;
                norm += px * px + py * py;
                dot += px * qx + py * qy;
                cross += px * qy - py * qx;
            }
        }
        // Rotation and scale only from a set wide enough to show them, averaged over recent
        // steps weighted by the set's spread (a fit's precision): a few points bunched at the
        // occluder's edge barely move the estimate the whole set gave a step earlier.
        if (m >= MIN_POINTS_FOR_TURN && norm / m >= MIN_SPREAD * MIN_SPREAD) {
            turnWeight = TURN_MEMORY * turnWeight + norm;
            sSum = TURN_MEMORY * sSum + dot;
            rSum = TURN_MEMORY * rSum + cross;
            s = sSum / turnWeight;
            r = rSum / turnWeight;
        }
        vx = nx - mx;
        vy = ny - my;
        pivotX = nx;
        pivotY = ny;
        known = true;
        return new Affine2(s, -r, nx - s * mx + r * my, r, s, ny - r * mx - s * my);
    }

    /**
     * The extrapolated motion of the next step (f → g): about the pivot by the last rotation and
     * scale, then on by the last velocity. Call once per step, in order: it moves the pivot on.
     */
    Affine2 extrapolate() {
        Affine2 step = peek();
        pivotX += vx;
        pivotY += vy;
        return step;
    }

    /** The motion {@link #extrapolate} would give, without moving the pivot on. */
    Affine2 peek() {
        double qx = pivotX + vx;
        double qy = pivotY + vy;
        return new Affine2(s, -r, qx - s * pivotX + r * pivotY, r, s, qy - r * pivotX - s * pivotY);
    }

    /** The largest set that one pair's similarity explains (all when fewer than three). */
    private static boolean[] inliers(double[] sx, double[] sy, double[] tx, double[] ty, int n) {
        boolean[] best = n < 3 ? null : LocalAffineFit.similarityInliers(sx, sy, tx, ty, n, null, INLIER_TOLERANCE);
        if (best == null) {
            best = new boolean[n];
            java.util.Arrays.fill(best, true);
        }
        return best;
    }
}
