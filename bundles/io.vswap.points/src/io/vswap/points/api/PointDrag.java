package io.vswap.points.api;

/**
 * The user dragged {@code point} on keyframe {@code frame} by ({@code dx}, {@code dy}) pixels
 * for an edit (a shape change: the target's wing tip is elsewhere). The source trajectory is
 * not changed; a {@link DragPropagator} carries the displacement into every frame.
 */
public record PointDrag(String point, int frame, double dx, double dy) {

    public PointDrag {
        if (point == null || point.isBlank()) {
            throw new IllegalArgumentException("a drag names its point");
        }
        if (frame < 0) {
            throw new IllegalArgumentException("a drag's frame must be 0 or more, not " + frame);
        }
        if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
            throw new IllegalArgumentException("a drag needs a finite displacement, not " + dx + "," + dy);
        }
    }
}
