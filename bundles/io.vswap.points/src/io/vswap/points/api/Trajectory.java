package io.vswap.points.api;

import java.util.Arrays;

/**
 * A point's track through a clip: a position for every frame, whether the point is visible
 * there, and how much the tracker trusts that frame (0–1). Where a point is not visible the
 * position is a prediction (it moves with its neighbours), so that it can be shown and picked
 * up again. Immutable: the arrays are copied in and out.
 */
public final class Trajectory {

    private final double[] x;
    private final double[] y;
    private final boolean[] visible;
    private final float[] confidence;

    public Trajectory(double[] x, double[] y, boolean[] visible, float[] confidence) {
        int n = x.length;
        if (y.length != n || visible.length != n || confidence.length != n) {
            throw new IllegalArgumentException("a trajectory needs as many y, visibility and confidence values as x ("
                    + n + "), not " + y.length + ", " + visible.length + ", " + confidence.length);
        }
        if (n == 0) {
            throw new IllegalArgumentException("a trajectory needs at least one frame");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("frame " + i + " has no finite position: " + x[i] + "," + y[i]);
            }
            if (!(confidence[i] >= 0 && confidence[i] <= 1)) {
                throw new IllegalArgumentException("frame " + i + " has a confidence outside 0–1: " + confidence[i]);
            }
        }
        this.x = x.clone();
        this.y = y.clone();
        this.visible = visible.clone();
        this.confidence = confidence.clone();
    }

    public int frameCount() {
        return x.length;
    }

    public double x(int frame) {
        return x[frame];
    }

    public double y(int frame) {
        return y[frame];
    }

    public Position position(int frame) {
        return new Position(x[frame], y[frame]);
    }

    public boolean visible(int frame) {
        return visible[frame];
    }

    public float confidence(int frame) {
        return confidence[frame];
    }

    public double[] xs() {
        return x.clone();
    }

    public double[] ys() {
        return y.clone();
    }

    public boolean[] visibility() {
        return visible.clone();
    }

    public float[] confidences() {
        return confidence.clone();
    }

    /** How many frames are flagged visible. */
    public int visibleCount() {
        int c = 0;
        for (boolean v : visible) {
            c += v ? 1 : 0;
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trajectory t && Arrays.equals(x, t.x) && Arrays.equals(y, t.y)
                && Arrays.equals(visible, t.visible) && Arrays.equals(confidence, t.confidence);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "Trajectory[" + x.length + " frames, " + visibleCount() + " visible]";
    }
}
