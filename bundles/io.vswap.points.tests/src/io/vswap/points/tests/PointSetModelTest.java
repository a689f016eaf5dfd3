package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
