package io.vswap.points.tests;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.Position;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.synthetic.SyntheticClip;

/**
 * How a tracked point set compares with a synthetic clip's truth. End-point errors are taken
 * on frames where the point is not covered; "tracked" errors only where the tracker also says
 * visible (on frames it flags not visible the position is a prediction, scored separately).
 */
final class TrackScore {

    final List<Double> trackedErrors = new ArrayList<>();
    final List<Double> allUncoveredErrors = new ArrayList<>();
    int coveredFrames;
    int coveredFlagged;
    int uncoveredFrames;
    int uncoveredFlagged;

    static TrackScore of(SyntheticClip clip, List<Position> starts, PointSet tracked) {
        TrackScore s = new TrackScore();
        s.add(clip, starts, tracked);
        return s;
    }

    void add(SyntheticClip clip, List<Position> starts, PointSet tracked) {
        for (int i = 0; i < starts.size(); i++) {
            Trajectory t = tracked.points().get(i).trajectory();
            for (int n = 0; n < clip.frameCount(); n++) {
                Position truth = clip.truth(n, starts.get(i));
                if (clip.covered(n, truth)) {
                    coveredFrames++;
                    coveredFlagged += t.visible(n) ? 0 : 1;
                    continue;
                }
                uncoveredFrames++;
                double e = t.position(n).distance(truth);
                allUncoveredErrors.add(e);
                if (t.visible(n)) {
                    trackedErrors.add(e);
                } else {
                    uncoveredFlagged++;
                }
            }
        }
    }

    void add(TrackScore o) {
        trackedErrors.addAll(o.trackedErrors);
        allUncoveredErrors.addAll(o.allUncoveredErrors);
        coveredFrames += o.coveredFrames;
        coveredFlagged += o.coveredFlagged;
        uncoveredFrames += o.uncoveredFrames;
        uncoveredFlagged += o.uncoveredFlagged;
    }

    double mean() {
        return mean(trackedErrors);
    }

    double median() {
        return median(trackedErrors);
    }

    double max() {
        return trackedErrors.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Share of covered frames flagged not visible. */
    double occlusionRecall() {
        return coveredFrames == 0 ? 1 : (double) coveredFlagged / coveredFrames;
    }

    /** Share of uncovered frames wrongly flagged not visible. */
    double falseFlagRate() {
        return uncoveredFrames == 0 ? 0 : (double) uncoveredFlagged / uncoveredFrames;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    String summary() {
        String occ = coveredFrames == 0 ? ""
                : String.format("; occluded %d frames, %.1f %% flagged; %.1f %% of %d visible frames flagged wrongly; "
                        + "mean incl. predictions %.3f px", coveredFrames, 100 * occlusionRecall(),
                        100 * falseFlagRate(), uncoveredFrames, mean(allUncoveredErrors));
        return String.format("mean %.3f px, median %.3f px, max %.2f px over %d tracked frames%s", mean(), median(),
                max(), trackedErrors.size(), occ);
    }
}
