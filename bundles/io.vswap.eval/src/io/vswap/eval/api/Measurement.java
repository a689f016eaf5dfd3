package io.vswap.eval.api;

import java.util.Optional;

/**
 * One metric's outcome for one edit: its values, or why it could not measure.
 *
 * @param metric the metric's id
 * @param label its name for people
 * @param unit its unit ("" for a plain number)
 * @param direction which way is better
 * @param result the values, or empty when unavailable
 * @param unavailable why not, in words ("needs subject masks …"), or "" when measured
 */
public record Measurement(String metric, String label, String unit, Metric.Direction direction,
        Optional<MetricResult> result, String unavailable) {

    public Measurement {
        if (result.isPresent() == !unavailable.isEmpty()) {
            throw new IllegalArgumentException("a measurement has values or a reason, one of them");
        }
    }

    public static Measurement of(Metric m, MetricResult r) {
        return new Measurement(m.id(), m.label(), m.unit(), m.direction(), Optional.of(r), "");
    }

    public static Measurement unavailable(Metric m, String why) {
        return new Measurement(m.id(), m.label(), m.unit(), m.direction(), Optional.empty(), why);
    }
}
