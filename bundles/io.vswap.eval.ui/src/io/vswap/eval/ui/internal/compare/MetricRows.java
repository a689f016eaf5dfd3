package io.vswap.eval.ui.internal.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.Metric;
import io.vswap.eval.ui.internal.MetricValues;

/**
 * A render's metric rows under its player: each clip value, "best" where it beats the other renders;
 * the metrics that could not measure named in one line (a reason each would crowd the players).
 */
final class MetricRows {

    private MetricRows() {
    }

    /** A row per measured metric, then one line naming those that could not measure (the reasons: {@link #why}). */
    static String of(Evaluation e, List<Evaluation> all) {
        List<String> rows = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (Measurement m : e.measurements()) {
            if (m.result().isEmpty()) {
                unavailable.add(m.label());
                continue;
            }
            String row = MetricValues.line(m);
            if (all.size() > 1 && isBest(m, all)) {
                row += "  (best)";
            }
            rows.add(row);
        }
        if (!unavailable.isEmpty()) {
            rows.add("Not measured: " + String.join(", ", unavailable));
        }
        return String.join("\n", rows);
    }

    /** Why each metric that could not measure did not, a line each; empty when all measured. */
    static String why(Evaluation e) {
        return String.join("\n", e.measurements().stream().filter(m -> m.result().isEmpty()).map(MetricValues::line)
                .toList());
    }

    /** Whether {@code m}'s clip value is the best of all renders' (ties count for each). */
    private static boolean isBest(Measurement m, List<Evaluation> all) {
        double v = m.result().get().summary();
        if (Double.isNaN(v)) {
            return false;
        }
        for (Evaluation other : all) {
            Optional<Measurement> o = other.measurement(m.metric()).filter(x -> x.result().isPresent());
            if (o.isPresent()) {
                double w = o.get().result().get().summary();
                boolean better = m.direction() == Metric.Direction.HIGHER_IS_BETTER ? w > v : w < v;
                if (better) {
                    return false;
                }
            }
        }
        return true;
    }
}
