package io.vswap.samples.internal.render;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.vswap.samples.api.SubjectShape;

/**
 * The unit shapes (radius 1, upright, centred on their centroid) and the positions of their
 * named points. Only arithmetic and {@link StrictMath} are used, so a point's inside/outside
 * answer is the same on every JVM.
 */
public final class ShapeGeometry {

    /** Square half side: a little under the disc's area, so neither dominates. */
    static final double SQUARE_HALF = 0.85;
    /** Triangle circumradius (its area is then about 2/3 of the disc's). */
    static final double TRIANGLE_R = 1.25;
    static final double STAR_OUTER = 1.2;
    static final double STAR_INNER = 0.5;
    /** The ring's hole; wide enough to stay open after a blur at 64 px. */
    public static final double RING_INNER = 0.55;
    static final double CROSS_HALF_WIDTH = 0.34;

    /** The largest distance from the centre any shape reaches, in radii. */
    public static final double MAX_EXTENT = 1.25;

    private static final double[] TRIANGLE_X = new double[3];
    private static final double[] TRIANGLE_Y = new double[3];
    private static final double[] STAR_X = new double[10];
    private static final double[] STAR_Y = new double[10];
    private static final Map<SubjectShape, double[][]> POINTS = new EnumMap<>(SubjectShape.class);

    static {
        for (int k = 0; k < 3; k++) {
            double a = 2 * Math.PI * k / 3;
            TRIANGLE_X[k] = TRIANGLE_R * StrictMath.sin(a);
            TRIANGLE_Y[k] = -TRIANGLE_R * StrictMath.cos(a);
        }
        for (int k = 0; k < 10; k++) {
            // clockwise on screen (y down) from the top: tip, inner corner, tip, …
            double a = Math.PI * k / 5;
            double r = k % 2 == 0 ? STAR_OUTER : STAR_INNER;
            STAR_X[k] = r * StrictMath.sin(a);
            STAR_Y[k] = -r * StrictMath.cos(a);
        }
        double h = SQUARE_HALF;
        POINTS.put(SubjectShape.DISC, new double[][] { { 0, -1 }, { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, 0 } });
        POINTS.put(SubjectShape.SQUARE, new double[][] { { -h, -h }, { h, -h }, { h, h }, { -h, h } });
        POINTS.put(SubjectShape.TRIANGLE, new double[][] { { TRIANGLE_X[0], TRIANGLE_Y[0] },
                { TRIANGLE_X[1], TRIANGLE_Y[1] }, { TRIANGLE_X[2], TRIANGLE_Y[2] } });
        double[][] tips = new double[5][];
        for (int k = 0; k < 5; k++) {
            tips[k] = new double[] { STAR_X[2 * k], STAR_Y[2 * k] };
        }
        POINTS.put(SubjectShape.STAR, tips);
        POINTS.put(SubjectShape.RING, new double[][] { { 0, -1 }, { 1, 0 }, { 0, 1 }, { -1, 0 } });
        POINTS.put(SubjectShape.CROSS, new double[][] { { 0, -1 }, { 1, 0 }, { 0, 1 }, { -1, 0 } });
    }

    private ShapeGeometry() {
    }

    /** Whether unit-shape coordinates {@code (u, v)} (v down) are inside {@code shape}. */
    public static boolean contains(SubjectShape shape, double u, double v) {
        switch (shape) {
        case DISC:
            return u * u + v * v <= 1;
        case RING: {
            double r2 = u * u + v * v;
            return r2 <= 1 && r2 >= RING_INNER * RING_INNER;
        }
        case SQUARE:
            return Math.abs(u) <= SQUARE_HALF && Math.abs(v) <= SQUARE_HALF;
        case CROSS: {
            double au = Math.abs(u);
            double av = Math.abs(v);
            return (au <= CROSS_HALF_WIDTH && av <= 1) || (av <= CROSS_HALF_WIDTH && au <= 1);
        }
        case TRIANGLE:
            return insidePolygon(TRIANGLE_X, TRIANGLE_Y, u, v);
        case STAR:
            return insidePolygon(STAR_X, STAR_Y, u, v);
        default:
            throw new IllegalArgumentException(shape.toString());
        }
    }

    /** The unit-shape coordinates of {@code shape.pointNames()}, in that order. */
    public static List<double[]> points(SubjectShape shape) {
        return List.of(POINTS.get(shape)).stream().map(double[]::clone).toList();
    }

    /** Even–odd crossing test; exact arithmetic on the same inputs gives the same answer everywhere. */
    private static boolean insidePolygon(double[] xs, double[] ys, double u, double v) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > v) != (ys[j] > v)) {
                double xCross = (xs[j] - xs[i]) * (v - ys[i]) / (ys[j] - ys[i]) + xs[i];
                if (u < xCross) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }
}
