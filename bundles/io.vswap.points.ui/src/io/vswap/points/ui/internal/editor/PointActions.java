package io.vswap.points.ui.internal.editor;

import io.vswap.points.api.PointDrag;

/** What the canvas asks the editor to do on a user gesture; each call is one undoable step. */
interface PointActions {

    /** A new point on the current frame (its first keyframe). */
    void addPoint(String name, double x, double y);

    /** Puts the point's keyframe on the current frame at (x, y) and re-tracks the span around it. */
    void setKeyframe(String point, double x, double y);

    /** Leaves the point out of the current edit, or uses it again. */
    void toggleRemoved(String point);

    /** Records the current edit's drag of a point (propagated to every frame when shown). */
    void putEditDrag(PointDrag drag);

    /** A name no point has yet, to offer when adding one. */
    String suggestName();

    /** Tells the user something in the editor's status line. */
    void status(String message);
}
