package io.vswap.eval.api;

import java.util.Arrays;
import java.util.List;

/**
 * A metric's values for one clip.
 *
 * @param perFrame one value per frame, {@code NaN} where the frame has none (a temporal metric's
 *        first frame: its value at {@code t} is of the pair {@code t-1, t}; a frame with no background)
 * @param summary the clip's value (the mean of the frames' values unless the metric says otherwise)
 * @param notes what a reader should know of these values (e.g. "3 frames have no background"),
 *        never a silent caveat
 */
public record MetricResult(double[] perFrame, double summary, List<String> notes) {

    public MetricResult {
        perFrame = perFrame.clone();
        notes = List.copyOf(notes);
    }

    @Override
    public double[] perFrame() {
        return perFrame.clone();
    }

    /** The mean of the defined per-frame values as the summary; NaN when none is. */
    public static MetricResult meanOf(double[] perFrame, List<String> notes) {
        double[] defined = Arrays.stream(perFrame).filter(v -> !Double.isNaN(v)).toArray();
        return new MetricResult(perFrame, defined.length == 0 ? Double.NaN : Arrays.stream(defined).average().orElseThrow(),
                notes);
    }

    /** How many frames have a value. */
    public int definedFrames() {
        return (int) Arrays.stream(perFrame).filter(v -> !Double.isNaN(v)).count();
    }
}
