package io.vswap.points.internal.synthetic;

import java.util.List;

import io.vswap.points.api.Position;
import io.vswap.points.api.Trajectory;

/**
 * How well tracks come back after an occluder, against a synthetic clip's truth:
 * <ul>
 * <li>re-acquired: a point the occluder covered that is reported visible within
 * {@link #REACQUIRE_PX} of the truth on one of the {@link #REACQUIRE_FRAMES} frames after it
 * was last covered;</li>
 * <li>the mean end-point error over frames reported visible while not covered;</li>
 * <li>the largest error of any frame reported visible, covered or not: a wrong position shown
 * as visible is the failure that matters most downstream.</li>
 * </ul>
 * Scores add up over clips.
 */
public final class OcclusionScore {

    /** Distance (px) within which a point counts as found again. */
    public static final double REACQUIRE_PX = 3;
    /** Frames after the occluder has left a point within which it must be found again. */
    public static final int REACQUIRE_FRAMES = 4;

    private int occludedPoints;
    private int reacquired;
    private int visibleFrames;
    private double visibleErrorSum;
    private double maxVisibleError;
    private int coveredShownVisible;

    /** Adds one clip's tracks (in the order of {@code starts}, the points' frame-0 positions). */
    public void add(SyntheticClip clip, List<Position> starts, List<Trajectory> tracks) {
        for (int i = 0; i < starts.size(); i++) {
            Trajectory t = tracks.get(i);
            int lastCovered = -1;
            for (int n = 0; n < clip.frameCount(); n++) {
                Position truth = clip.truth(n, starts.get(i));
                boolean covered = clip.covered(n, truth);
                if (covered) {
                    lastCovered = n;
                }
                if (!t.visible(n)) {
                    continue;
                }
                double e = t.position(n).distance(truth);
                maxVisibleError = Math.max(maxVisibleError, e);
                if (covered) {
                    coveredShownVisible++;
                } else {
                    visibleFrames++;
                    visibleErrorSum += e;
                }
            }
            if (lastCovered >= 0) {
                occludedPoints++;
                if (foundAgain(clip, starts.get(i), t, lastCovered)) {
                    reacquired++;
                }
            }
        }
    }

    private static boolean foundAgain(SyntheticClip clip, Position start, Trajectory t, int lastCovered) {
        for (int n = lastCovered + 1; n <= lastCovered + REACQUIRE_FRAMES && n < clip.frameCount(); n++) {
            if (t.visible(n) && t.position(n).distance(clip.truth(n, start)) <= REACQUIRE_PX) {
                return true;
            }
        }
        return false;
    }

    public void add(OcclusionScore o) {
        occludedPoints += o.occludedPoints;
        reacquired += o.reacquired;
        visibleFrames += o.visibleFrames;
        visibleErrorSum += o.visibleErrorSum;
        maxVisibleError = Math.max(maxVisibleError, o.maxVisibleError);
        coveredShownVisible += o.coveredShownVisible;
    }

    public int occludedPoints() {
        return occludedPoints;
    }

    /** Share of occluded points found again within {@link #REACQUIRE_PX} (1 when none was occluded). */
    public double reacquiredShare() {
        return occludedPoints == 0 ? 1 : (double) reacquired / occludedPoints;
    }

    /** Mean error (px) over uncovered frames reported visible. */
    public double visibleMean() {
        return visibleFrames == 0 ? Double.NaN : visibleErrorSum / visibleFrames;
    }

    public int visibleFrames() {
        return visibleFrames;
    }

    /** Largest error (px) of any frame reported visible. */
    public double maxVisibleError() {
        return maxVisibleError;
    }

    /** Frames reported visible while the occluder covered the point. */
    public int coveredShownVisible() {
        return coveredShownVisible;
    }

    public String summary() {
        return String.format("re-acquired %d/%d (%.1f %%) within %.0f px; visible mean %.3f px over %d frames, "
                + "max %.2f px; %d covered frames shown visible", reacquired, occludedPoints, 100 * reacquiredShare(),
                REACQUIRE_PX, visibleMean(), visibleFrames, maxVisibleError, coveredShownVisible);
    }
}
