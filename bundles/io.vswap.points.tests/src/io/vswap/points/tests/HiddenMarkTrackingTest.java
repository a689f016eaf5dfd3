package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetChange;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.Position;
import io.vswap.points.api.TrackingSession;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.synthetic.SubjectMotion;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.testing.TestServices;

/**
 * A user's hidden mark through the OpenCV tracker: the point is not visible on the marked frame
 * after a full track and after every re-track, the frames around it are tracked as without it,
 * a mark is never a position anchor, and a re-track after adding or clearing one changes only
 * the span around it. The clip has no occluder, so the tracker itself sees the point on every
 * frame: only the mark can hide it.
 */
class HiddenMarkTrackingTest {

    private static final int FRAMES = 24;
    private final PointTracker tracker = TestServices.await(PointTracker.class);
    private final SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION, 5, 512, FRAMES, false);
    private final List<Position> starts = clip.subjectPoints(8, 30, 5);

    /** p0 with keyframes on 0 and 16 where the truth is. */
    private PointSet keyed() {
        Position t16 = clip.truth(16, starts.get(0));
        return new PointSetChange.SetKeyframe("p0", new Keyframe(16, t16.x(), t16.y()))
                .apply(SyntheticClips.placedOnFrame0(starts, FRAMES, 512));
    }

    @Test
    void aFullTrackHidesTheMarkedFrameOnlyAndTracksAroundItAsBefore() {
        try (TrackingSession session = tracker.open(clip.frames())) {
            Trajectory plain = session.track(keyed(), new NullProgressMonitor()).point("p0").get().trajectory();
            assertEquals(FRAMES, plain.visibleCount(), "without a mark the tracker sees p0 on every frame");

            PointSet marked = new PointSetChange.MarkHidden("p0", 8).apply(keyed());
            Trajectory t = session.track(marked, new NullProgressMonitor()).point("p0").get().trajectory();
            assertFalse(t.visible(8), "hidden on the marked frame");
            assertEquals(0f, t.confidence(8));
            assertEquals(FRAMES - 1, t.visibleCount(), "only the marked frame is hidden");
            for (int n = 0; n < FRAMES; n++) {
                assertEquals(plain.x(n), t.x(n), 0.0, "frame " + n + " tracked as without the mark");
                assertEquals(plain.y(n), t.y(n), 0.0);
            }
            Position truth8 = clip.truth(8, starts.get(0));
            assertTrue(Math.hypot(t.x(8) - truth8.x(), t.y(8) - truth8.y()) < 1,
                    "the marked frame keeps the track's prediction: " + t.position(8) + " vs " + truth8);
        }
    }

    @Test
    void reTracksKeepTheMarkAndChangeOnlyTheSpanAroundAChangedMark() {
        try (TrackingSession session = tracker.open(clip.frames())) {
            PointSet tracked = session.track(keyed(), new NullProgressMonitor());
            Trajectory before = tracked.point("p0").get().trajectory();

            // Mark frame 20 (span 16..23): frames up to the keyframe on 16 stay exactly as they were.
            PointSet marked = retrack(session, new PointSetChange.MarkHidden("p0", 20), tracked);
            Trajectory m = marked.point("p0").get().trajectory();
            assertEquals(List.of(20), marked.point("p0").get().hiddenFrames());
            assertFalse(m.visible(20), "hidden on the marked frame after its re-track");
            assertTrue(m.visible(19) && m.visible(21), "the neighbours are tracked as before");
            for (int n = 0; n <= 16; n++) {
                assertEquals(before.x(n), m.x(n), 0.0, "frame " + n + " is outside the mark's span");
                assertEquals(before.visible(n), m.visible(n));
            }
            for (int i = 1; i < starts.size(); i++) {
                assertEquals(tracked.points().get(i), marked.points().get(i), "other points are untouched");
            }

            // A correction elsewhere whose span crosses the mark (frame 18, span 16..23) keeps it.
            Position t18 = clip.truth(18, starts.get(0));
            PointSet corrected = retrack(session,
                    new PointSetChange.SetKeyframe("p0", new Keyframe(18, t18.x() + 1, t18.y())), marked);
            Trajectory c = corrected.point("p0").get().trajectory();
            assertEquals(t18.x() + 1, c.x(18), 1e-9, "the correction is hit");
            assertFalse(c.visible(20), "the mark survives a correction's re-track across it");
            assertEquals(List.of(20), corrected.point("p0").get().hiddenFrames());
            // ...and a full track again.
            PointSet again = session.track(corrected, new NullProgressMonitor());
            assertFalse(again.point("p0").get().trajectory().visible(20), "the mark survives Track");
            assertEquals(FRAMES - 1, again.point("p0").get().trajectory().visibleCount());

            // Clearing the mark gives the frame back to the tracker, which sees the point there.
            PointSet cleared = retrack(session, new PointSetChange.ClearHiddenMark("p0", 20), again);
            assertTrue(cleared.point("p0").get().hiddenFrames().isEmpty());
            assertTrue(cleared.point("p0").get().trajectory().visible(20), "visible again once the mark is cleared");
            assertEquals(FRAMES, cleared.point("p0").get().trajectory().visibleCount());
        }
    }

    @Test
    void aMarkIsNeverAPositionAnchor() {
        try (TrackingSession session = tracker.open(clip.frames())) {
            // A keyframe on 8, deliberately 5 px off, then the user says "hidden here" instead.
            Position truth8 = clip.truth(8, starts.get(0));
            PointSet offKey = new PointSetChange.SetKeyframe("p0", new Keyframe(8, truth8.x() + 5, truth8.y()))
                    .apply(keyed());
            PointSet tracked = session.track(offKey, new NullProgressMonitor());
            assertEquals(truth8.x() + 5, tracked.point("p0").get().trajectory().x(8), 1e-9);

            PointSet hidden = retrack(session, new PointSetChange.MarkHidden("p0", 8), tracked);
            assertFalse(hidden.point("p0").get().isKeyframe(8), "the mark replaces the keyframe on its frame");
            Trajectory t = hidden.point("p0").get().trajectory();
            assertFalse(t.visible(8));
            assertNotEquals(truth8.x() + 5, t.x(8), 0.5, "the old keyframe no longer pulls the track");
            assertTrue(Math.hypot(t.x(8) - truth8.x(), t.y(8) - truth8.y()) < 1,
                    "frame 8 is tracked from the keyframes on 0 and 16: " + t.position(8) + " vs " + truth8);
            for (int n : new int[] { 4, 12 }) {
                Position truth = clip.truth(n, starts.get(0));
                assertTrue(Math.hypot(t.x(n) - truth.x(), t.y(n) - truth.y()) < 1,
                        "frame " + n + " no longer bends towards the removed keyframe: " + t.position(n));
            }
        }
    }

    private static PointSet retrack(TrackingSession session, PointSetChange change, PointSet set) {
        return session.retrack(change.apply(set), change.stalePoint(), change.staleFrame().getAsInt(),
                new NullProgressMonitor());
    }
}
