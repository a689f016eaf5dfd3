package io.vswap.points.internal.tracking;

import java.util.List;

import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.geometry.Affine2;
import io.vswap.points.internal.geometry.LocalAffineFit;

/** Point positions on one frame paired with the same points' positions on another, for motion fits. */
final class Correspondences {

    final double[] sx;
    final double[] sy;
    final double[] tx;
    final double[] ty;
    int n;

    Correspondences(int capacity) {
        sx = new double[capacity];
        sy = new double[capacity];
        tx = new double[capacity];
        ty = new double[capacity];
    }

    void add(double fromX, double fromY, double toX, double toY) {
        sx[n] = fromX;
        sy[n] = fromY;
        tx[n] = toX;
        ty[n] = toY;
        n++;
    }

    /** Adds the fixed trajectories seen on both frames f and g. */
    void addSeen(List<Trajectory> support, int f, int g) {
        for (Trajectory t : support) {
            if (t.visible(f) && t.visible(g)) {
                add(t.x(f), t.y(f), t.x(g), t.y(g));
            }
        }
    }

    /** The local motion around (qx, qy), robust to correspondences that move otherwise. */
    Affine2 fitAround(double qx, double qy) {
        return LocalAffineFit.fitRobust(qx, qy, sx, sy, tx, ty, n);
    }
}
