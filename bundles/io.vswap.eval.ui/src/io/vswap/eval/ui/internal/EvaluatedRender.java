package io.vswap.eval.ui.internal;

import java.util.List;

import org.eclipse.swt.graphics.ImageData;

import io.vswap.eval.api.Evaluation;

/** A render as the views show it: its frames and its source's, as images, and every metric's outcome. */
public record EvaluatedRender(RenderChoice choice, List<ImageData> source, List<ImageData> result,
        Evaluation evaluation) {

    public EvaluatedRender {
        source = List.copyOf(source);
        result = List.copyOf(result);
    }
}
