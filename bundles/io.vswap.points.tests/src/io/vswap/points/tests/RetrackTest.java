package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetChange;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.TrackingSession;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.synthetic.SubjectMotion;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.testing.TestServices;

/** Keyframes are hit exactly; a correction re-tracks only the span between its neighbouring keyframes. */
class RetrackTest {

    private static final int FRAMES = 24;
    private final PointTracker tracker = TestServices.await(PointTracker.class);

    @Test
    void aCorrectionChangesOnlyItsSpanAndIsHitExactly() {
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION, 5, 512, FRAMES, false);
        List<Position> starts = clip.subjectPoints(8, 30, 5);
        PointSet set = SyntheticClips.placedOnFrame0(starts, FRAMES, 512);
        // p0 gets a second keyframe on frame 8 where the truth is
        Position t8 = clip.truth(8, starts.get(0));
        set = new PointSetChange.SetKeyframe("p0", new Keyframe(8, t8.x(), t8.y())).apply(set);
        try (TrackingSession session = tracker.open(clip.frames())) {
            PointSet tracked = session.track(set, new NullProgressMonitor());
            Trajectory before = tracked.point("p0").orElseThrow().trajectory();
            assertEquals(t8.x(), before.x(8), 1e-9);
            assertEquals(starts.get(0).x(), before.x(0), 1e-9);

            // The user corrects frame 16 by 2 px (a deliberate offset, so the change shows).
            Position t16 = clip.truth(16, starts.get(0));
            PointSetChange fix = new PointSetChange.SetKeyframe("p0", new Keyframe(16, t16.x() + 2, t16.y()));
            PointSet corrected = fix.apply(tracked);
            PointSet retracked = session.retrack(corrected, fix.stalePoint(), fix.staleFrame().getAsInt(),
                    new NullProgressMonitor());
            Trajectory after = retracked.point("p0").orElseThrow().trajectory();
            for (int n = 0; n <= 8; n++) {
                assertEquals(before.x(n), after.x(n), 0.0, "frame " + n + " is outside the span and must not change");
                assertEquals(before.y(n), after.y(n), 0.0);
            }
            assertEquals(t16.x() + 2, after.x(16), 1e-9, "the correction is hit exactly");
            assertEquals(t16.y(), after.y(16), 1e-9);
            assertNotEquals(before.x(12), after.x(12), "frames between the keyframes follow the correction");
            // Between keyframes 8 and 16 the blend moves from the truth towards the +2 px offset.
            double shift12 = after.x(12) - clip.truth(12, starts.get(0)).x();
            assertTrue(shift12 > 0.5 && shift12 < 1.5, "half-way shift " + shift12);
            // Other points are untouched.
            for (int i = 1; i < starts.size(); i++) {
                assertEquals(tracked.points().get(i), retracked.points().get(i));
            }
        }
    }

    @Test
    void cancellingStopsTracking() {
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.TRANSLATION, 3, 256, 16, false);
        PointSet set = SyntheticClips.placedOnFrame0(List.of(new Position(128, 128)), 16, 256);
        AtomicInteger worked = new AtomicInteger();
        NullProgressMonitor monitor = new NullProgressMonitor() {
            @Override
            public void worked(int work) {
                if (worked.addAndGet(work) >= 3) {
                    setCanceled(true);
                }
            }
        };
        assertThrows(OperationCanceledException.class, () -> tracker.track(clip.frames(), set, monitor));
    }

    @Test
    void aPointSetForOtherFramesIsRefused() {
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.TRANSLATION, 3, 256, 8, false);
        PointSet wrong = PointSet.empty("clip", 9, 256, 256)
                .withPoint(SemanticPoint.placed("a", 0, 0, 10, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tracker.track(clip.frames(), wrong, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("9 frames"), e.getMessage());
    }
}
