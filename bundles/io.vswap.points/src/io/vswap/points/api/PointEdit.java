package io.vswap.points.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The points one edit uses (VideoSwap §3.3): points removed because the target has no
 * counterpart (airplane wings for a helicopter), and points dragged on a keyframe because
 * the target's shape differs. Everything else of the source point set is used as tracked.
 * Immutable.
 *
 * @param name the edit this selection belongs to
 * @param removed names of the points this edit leaves out
 * @param drags at most one drag per point
 */
public record PointEdit(String name, Set<String> removed, List<PointDrag> drags) {

    public PointEdit {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a point edit needs a name");
        }
        removed = Set.copyOf(new LinkedHashSet<>(removed));
        Set<String> seen = new LinkedHashSet<>();
        for (PointDrag d : drags) {
            if (!seen.add(d.point())) {
                throw new IllegalArgumentException("edit \"" + name + "\" drags point \"" + d.point() + "\" twice");
            }
        }
        drags = List.copyOf(drags);
    }

    /** An edit that keeps every point as tracked. */
    public static PointEdit unchanged(String name) {
        return new PointEdit(name, Set.of(), List.of());
    }

    public boolean isRemoved(String point) {
        return removed.contains(point);
    }

    public Optional<PointDrag> drag(String point) {
        return drags.stream().filter(d -> d.point().equals(point)).findFirst();
    }

    /** This edit with {@code point} left out ({@code true}) or used again ({@code false}). */
    public PointEdit withRemoved(String point, boolean remove) {
        Set<String> set = new LinkedHashSet<>(removed);
        if (remove) {
            set.add(point);
        } else {
            set.remove(point);
        }
        return new PointEdit(name, set, drags);
    }

    /** This edit with {@code drag} replacing any earlier drag of the same point. */
    public PointEdit withDrag(PointDrag drag) {
        List<PointDrag> list = new ArrayList<>(drags);
        list.removeIf(d -> d.point().equals(drag.point()));
        list.add(drag);
        return new PointEdit(name, removed, list);
    }

    public PointEdit withoutDrag(String point) {
        List<PointDrag> list = new ArrayList<>(drags);
        list.removeIf(d -> d.point().equals(point));
        return new PointEdit(name, removed, list);
    }

    /** This edit with its references to {@code oldName} following a rename. */
    PointEdit withPointRenamed(String oldName, String newName) {
        Set<String> set = new LinkedHashSet<>();
        for (String r : removed) {
            set.add(r.equals(oldName) ? newName : r);
        }
        List<PointDrag> list = new ArrayList<>();
        for (PointDrag d : drags) {
            list.add(d.point().equals(oldName) ? new PointDrag(newName, d.frame(), d.dx(), d.dy()) : d);
        }
        return new PointEdit(name, set, list);
    }

    /** This edit without any reference to {@code point} (it was deleted from the set). */
    PointEdit withoutPoint(String point) {
        Set<String> set = new LinkedHashSet<>(removed);
        set.remove(point);
        return new PointEdit(name, set, drags).withoutDrag(point);
    }
}
