package io.vswap.swap.api;

import java.util.List;

import io.vswap.video.api.RgbFrame;

/**
 * What an edit produced.
 *
 * @param frames the edited clip, frame for frame (none for {@link EditMethod#prepare})
 * @param report what the method reports of the run, typed
 */
public record EditResult(List<RgbFrame> frames, EditReport report) {

    public EditResult {
        frames = List.copyOf(frames);
        if (report == null) {
            throw new IllegalArgumentException("an edit result needs a report (EditReport.empty() for none)");
        }
    }
}
