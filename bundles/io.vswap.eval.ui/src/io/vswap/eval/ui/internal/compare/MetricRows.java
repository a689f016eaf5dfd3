package io.vswap.eval.ui.internal.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.Metric;
import io.vswap.eval.ui.internal.MetricValues;

/** A render's metric rows under its player: each clip value, "best" where it beats the other renders. */
final class MetricRows {

    private MetricRows() {
    }

    static String of(Evaluation e, List<Evaluation> all) {
        List<String> rows = new ArrayList<>();
        for (Measurement m : e.measurements()) {
            String row = MetricValues.line(m);
            if (all.size() > 1 && m.result().isPresent() && isBest(m, all)) {
                row += "  (best)";
            }
            rows.add(row);
        }
        return String.join("\n", rows);
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
