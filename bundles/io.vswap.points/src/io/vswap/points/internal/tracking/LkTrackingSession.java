package io.vswap.points.internal.tracking;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.TrackingSession;
import io.vswap.points.api.Trajectory;
import io.vswap.video.api.RgbFrame;

/** A clip's grey frames held for Lucas–Kanade tracking and re-tracking. */
final class LkTrackingSession implements TrackingSession {

    private final GrayFrames frames;

    LkTrackingSession(List<RgbFrame> rgb) {
        frames = new GrayFrames(rgb);
    }

    @Override
    public int frameCount() {
        return frames.count();
    }

    @Override
    public PointSet track(PointSet points, IProgressMonitor monitor) {
        check(points);
        int n = frames.count();
        SubMonitor sub = SubMonitor.convert(monitor, "Tracking " + points.points().size() + " points", 2);
        if (points.points().isEmpty()) {
            return points;
        }
        List<List<Keyframe>> keys = points.points().stream().map(SemanticPoint::keyframes).toList();
        Sweep forward = new Sweep(frames, 0, n - 1, keys, List.of());
        forward.run(sub.split(1));
        Sweep backward = new Sweep(frames, n - 1, 0, keys, List.of());
        backward.run(sub.split(1));
        PointSet out = points;
        for (int i = 0; i < keys.size(); i++) {
            double[] x = new double[n];
            double[] y = new double[n];
            boolean[] vis = new boolean[n];
            float[] conf = new float[n];
            SemanticPoint p = points.points().get(i);
            SpanBlend.blend(keys.get(i), forward, i, backward, i, 0, n - 1, x, y, vis, conf);
            // the point's hidden marks clear the flag on their frames (SemanticPoint keeps them authoritative)
            out = out.withPoint(p.withTrajectory(new Trajectory(x, y, vis, conf)));
        }
        return out;
    }

    @Override
    public PointSet retrack(PointSet points, String pointName, int changedFrame, IProgressMonitor monitor) {
        check(points);
        SemanticPoint p = points.point(pointName)
                .orElseThrow(() -> new IllegalArgumentException("no point named \"" + pointName + "\""));
        int n = frames.count();
        if (changedFrame < 0 || changedFrame >= n) {
            throw new IllegalArgumentException("frame " + changedFrame + " is outside the clip's frames 0–" + (n - 1));
        }
        // The affected span: from the keyframe before the change to the keyframe after it (hidden
        // marks are no anchors, so they do not bound it).
        int lo = 0;
        int hi = n - 1;
        Trajectory old = p.trajectory();
        if (old != null) {
            for (Keyframe k : p.keyframes()) {
                if (k.frame() < changedFrame) {
                    lo = k.frame();
                } else if (k.frame() > changedFrame) {
                    hi = k.frame();
                    break;
                }
            }
        }
        List<Trajectory> support = new ArrayList<>();
        for (SemanticPoint o : points.points()) {
            if (o != p && o.trajectory() != null) {
                support.add(o.trajectory());
            }
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Re-tracking " + pointName, 2);
        List<List<Keyframe>> keys = List.of(p.keyframes());
        Sweep forward = new Sweep(frames, lo, hi, keys, support);
        forward.run(sub.split(1));
        Sweep backward = new Sweep(frames, hi, lo, keys, support);
        backward.run(sub.split(1));
        double[] x = old != null ? old.xs() : new double[n];
        double[] y = old != null ? old.ys() : new double[n];
        boolean[] vis = old != null ? old.visibility() : new boolean[n];
        float[] conf = old != null ? old.confidences() : new float[n];
        SpanBlend.blend(p.keyframes(), forward, 0, backward, 0, lo, hi, x, y, vis, conf);
        return points.withPoint(p.withTrajectory(new Trajectory(x, y, vis, conf)));
    }

    private void check(PointSet points) {
        if (points.frameCount() != frames.count() || points.width() != frames.width
                || points.height() != frames.height) {
            throw new IllegalArgumentException("the point set is for " + points.frameCount() + " frames of "
                    + points.width() + "x" + points.height() + " but the session holds " + frames.count()
                    + " frames of " + frames.width + "x" + frames.height + "; open a session on the clip's frames");
        }
    }

    @Override
    public void close() {
        frames.close();
    }
}
