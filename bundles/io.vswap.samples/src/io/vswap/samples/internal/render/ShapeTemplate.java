package io.vswap.samples.internal.render;

import io.vswap.samples.api.SubjectShape;

/**
 * A unit shape as the renderer draws it and the checker fits it: which points of its own frame
 * are inside, how far it reaches from its centre, and after what turn it looks the same.
 */
public interface ShapeTemplate {

    /** Whether {@code (u, v)}, in the unit shape's frame (radius 1), is inside. */
    boolean contains(double u, double v);

    /** The farthest any inside point lies from the centre, in radii. */
    double maxExtent();

    /** The rotational symmetry period, radians; 0 where rotation does not matter (a disc). */
    double period();

    /** A shape of the sample world. */
    static ShapeTemplate of(SubjectShape shape) {
        return WorldShape.of(shape);
    }

    /** The sample world's shapes ({@link ShapeGeometry}), one template each. */
    record WorldShape(SubjectShape shape, double period) implements ShapeTemplate {

        private static final java.util.Map<SubjectShape, WorldShape> ALL = new java.util.EnumMap<>(SubjectShape.class);

        static {
            for (SubjectShape s : SubjectShape.values()) {
                ALL.put(s, new WorldShape(s, switch (s) {
                case DISC, RING -> 0.0;
                case SQUARE, CROSS -> Math.PI / 2;
                case TRIANGLE -> 2 * Math.PI / 3;
                case STAR -> 2 * Math.PI / 5;
                }));
            }
        }

        static WorldShape of(SubjectShape shape) {
            return ALL.get(shape);
        }

        @Override
        public boolean contains(double u, double v) {
            return ShapeGeometry.contains(shape, u, v);
        }

        @Override
        public double maxExtent() {
            return ShapeGeometry.MAX_EXTENT;
        }
    }
}
