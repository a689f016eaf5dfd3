package io.vswap.points.ui.internal.editor;

import io.vswap.ui.api.ClipEditorInput;
import io.vswap.ui.api.ClipRef;

/** A clip opened for point annotation ("Edit Points" on a clip already open brings its editor to the front). */
public final class PointEditorInput extends ClipEditorInput {

    public PointEditorInput(ClipRef clip) {
        super(clip, "Points");
    }
}
