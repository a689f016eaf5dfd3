package io.vswap.swap.api;

import java.util.List;
import java.util.Optional;

import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * What an edit produced.
 *
 * @param frames the edited clip, frame for frame (none for {@link EditMethod#prepare})
 * @param report what the method reports of the run, typed
 * @param subjectMasks where the method put the subject, the source's and the result's together, per
 *        frame at the method's own resolution (VideoSwap: the latent blend's union of the subject word's
 *        attention masks), or empty where the method does not say; evaluation measures the background
 *        outside it
 */
public record EditResult(List<RgbFrame> frames, EditReport report, Optional<FrameMasks> subjectMasks) {

    public EditResult {
        frames = List.copyOf(frames);
        if (report == null) {
            throw new IllegalArgumentException("an edit result needs a report (EditReport.empty() for none)");
        }
        if (subjectMasks.isPresent() && subjectMasks.get().frames() != frames.size()) {
            throw new IllegalArgumentException("subject masks for " + subjectMasks.get().frames() + " frames do not fit "
                    + frames.size() + " edited frames");
        }
    }

    /** A result whose method does not say where the subject is. */
    public EditResult(List<RgbFrame> frames, EditReport report) {
        this(frames, report, Optional.empty());
    }
}
