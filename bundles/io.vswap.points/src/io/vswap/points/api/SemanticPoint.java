package io.vswap.points.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A named semantic point ("nose", "left wing tip") of a clip's subject: its display colour,
 * the keyframes the user set (sorted by frame, one per frame), the frames the user marked it
 * hidden on and, once tracked, its trajectory. Immutable; the {@code with…} methods return new
 * values.
 * <p>
 * A hidden mark is the user's word that the point is not visible on that frame (occluded, out
 * of view), and it is authoritative: the trajectory is never visible on a marked frame,
 * whatever a tracker said (the constructor clears the flag there). A mark is not a position:
 * trackers never anchor on it, and a frame holds either a keyframe or a hidden mark.
 *
 * @param colour display colour as {@code 0xRRGGBB}
 * @param hiddenFrames frames marked hidden, sorted, distinct, none also a keyframe
 * @param trajectory {@code null} until the point has been tracked
 */
public record SemanticPoint(String name, int colour, List<Keyframe> keyframes, List<Integer> hiddenFrames,
        Trajectory trajectory) {

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
        TreeSet<Integer> marks = new TreeSet<>(hiddenFrames == null ? List.of() : hiddenFrames);
        for (int f : marks) {
            if (f < 0) {
                throw new IllegalArgumentException("point \"" + name + "\" is marked hidden on frame " + f);
            }
            if (sorted.stream().anyMatch(k -> k.frame() == f)) {
                throw new IllegalArgumentException("point \"" + name + "\" has a keyframe and a hidden mark on frame "
                        + f + "; a frame holds one or the other");
            }
        }
        hiddenFrames = List.copyOf(marks);
        trajectory = hiddenOnMarks(trajectory, hiddenFrames);
        colour &= 0xffffff;
    }

    /** A point without hidden marks. */
    public SemanticPoint(String name, int colour, List<Keyframe> keyframes, Trajectory trajectory) {
        this(name, colour, keyframes, List.of(), trajectory);
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

    /** Whether the user marked this point hidden on {@code frame}. */
    public boolean isMarkedHidden(int frame) {
        return hiddenFrames.contains(frame);
    }

    /**
     * This point with {@code k} added or replacing the keyframe on its frame; a hidden mark on
     * that frame goes (the user has just said where the point is). The trajectory is kept
     * (stale between the neighbouring keyframes until re-tracked).
     */
    public SemanticPoint withKeyframe(Keyframe k) {
        List<Keyframe> list = new ArrayList<>(keyframes);
        list.removeIf(o -> o.frame() == k.frame());
        list.add(k);
        return new SemanticPoint(name, colour, list, without(hiddenFrames, k.frame()), trajectory);
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
        return new SemanticPoint(name, colour, list, hiddenFrames, trajectory);
    }

    /**
     * This point marked hidden on {@code frame}: a keyframe there goes (the last one cannot), and
     * the trajectory is not visible there from now on. The rest of the trajectory is kept (stale
     * between the neighbouring keyframes until re-tracked).
     */
    public SemanticPoint withHiddenMark(int frame) {
        SemanticPoint p = isKeyframe(frame) ? withoutKeyframe(frame) : this;
        List<Integer> marks = new ArrayList<>(hiddenFrames);
        marks.add(frame);
        return new SemanticPoint(name, colour, p.keyframes, marks, trajectory);
    }

    /**
     * This point without its hidden mark on {@code frame}. The trajectory keeps its flag there
     * until re-tracked, when the tracker decides again.
     */
    public SemanticPoint withoutHiddenMark(int frame) {
        if (!isMarkedHidden(frame)) {
            throw new IllegalArgumentException("point \"" + name + "\" is not marked hidden on frame " + frame);
        }
        return new SemanticPoint(name, colour, keyframes, without(hiddenFrames, frame), trajectory);
    }

    public SemanticPoint withTrajectory(Trajectory t) {
        return new SemanticPoint(name, colour, keyframes, hiddenFrames, t);
    }

    public SemanticPoint withName(String newName) {
        return new SemanticPoint(newName, colour, keyframes, hiddenFrames, trajectory);
    }

    public SemanticPoint withColour(int newColour) {
        return new SemanticPoint(name, newColour, keyframes, hiddenFrames, trajectory);
    }

    private static List<Integer> without(List<Integer> frames, int frame) {
        return frames.stream().filter(f -> f != frame).toList();
    }

    /** {@code t} not visible, with confidence 0, on every marked frame it has. */
    private static Trajectory hiddenOnMarks(Trajectory t, List<Integer> marks) {
        if (t == null || marks.stream().noneMatch(f -> f < t.frameCount() && (t.visible(f) || t.confidence(f) > 0))) {
            return t;
        }
        boolean[] visible = t.visibility();
        float[] confidence = t.confidences();
        for (int f : marks) {
            if (f < visible.length) {
                visible[f] = false;
                confidence[f] = 0;
            }
        }
        return new Trajectory(t.xs(), t.ys(), visible, confidence);
    }
}
