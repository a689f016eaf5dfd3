package io.vswap.points.api;

/** A position in a frame, in pixels of the clip (x right, y down; pixel centres at integers). */
public record Position(double x, double y) {

    public Position {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a position needs finite coordinates, not " + x + "," + y);
        }
    }

    public double distance(Position other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
