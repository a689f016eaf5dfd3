package io.vswap.points.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a drag made on one keyframe into every frame of the clip, so that a point moved
 * for a shape change (VideoSwap §3.3) follows the subject's motion, rotation and scale. A
 * seam: the product fits a local affine motion to the neighbouring trajectories (instant); a
 * studio may register a layered-neural-atlas propagator.
 */
public interface DragPropagator {

    String id();

    String displayName();

    /**
     * The dragged point's trajectory: on {@code drag.frame()} its tracked position plus
     * ({@code dx}, {@code dy}), on every other frame where the subject's local motion carries
     * that position. Visibility and confidence are the source point's.
     *
     * @throws IllegalArgumentException if the point is unknown or not tracked
     */
    Trajectory propagate(PointSet points, PointDrag drag);

    /**
     * The trajectories an edit uses, by point name, in the set's order: removed points left
     * out, dragged points propagated, the rest as tracked.
     *
     * @throws IllegalArgumentException if a point is not tracked
     */
    default Map<String, Trajectory> editedTrajectories(PointSet points, PointEdit edit) {
        Map<String, Trajectory> out = new LinkedHashMap<>();
        for (SemanticPoint p : points.points()) {
            if (edit.isRemoved(p.name())) {
                continue;
            }
            Trajectory t = p.tracked().orElseThrow(
                    () -> new IllegalArgumentException("point \"" + p.name() + "\" is not tracked yet; track first"));
            out.put(p.name(), edit.drag(p.name()).map(d -> propagate(points, d)).orElse(t));
        }
        return out;
    }
}
