package io.vswap.eval.api;

import java.util.List;
import java.util.Optional;

/**
 * Every metric's outcome for one edit.
 *
 * @param label the edit in words (a render's name)
 * @param frames how many frames were compared
 * @param maskOrigin where the subject masks came from, or "" without masks
 * @param notes what the reader should know of the inputs ({@link EvaluationInput#notes()})
 * @param measurements one per metric, in the metrics' id order
 */
public record Evaluation(String label, int frames, String maskOrigin, List<String> notes,
        List<Measurement> measurements) {

    public Evaluation {
        notes = List.copyOf(notes);
        measurements = List.copyOf(measurements);
    }

    /** The measurement of metric {@code id}, if it ran or was listed. */
    public Optional<Measurement> measurement(String id) {
        return measurements.stream().filter(m -> m.metric().equals(id)).findFirst();
    }
}
