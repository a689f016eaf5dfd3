package io.vswap.samples.internal.render;

/**
 * The shapes of the subjects the sample model was never taught (for concepts learnt from a few
 * images): a hexagon (corners at ±u), a heart (two lobes above a point), a crescent (a disc less a
 * disc shifted right and up). Unit frame as {@link ShapeGeometry}'s: v points down.
 */
public final class UnseenShapes {

    private static final double ROOT3 = Math.sqrt(3);

    private UnseenShapes() {
    }

    /**
     * A template from an inside test, moved so that its centroid is its centre (a pose then puts
     * the subject's centroid where it says, and the checker's fit starts from the right place);
     * its reach measured on a fine grid.
     */
    private static final class Template implements ShapeTemplate {
        private static final int GRID = 600;
        private static final double SPAN = 1.5;

        private final Inside inside;
        private final double period;
        private final double cu;
        private final double cv;
        private final double maxExtent;

        Template(Inside inside, double period) {
            this(inside, period, true);
        }

        /** @param centred whether to move the centroid to the centre (the hexagon's halves keep the whole's centre) */
        Template(Inside inside, double period, boolean centred) {
            this.inside = inside;
            this.period = period;
            double[] sum = new double[3]; // u, v, count
            forEachInside(inside, (u, v) -> {
                sum[0] += u;
                sum[1] += v;
                sum[2]++;
            });
            cu = centred ? sum[0] / sum[2] : 0;
            cv = centred ? sum[1] / sum[2] : 0;
            double[] reach = { 0 };
            forEachInside(inside, (u, v) -> reach[0] = Math.max(reach[0], Math.hypot(u - cu, v - cv)));
            maxExtent = reach[0] + 2 * SPAN / GRID;
        }

        /** Every grid point inside the shape. */
        private static void forEachInside(Inside inside, java.util.function.BiConsumer<Double, Double> each) {
            for (int j = 0; j < GRID; j++) {
                for (int i = 0; i < GRID; i++) {
                    double u = -SPAN + 2 * SPAN * (i + 0.5) / GRID;
                    double v = -SPAN + 2 * SPAN * (j + 0.5) / GRID;
                    if (inside.test(u, v)) {
                        each.accept(u, v);
                    }
                }
            }
        }

        @Override
        public boolean contains(double u, double v) {
            return inside.test(u + cu, v + cv);
        }

        @Override
        public double maxExtent() {
            return maxExtent;
        }

        @Override
        public double period() {
            return period;
        }
    }

    @FunctionalInterface
    private interface Inside {
        boolean test(double u, double v);
    }

    public static final ShapeTemplate HEXAGON = new Template(UnseenShapes::inHexagon, Math.PI / 3);
    /** The hexagon's upper half (v < 0) and lower half: a two-tone hexagon is drawn as the two. */
    public static final ShapeTemplate HEXAGON_TOP = new Template((u, v) -> v < 0 && inHexagon(u, v), 2 * Math.PI,
            false);
    public static final ShapeTemplate HEXAGON_BOTTOM = new Template((u, v) -> v >= 0 && inHexagon(u, v), 2 * Math.PI,
            false);
    public static final ShapeTemplate HEART = new Template(UnseenShapes::inHeart, 2 * Math.PI);
    public static final ShapeTemplate CRESCENT = new Template(UnseenShapes::inCrescent, 2 * Math.PI);

    static boolean inHexagon(double u, double v) {
        double au = Math.abs(u);
        double av = Math.abs(v);
        return av <= ROOT3 / 2 && ROOT3 * au + av <= ROOT3;
    }

    static boolean inHeart(double u, double v) {
        boolean lobes = sq(u + 0.5) + sq(v + 0.3) <= 0.25 || sq(u - 0.5) + sq(v + 0.3) <= 0.25;
        // the point: from (−0.97, −0.1) and (0.97, −0.1) down to (0, 1)
        boolean point = v >= -0.1 && v <= 1 && Math.abs(u) <= 0.97 * (1 - v) / 1.1;
        return lobes || point;
    }

    static boolean inCrescent(double u, double v) {
        return u * u + v * v <= 1 && sq(u - 0.55) + sq(v + 0.05) > 1;
    }

    private static double sq(double x) {
        return x * x;
    }
}
