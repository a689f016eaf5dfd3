package io.vswap.eval.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricNeed;
import io.vswap.eval.api.MetricResult;
import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;

/**
 * Motion alignment: does the new subject move as the old one did? The source's points, where the
 * edit wants them (removed points left out, dragged ones carried by the {@link DragPropagator}), are
 * placed on the result at their keyframe (a dragged point at its drag's frame) and tracked through
 * the result with the product's {@link io.vswap.points.api.PointTracker}; the value of a frame is the
 * mean distance between where they went and where the edit wanted them, over the points both see.
 */
@Component(service = Metric.class)
public final class MotionAlignment implements Metric {

    @Reference
    private io.vswap.points.api.PointTracker tracker;

    @Reference
    private DragPropagator drags;

    @Override
    public String id() {
        return "motion-alignment";
    }

    @Override
    public String label() {
        return "Trajectory error";
    }

    @Override
    public String description() {
        return "how far the new subject strays from the source's motion: the edit's points re-tracked through the result "
                + "from their keyframe, mean distance to the trajectories the edit aimed at (removed points left out, "
                + "dragged ones as the drag carries them)";
    }

    @Override
    public String unit() {
        return "px";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public Set<MetricNeed> needs() {
        return Set.of(MetricNeed.RESULT, MetricNeed.POINTS);
    }

    @Override
    public java.util.Optional<String> unavailable(EvaluationInput in) {
        java.util.Optional<String> missing = Metric.super.unavailable(in);
        if (missing.isPresent()) {
            return missing;
        }
        // the distance on a point's keyframe is 0 by construction: only the frames it was followed into count
        for (SemanticPoint p : in.points().orElseThrow().points()) {
            Trajectory t = p.tracked().orElse(null);
            for (int f = 0; t != null && f < t.frameCount(); f++) {
                if (t.visible(f) && !p.isKeyframe(f)) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.of("the source's points are lost after their keyframes, so there is no motion to "
                + "compare with (a flat subject gives the tracker nothing to follow): add keyframes and track again");
    }

    @Override
    public MetricResult measure(EvaluationInput in, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, label(), 10);
        PointSet source = in.points().orElseThrow();
        Map<String, Trajectory> aimed = drags.editedTrajectories(source, in.edit());
        PointSet placed = PointSet.empty(source.clip(), in.frameCount(), in.width(), in.height());
        List<String> notes = new ArrayList<>();
        List<String> unplaceable = new ArrayList<>();
        Map<String, Integer> start = new java.util.HashMap<>();
        for (SemanticPoint p : source.points()) {
            Trajectory t = aimed.get(p.name());
            if (t == null) {
                continue; // removed by the edit
            }
            int k = in.edit().drag(p.name()).map(PointDrag::frame).orElse(p.keyframes().get(0).frame());
            if (!t.visible(k)) {
                unplaceable.add(p.name());
                continue;
            }
            placed = placed.withPoint(SemanticPoint.placed(p.name(), p.colour(), k, t.x(k), t.y(k)));
            start.put(p.name(), k);
        }
        if (!unplaceable.isEmpty()) {
            notes.add("left out (hidden on their keyframe): " + String.join(", ", unplaceable));
        }
        double[] values = new double[in.frameCount()];
        if (placed.points().isEmpty()) {
            java.util.Arrays.fill(values, Double.NaN);
            notes.add("the edit keeps no point to follow");
            return MetricResult.meanOf(values, notes);
        }
        int removed = source.points().size() - aimed.size();
        notes.add(placed.points().size() + " point(s) followed" + (removed > 0 ? " (" + removed
                + " removed by the edit)" : "") + (in.edit().drags().isEmpty() ? ""
                        : "; " + in.edit().drags().size() + " where the edit's drags carry them"));
        PointSet tracked = tracker.track(in.result(), placed, sub.split(9));
        int lost = 0;
        List<Integer> empty = new ArrayList<>();
        for (int f = 0; f < values.length; f++) {
            double sum = 0;
            int n = 0;
            for (SemanticPoint p : tracked.points()) {
                Trajectory want = aimed.get(p.name());
                Trajectory got = p.tracked().orElseThrow();
                if (!want.visible(f) || f == start.get(p.name())) {
                    continue; // where it was placed it is exact: no measure of following
                }
                if (!got.visible(f)) {
                    lost++;
                    continue;
                }
                sum += Math.hypot(got.x(f) - want.x(f), got.y(f) - want.y(f));
                n++;
            }
            values[f] = n == 0 ? Double.NaN : sum / n;
            if (n == 0) {
                empty.add(f);
            }
        }
        notes.addAll(Background.emptyFramesNote(empty, "point the result's tracking follows"));
        if (lost > 0) {
            notes.add(String.format(Locale.ROOT, "the tracker lost %d point-frame(s) of %d points on the result: not "
                    + "counted in the distance (a subject that does not move as the source did loses points too)", lost,
                    tracked.points().size()));
        }
        sub.worked(1);
        return MetricResult.meanOf(values, notes);
    }
}
