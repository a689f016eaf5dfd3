package io.vswap.swap.ui.internal.editor;

import io.vswap.ui.internal.jobs.ClipEditorInput;
import io.vswap.ui.internal.jobs.ClipRef;

/** A clip opened for subject swapping ("Swap Subject" on a clip already open brings its editor to the front). */
public final class SwapEditorInput extends ClipEditorInput {

    public SwapEditorInput(ClipRef clip) {
        super(clip, "Swap");
    }
}
