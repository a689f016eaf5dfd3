package io.vswap.points.api;

/**
 * One user change to a point set, as a small value an editor can label, apply and undo.
 * Point sets are immutable, so undo is "go back to the value before": an editor keeps
 * {@code before = set; after = change.apply(set)} on its undo stack. A change that moves a
 * keyframe leaves the trajectory stale; the editor then asks its
 * {@link TrackingSession#retrack} for the affected span.
 */
public sealed interface PointSetChange {

    /** Words for the Undo/Redo menu, e.g. "Move keyframe of nose". */
    String label();

    PointSet apply(PointSet set);

    /**
     * The frame whose keyframe or hidden mark the change set or removed, if any: with {@link #stalePoint()}
     * what {@link TrackingSession#retrack} needs.
     */
    default java.util.OptionalInt staleFrame() {
        return java.util.OptionalInt.empty();
    }

    /** The name of the point whose trajectory needs re-tracking after this change, or {@code null}. */
    default String stalePoint() {
        return null;
    }

    record AddPoint(SemanticPoint point) implements PointSetChange {
        public String label() {
            return "Add point " + point.name();
        }

        public PointSet apply(PointSet set) {
            if (set.point(point.name()).isPresent()) {
                throw new IllegalArgumentException("a point named \"" + point.name() + "\" exists already");
            }
            return set.withPoint(point);
        }

        @Override
        public String stalePoint() {
            return point.name();
        }
    }

    record DeletePoint(String name) implements PointSetChange {
        public String label() {
            return "Delete point " + name;
        }

        public PointSet apply(PointSet set) {
            return set.withoutPoint(name);
        }
    }

    record RenamePoint(String oldName, String newName) implements PointSetChange {
        public String label() {
            return "Rename " + oldName + " to " + newName;
        }

        public PointSet apply(PointSet set) {
            return set.withPointRenamed(oldName, newName);
        }
    }

    record RecolourPoint(String name, int colour) implements PointSetChange {
        public String label() {
            return "Recolour " + name;
        }

        public PointSet apply(PointSet set) {
            return set.withPoint(existing(set, name).withColour(colour));
        }
    }

    /** Sets (places or corrects) a keyframe: a user correction on a frame becomes a keyframe. */
    record SetKeyframe(String name, Keyframe keyframe) implements PointSetChange {
        public String label() {
            return "Set keyframe of " + name + " on frame " + keyframe.frame();
        }

        public PointSet apply(PointSet set) {
            return set.withPoint(existing(set, name).withKeyframe(keyframe));
        }

        @Override
        public java.util.OptionalInt staleFrame() {
            return java.util.OptionalInt.of(keyframe.frame());
        }

        @Override
        public String stalePoint() {
            return name;
        }
    }

    record RemoveKeyframe(String name, int frame) implements PointSetChange {
        public String label() {
            return "Remove keyframe of " + name + " on frame " + frame;
        }

        public PointSet apply(PointSet set) {
            return set.withPoint(existing(set, name).withoutKeyframe(frame));
        }

        @Override
        public java.util.OptionalInt staleFrame() {
            return java.util.OptionalInt.of(frame);
        }

        @Override
        public String stalePoint() {
            return name;
        }
    }

    /**
     * Marks a point hidden on a frame (a user's occlusion mark, kept through every re-track); a
     * keyframe on that frame goes. Re-track the span around it, as after a keyframe change.
     */
    record MarkHidden(String name, int frame) implements PointSetChange {
        public String label() {
            return "Mark " + name + " hidden on frame " + frame;
        }

        public PointSet apply(PointSet set) {
            return set.withPoint(existing(set, name).withHiddenMark(frame));
        }

        @Override
        public java.util.OptionalInt staleFrame() {
            return java.util.OptionalInt.of(frame);
        }

        @Override
        public String stalePoint() {
            return name;
        }
    }

    /** Takes a hidden mark away: the tracker decides that frame's visibility again on the re-track. */
    record ClearHiddenMark(String name, int frame) implements PointSetChange {
        public String label() {
            return "Clear hidden mark of " + name + " on frame " + frame;
        }

        public PointSet apply(PointSet set) {
            return set.withPoint(existing(set, name).withoutHiddenMark(frame));
        }

        @Override
        public java.util.OptionalInt staleFrame() {
            return java.util.OptionalInt.of(frame);
        }

        @Override
        public String stalePoint() {
            return name;
        }
    }

    /** Adds or replaces an edit's point selection (removed and dragged points). */
    record PutEdit(PointEdit edit) implements PointSetChange {
        public String label() {
            return "Change points of edit " + edit.name();
        }

        public PointSet apply(PointSet set) {
            return set.withEdit(edit);
        }
    }

    private static SemanticPoint existing(PointSet set, String name) {
        return set.point(name).orElseThrow(() -> new IllegalArgumentException("no point named \"" + name + "\""));
    }
}
