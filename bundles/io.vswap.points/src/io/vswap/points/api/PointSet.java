package io.vswap.points.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The semantic points of one clip, with their keyframes, hidden marks and trajectories, and the point
 * selections of the clip's edits. Immutable: every change returns a new value, so an editor
 * makes a change undoable by keeping the value before it (see {@link PointSetChange}).
 *
 * @param clip the clip's name in its shot
 * @param frameCount frames in the clip; every keyframe and trajectory fits in it
 * @param width clip width in pixels (the coordinate space of every position)
 * @param height clip height in pixels
 * @param points in display order; names unique
 * @param edits point selections per edit; names unique
 */
public record PointSet(String clip, int frameCount, int width, int height, List<SemanticPoint> points,
        List<PointEdit> edits) {

    public PointSet {
        if (clip == null || clip.isBlank()) {
            throw new IllegalArgumentException("a point set names its clip");
        }
        if (frameCount <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a point set needs a positive frame count and size, not " + frameCount
                    + " frames of " + width + "x" + height);
        }
        points = List.copyOf(points);
        edits = List.copyOf(edits);
        Set<String> names = new HashSet<>();
        for (SemanticPoint p : points) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("two points are named \"" + p.name() + "\"; names must differ");
            }
            for (Keyframe k : p.keyframes()) {
                if (k.frame() >= frameCount) {
                    throw new IllegalArgumentException("point \"" + p.name() + "\" has a keyframe on frame " + k.frame()
                            + " but the clip has frames 0–" + (frameCount - 1));
                }
            }
            for (int f : p.hiddenFrames()) {
                if (f >= frameCount) {
                    throw new IllegalArgumentException("point \"" + p.name() + "\" is marked hidden on frame " + f
                            + " but the clip has frames 0–" + (frameCount - 1));
                }
            }
            if (p.trajectory() != null && p.trajectory().frameCount() != frameCount) {
                throw new IllegalArgumentException("point \"" + p.name() + "\" has a trajectory of "
                        + p.trajectory().frameCount() + " frames; the clip has " + frameCount);
            }
        }
        Set<String> editNames = new HashSet<>();
        for (PointEdit e : edits) {
            if (!editNames.add(e.name())) {
                throw new IllegalArgumentException("two point edits are named \"" + e.name() + "\"");
            }
            for (String r : e.removed()) {
                if (!names.contains(r)) {
                    throw new IllegalArgumentException("edit \"" + e.name() + "\" removes an unknown point \"" + r + "\"");
                }
            }
            for (PointDrag d : e.drags()) {
                if (!names.contains(d.point())) {
                    throw new IllegalArgumentException(
                            "edit \"" + e.name() + "\" drags an unknown point \"" + d.point() + "\"");
                }
                if (d.frame() >= frameCount) {
                    throw new IllegalArgumentException("edit \"" + e.name() + "\" drags \"" + d.point() + "\" on frame "
                            + d.frame() + " but the clip has frames 0–" + (frameCount - 1));
                }
            }
        }
    }

    /** An empty point set for a clip. */
    public static PointSet empty(String clip, int frameCount, int width, int height) {
        return new PointSet(clip, frameCount, width, height, List.of(), List.of());
    }

    public Optional<SemanticPoint> point(String name) {
        return points.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<PointEdit> edit(String name) {
        return edits.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Whether every point has a trajectory. */
    public boolean isTracked() {
        return points.stream().allMatch(p -> p.trajectory() != null);
    }

    public List<String> pointNames() {
        return points.stream().map(SemanticPoint::name).toList();
    }

    /** This set with {@code p} appended, or replacing the point of the same name in place. */
    public PointSet withPoint(SemanticPoint p) {
        List<SemanticPoint> list = new ArrayList<>(points);
        int i = indexOf(p.name());
        if (i >= 0) {
            list.set(i, p);
        } else {
            list.add(p);
        }
        return new PointSet(clip, frameCount, width, height, list, edits);
    }

    /** This set without the named point; edits forget it too. */
    public PointSet withoutPoint(String name) {
        List<SemanticPoint> list = new ArrayList<>(points);
        if (!list.removeIf(p -> p.name().equals(name))) {
            throw new IllegalArgumentException("no point named \"" + name + "\"");
        }
        List<PointEdit> es = edits.stream().map(e -> e.withoutPoint(name)).toList();
        return new PointSet(clip, frameCount, width, height, list, es);
    }

    /** This set with a point renamed, in place, edits following. */
    public PointSet withPointRenamed(String oldName, String newName) {
        SemanticPoint p = point(oldName)
                .orElseThrow(() -> new IllegalArgumentException("no point named \"" + oldName + "\""));
        if (!oldName.equals(newName) && point(newName).isPresent()) {
            throw new IllegalArgumentException("a point named \"" + newName + "\" exists already");
        }
        List<SemanticPoint> list = new ArrayList<>(points);
        list.set(indexOf(oldName), p.withName(newName));
        List<PointEdit> es = edits.stream().map(e -> e.withPointRenamed(oldName, newName)).toList();
        return new PointSet(clip, frameCount, width, height, list, es);
    }

    /** This set with {@code e} added, or replacing the edit of the same name. */
    public PointSet withEdit(PointEdit e) {
        List<PointEdit> list = new ArrayList<>(edits);
        list.removeIf(o -> o.name().equals(e.name()));
        list.add(e);
        return new PointSet(clip, frameCount, width, height, points, list);
    }

    public PointSet withoutEdit(String name) {
        List<PointEdit> list = new ArrayList<>(edits);
        list.removeIf(o -> o.name().equals(name));
        return new PointSet(clip, frameCount, width, height, points, list);
    }

    private int indexOf(String name) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
