package io.vswap.swap.api;

import java.util.List;
import java.util.Map;

import io.vswap.video.api.RgbFrame;

/**
 * What an edit produced.
 *
 * @param frames the edited clip, frame for frame
 * @param report figures worth keeping with the render ({@code registration.finalLoss}, {@code elapsed.afterEdit}
 *        in seconds, …), as text
 */
public record EditResult(List<RgbFrame> frames, Map<String, String> report) {

    public EditResult {
        frames = List.copyOf(frames);
        report = Map.copyOf(report);
    }
}
