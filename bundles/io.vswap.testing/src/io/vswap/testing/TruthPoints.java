package io.vswap.testing;

import java.util.List;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.api.SampleClip;

/** A sample clip's named points from its truth, as a "track" job would have saved them: tracked, keyed on frame 0. */
public final class TruthPoints {

    private TruthPoints() {
    }

    /** The point set {@code name} of {@code clip}'s truth, at the clip's size. */
    public static PointSet of(SampleClip clip, String name) {
        int frames = clip.frameCount();
        PointSet set = PointSet.empty(name, frames, clip.size(), clip.size());
        for (var e : clip.points().entrySet()) {
            double[][] t = e.getValue();
            double[] x = new double[t.length];
            double[] y = new double[t.length];
            boolean[] visible = new boolean[t.length];
            float[] confidence = new float[t.length];
            for (int f = 0; f < t.length; f++) {
                x[f] = t[f][0];
                y[f] = t[f][1];
                visible[f] = t[f][2] > 0;
                confidence[f] = visible[f] ? 1 : 0;
            }
            set = set.withPoint(new SemanticPoint(e.getKey(), 0xff0000, List.of(new Keyframe(0, x[0], y[0])),
                    new Trajectory(x, y, visible, confidence)));
        }
        return set;
    }
}
