package io.vswap.points.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A named semantic point ("nose", "left wing tip") of a clip's subject: its display colour,
 * the keyframes the user set (sorted by frame, one per frame) and, once tracked, its
 * trajectory. Immutable; the {@code with…} methods return new values.
 *
 * @param colour display colour as {@code 0xRRGGBB}
 * @param trajectory {@code null} until the point has been tracked
 */
public record SemanticPoint(String name, int colour, List<Keyframe> keyframes, Trajectory trajectory) {

    public SemanticPoint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a point needs a name");
        }
        if (keyframes == null || keyframes.isEmpty()) {
            throw new IllegalArgumentException("point \"" + name + "\" needs at least one keyframe");
        }
        List<Keyframe> sorted = new ArrayList<>(keyframes);
        sorted.sort(Comparator.comparingInt(Keyframe::frame));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).frame() == sorted.get(i - 1).frame()) {
                throw new IllegalArgumentException(
                        "point \"" + name + "\" has two keyframes on frame " + sorted.get(i).frame());
            }
        }
        keyframes = List.copyOf(sorted);
        colour &= 0xffffff;
    }

    /** A new, untracked point with one keyframe. */
    public static SemanticPoint placed(String name, int colour, int frame, double x, double y) {
        return new SemanticPoint(name, colour, List.of(new Keyframe(frame, x, y)), null);
    }

    public Optional<Trajectory> tracked() {
        return Optional.ofNullable(trajectory);
    }

    public Optional<Keyframe> keyframe(int frame) {
        return keyframes.stream().filter(k -> k.frame() == frame).findFirst();
    }

    public boolean isKeyframe(int frame) {
        return keyframe(frame).isPresent();
    }

    /**
     * This point with {@code k} added or replacing the keyframe on its frame. The trajectory
     * is kept (stale between the neighbouring keyframes until re-tracked).
     */
    public SemanticPoint withKeyframe(Keyframe k) {
        List<Keyframe> list = new ArrayList<>(keyframes);
        list.removeIf(o -> o.frame() == k.frame());
        list.add(k);
        return new SemanticPoint(name, colour, list, trajectory);
    }

    /** This point without its keyframe on {@code frame}; the last keyframe cannot be removed. */
    public SemanticPoint withoutKeyframe(int frame) {
        List<Keyframe> list = new ArrayList<>(keyframes);
        if (!list.removeIf(o -> o.frame() == frame)) {
            throw new IllegalArgumentException("point \"" + name + "\" has no keyframe on frame " + frame);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(
                    "point \"" + name + "\" keeps at least one keyframe; remove the point instead");
        }
        return new SemanticPoint(name, colour, list, trajectory);
    }

    public SemanticPoint withTrajectory(Trajectory t) {
        return new SemanticPoint(name, colour, keyframes, t);
    }

    public SemanticPoint withName(String newName) {
        return new SemanticPoint(newName, colour, keyframes, trajectory);
    }

    public SemanticPoint withColour(int newColour) {
        return new SemanticPoint(name, newColour, keyframes, trajectory);
    }
}
