package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.Position;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.synthetic.SubjectMotion;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.testing.TestServices;

/** A drag on the keyframe follows the subject's rotation and scale into every frame. */
class DragPropagationTest {

    private static final int FRAMES = 16;
    private final PointTracker tracker = TestServices.await(PointTracker.class);
    private final DragPropagator propagator = TestServices.await(DragPropagator.class);

    @Test
    void aDraggedPointLandsWhereTheTrueMotionCarriesIt() {
        double worst = 0;
        for (long seed : new long[] { 21, 22, 23 }) {
            SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION_SCALE, seed, 512, FRAMES, false);
            List<Position> starts = clip.subjectPoints(12, 30, seed);
            PointSet tracked = tracker.track(clip.frames(), SyntheticClips.placedOnFrame0(starts, FRAMES, 512),
                    new NullProgressMonitor());
            for (int i = 0; i < 3; i++) {
                double dx = 18 - 12 * i;
                double dy = -10 + 9 * i;
                Trajectory t = propagator.propagate(tracked, new PointDrag("p" + i, 0, dx, dy));
                Position dragged = new Position(starts.get(i).x() + dx, starts.get(i).y() + dy);
                for (int n = 0; n < FRAMES; n++) {
                    double e = t.position(n).distance(clip.truth(n, dragged));
                    worst = Math.max(worst, e);
                    assertTrue(e < 1.0, "seed " + seed + " p" + i + " frame " + n + ": " + e + " px off");
                }
                assertEquals(dragged.x(), t.x(0), 1e-6, "the drag's own frame is where the user put it");
            }
        }
        System.out.printf("drag propagation (rotating, scaling subject, 3 seeds × 3 drags, 16 frames): worst %.3f px%n",
                worst);
    }

    @Test
    void anEditLeavesOutRemovedPointsAndReplacesDraggedOnes() {
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION, 4, 512, 8, false);
        List<Position> starts = clip.subjectPoints(5, 30, 4);
        PointSet tracked = tracker.track(clip.frames(), SyntheticClips.placedOnFrame0(starts, 8, 512),
                new NullProgressMonitor());
        PointEdit edit = new PointEdit("helicopter", Set.of("p1"), List.of(new PointDrag("p2", 0, 5, 5)));
        PointSet withEdit = tracked.withEdit(edit);
        Map<String, Trajectory> used = propagator.editedTrajectories(withEdit, edit);
        assertEquals(List.of("p0", "p2", "p3", "p4"), List.copyOf(used.keySet()));
        assertSame(tracked.point("p0").orElseThrow().trajectory(), used.get("p0"));
        assertEquals(starts.get(2).x() + 5, used.get("p2").x(0), 1e-6);
        // the source trajectory is never overwritten by an edit
        assertEquals(starts.get(2).x(), withEdit.point("p2").orElseThrow().trajectory().x(0), 1e-9);
        assertFalse(used.containsKey("p1"));
    }
}
