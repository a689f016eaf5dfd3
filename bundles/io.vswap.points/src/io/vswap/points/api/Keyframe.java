package io.vswap.points.api;

/**
 * Where the user put a point on one frame: the tracker passes through it exactly. The first
 * placement is a keyframe, and so is every later correction.
 */
public record Keyframe(int frame, double x, double y) {

    public Keyframe {
        if (frame < 0) {
            throw new IllegalArgumentException("a keyframe's frame must be 0 or more, not " + frame);
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a keyframe needs finite coordinates, not " + x + "," + y);
        }
    }

    public Position position() {
        return new Position(x, y);
    }
}
