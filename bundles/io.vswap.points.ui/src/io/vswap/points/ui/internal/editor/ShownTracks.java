package io.vswap.points.ui.internal.editor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.ui.internal.editor.PointDocument.Mode;

/**
 * The trajectory each point is drawn with: in annotate mode its tracked source trajectory; in
 * the edit modes the edit's result (dragged points propagated to every frame, live while a drag
 * is in progress), removed points flagged. Propagations are cached per point-set value, since a
 * paint asks for every frame of the trail.
 */
final class ShownTracks {

    /** How one point is drawn: {@code shown} may be {@code null} (not tracked yet). */
    record Track(SemanticPoint point, Trajectory source, Trajectory shown, boolean removed, boolean dragged) {
    }

    private final DragPropagator propagator;
    private PointSet cachedFor;
    private final Map<PointDrag, Trajectory> propagated = new HashMap<>();

    ShownTracks(DragPropagator propagator) {
        this.propagator = propagator;
    }

    Map<String, Track> compute(PointDocument doc) {
        PointSet set = doc.points();
        if (set != cachedFor) {
            propagated.clear();
            cachedFor = set;
        }
        Map<String, Track> out = new LinkedHashMap<>();
        boolean editing = doc.mode() != Mode.ANNOTATE;
        PointEdit edit = doc.edit();
        PointDocument.EditDragPreview live = doc.editDragPreview();
        for (SemanticPoint p : set.points()) {
            Trajectory source = p.trajectory();
            if (!editing || source == null) {
                out.put(p.name(), new Track(p, source, source, false, false));
                continue;
            }
            if (live != null && live.drag().point().equals(p.name())) {
                out.put(p.name(), new Track(p, source, live.propagated(), false, true));
                continue;
            }
            boolean removed = edit.isRemoved(p.name());
            Trajectory shown = edit.drag(p.name()).map(d -> propagate(set, d)).orElse(source);
            out.put(p.name(), new Track(p, source, shown, removed, shown != source));
        }
        return out;
    }

    Trajectory propagate(PointSet set, PointDrag drag) {
        if (set != cachedFor) {
            propagated.clear();
            cachedFor = set;
        }
        return propagated.computeIfAbsent(drag, d -> propagator.propagate(set, d));
    }
}
