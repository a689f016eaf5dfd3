package io.vswap.swap.ui.internal.editor;

import io.vswap.ui.api.ClipEditorInput;
import io.vswap.ui.api.ClipRef;

/** A clip opened for subject swapping ("Swap Subject" on a clip already open brings its editor to the front). */
public final class SwapEditorInput extends ClipEditorInput {

    public SwapEditorInput(ClipRef clip) {
        super(clip, "Swap");
    }
}
