package io.vswap.points.ui.internal.editor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;

/**
 * What one point editor shows and edits: the point set (an immutable value, replaced on every
 * change), the last saved value, the current frame, the selected point, the mode and the live
 * preview of a drag in progress. UI-thread only; listeners hear which aspect changed.
 */
public final class PointDocument {

    /** What changed, so that listeners redraw only what they show. */
    public enum Aspect {
        POINTS, FRAME, SELECTION, MODE, PREVIEW, SAVED
    }

    /**
     * ANNOTATE changes the source points (keyframes, names, trajectories); the two edit modes
     * change only one edit's selection of points (VideoSwap §3.3), never the source tracks.
     */
    public enum Mode {
        ANNOTATE("Annotate"), REMOVE_POINTS("Edit: remove points"), DRAG_POINTS("Edit: drag points");

        public final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    public interface Listener {
        void changed(Aspect aspect);
    }

    /** A keyframe drag in progress (annotate mode): where the point is being put on the current frame. */
    public record KeyframePreview(String point, Position position) {
    }

    /** An edit drag in progress: the propagated trajectory the drag would give. */
    public record EditDragPreview(PointDrag drag, Trajectory propagated) {
    }

    public static final String DEFAULT_EDIT = "edit-1";

    private PointSet points;
    private PointSet saved;
    private int frame;
    private String selected;
    private Mode mode = Mode.ANNOTATE;
    private String editName = DEFAULT_EDIT;
    private KeyframePreview keyframePreview;
    private EditDragPreview editDragPreview;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public PointDocument(PointSet loaded) {
        points = loaded;
        saved = loaded;
    }

    public PointSet points() {
        return points;
    }

    public void setPoints(PointSet newPoints) {
        points = newPoints;
        if (selected != null && newPoints.point(selected).isEmpty()) {
            selected = null;
        }
        fire(Aspect.POINTS);
    }

    public boolean isDirty() {
        return !points.equals(saved);
    }

    public void markSaved(PointSet value) {
        saved = value;
        fire(Aspect.SAVED);
    }

    public int frame() {
        return frame;
    }

    public int frameCount() {
        return points.frameCount();
    }

    /** Moves to {@code index}, clamped to the clip. */
    public void setFrame(int index) {
        int clamped = Math.max(0, Math.min(points.frameCount() - 1, index));
        if (clamped != frame) {
            frame = clamped;
            fire(Aspect.FRAME);
        }
    }

    public Optional<SemanticPoint> selectedPoint() {
        return selected == null ? Optional.empty() : points.point(selected);
    }

    public String selected() {
        return selected;
    }

    public void select(String name) {
        if (!java.util.Objects.equals(name, selected)) {
            selected = name;
            fire(Aspect.SELECTION);
        }
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode newMode) {
        if (newMode != mode) {
            mode = newMode;
            clearPreviews();
            fire(Aspect.MODE);
        }
    }

    public String editName() {
        return editName;
    }

    public void setEditName(String name) {
        if (name != null && !name.isBlank() && !name.equals(editName)) {
            editName = name.strip();
            fire(Aspect.MODE);
        }
    }

    /** The current edit's point selection; an edit not saved yet keeps every point. */
    public PointEdit edit() {
        return points.edit(editName).orElse(PointEdit.unchanged(editName));
    }

    public KeyframePreview keyframePreview() {
        return keyframePreview;
    }

    public void setKeyframePreview(KeyframePreview preview) {
        keyframePreview = preview;
        fire(Aspect.PREVIEW);
    }

    public EditDragPreview editDragPreview() {
        return editDragPreview;
    }

    public void setEditDragPreview(EditDragPreview preview) {
        editDragPreview = preview;
        fire(Aspect.PREVIEW);
    }

    public void clearPreviews() {
        if (keyframePreview != null || editDragPreview != null) {
            keyframePreview = null;
            editDragPreview = null;
            fire(Aspect.PREVIEW);
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    private void fire(Aspect aspect) {
        for (Listener l : listeners) {
            l.changed(aspect);
        }
    }
}
