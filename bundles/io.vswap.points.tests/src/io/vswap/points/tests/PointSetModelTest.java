package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetChange;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;

/** Point sets are values: changes return new ones, so undo is keeping the old one. */
class PointSetModelTest {

    @Test
    void changesAreUndoneByKeepingTheValueBefore() {
        PointSet set = PointSetStoreTest.sample();
        Deque<PointSet> undo = new ArrayDeque<>();
        List<PointSetChange> changes = List.of(new PointSetChange.RenamePoint("nose", "beak"),
                new PointSetChange.SetKeyframe("beak", new Keyframe(2, 50, 60)),
                new PointSetChange.RemoveKeyframe("beak", 0),
                new PointSetChange.AddPoint(SemanticPoint.placed("tail", 0x123456, 0, 1, 2)),
                new PointSetChange.DeletePoint("left wing tip"));
        PointSet current = set;
        for (PointSetChange c : changes) {
            undo.push(current);
            current = c.apply(current);
        }
        assertEquals(List.of("beak", "tail"), current.pointNames());
        // the edit followed the rename and forgot the deleted point
        assertEquals("beak", current.edit("helicopter").orElseThrow().drags().get(0).point());
        assertTrue(current.edit("helicopter").orElseThrow().removed().isEmpty());
        while (!undo.isEmpty()) {
            current = undo.pop();
        }
        assertEquals(set, current);
        assertEquals("Rename nose to beak", changes.get(0).label());
    }

    @Test
    void invalidSetsAreRefusedWithReasons() {
        PointSet set = PointSet.empty("c", 4, 64, 64).withPoint(SemanticPoint.placed("a", 0, 0, 1, 1));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> set.withPoint(SemanticPoint.placed("b", 0, 4, 1, 1))).getMessage().contains("frames 0–3"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PointSetChange.AddPoint(SemanticPoint.placed("a", 0, 1, 1, 1)).apply(set)).getMessage()
                .contains("exists already"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PointSetChange.RemoveKeyframe("a", 0).apply(set)).getMessage().contains("at least one"));
    }

    @Test
    void hiddenMarksAreAuthoritativeUndoableAndExclusiveWithKeyframes() {
        PointSet set = PointSetStoreTest.sample(); // nose: keyframes 0 and 3, tracked, visible on 1
        assertTrue(set.point("nose").orElseThrow().trajectory().visible(1));
        Deque<PointSet> undo = new ArrayDeque<>();
        undo.push(set);
        PointSetChange hide = new PointSetChange.MarkHidden("nose", 1);
        PointSet hidden = hide.apply(set);
        SemanticPoint nose = hidden.point("nose").orElseThrow();
        assertEquals(List.of(1), nose.hiddenFrames());
        assertFalse(nose.trajectory().visible(1), "the mark hides the point on its frame at once");
        assertEquals(0f, nose.trajectory().confidence(1));
        assertEquals(set.point("nose").orElseThrow().trajectory().x(1), nose.trajectory().x(1), "position kept");
        assertEquals("Mark nose hidden on frame 1", hide.label());
        assertEquals(1, hide.staleFrame().getAsInt(), "a mark re-tracks like a keyframe change");
        assertEquals("nose", hide.stalePoint());

        // A trajectory from any tracker is hidden on the marks.
        Trajectory seen = set.point("nose").orElseThrow().trajectory();
        assertFalse(nose.withTrajectory(seen).trajectory().visible(1), "a new trajectory cannot overrule the mark");

        // A mark on a keyframe's frame replaces the keyframe; the last keyframe cannot go.
        undo.push(hidden);
        PointSet onKey = new PointSetChange.MarkHidden("nose", 3).apply(hidden);
        assertEquals(List.of(0), onKey.point("nose").orElseThrow().keyframes().stream().map(Keyframe::frame).toList());
        assertEquals(List.of(1, 3), onKey.point("nose").orElseThrow().hiddenFrames());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PointSetChange.MarkHidden("nose", 0).apply(onKey)).getMessage().contains("at least one"));
        // A keyframe on a marked frame clears the mark: the user has just said where the point is.
        undo.push(onKey);
        PointSet keyed = new PointSetChange.SetKeyframe("nose", new Keyframe(3, 13, 23)).apply(onKey);
        assertEquals(List.of(1), keyed.point("nose").orElseThrow().hiddenFrames());
        undo.push(keyed);
        PointSet cleared = new PointSetChange.ClearHiddenMark("nose", 1).apply(keyed);
        assertTrue(cleared.point("nose").orElseThrow().hiddenFrames().isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> new PointSetChange.ClearHiddenMark("nose", 1).apply(cleared));
        assertThrows(IllegalArgumentException.class, () -> new PointSetChange.MarkHidden("nose", 4).apply(set),
                "frame outside the clip");

        PointSet current = cleared;
        while (!undo.isEmpty()) {
            current = undo.pop();
        }
        assertEquals(set, current, "undo is the value before");
    }
}
