package io.vswap.eval.ui.internal;

import io.vswap.ui.api.ClipEditorPerspective;

/**
 * Comparing renders: the Compare editor gets most of the window (its players side by side need the
 * width), the project tree a narrow left column; the Evaluation view opens below the editor.
 */
public class EvaluationPerspective extends ClipEditorPerspective {

    public EvaluationPerspective() {
        super("io.vswap.eval.ui.bottom", 0.14f, 0.86f);
    }
}
