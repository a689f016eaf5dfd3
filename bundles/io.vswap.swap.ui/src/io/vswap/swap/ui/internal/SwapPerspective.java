package io.vswap.swap.ui.internal;

import io.vswap.ui.api.ClipEditorPerspective;

/**
 * Swapping: the Swap editor gets most of the window (its form, the compare player and the history
 * side by side need the width), the project tree a narrow left column.
 */
public class SwapPerspective extends ClipEditorPerspective {

    public SwapPerspective() {
        super("io.vswap.swap.ui.bottom", 0.14f, 0.86f);
    }
}
