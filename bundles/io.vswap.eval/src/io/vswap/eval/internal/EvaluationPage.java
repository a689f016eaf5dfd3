package io.vswap.eval.internal;

import java.util.List;
import java.util.Locale;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricResult;

/** The evaluation as one HTML page that needs nothing else: the summary table, then each edit's charts. */
final class EvaluationPage {

    private static final int CHART_W = 360;
    private static final int CHART_H = 120;

    private EvaluationPage() {
    }

    static String html(List<Evaluation> evaluations) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evaluation</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child")
                .append("{text-align:left}.na{color:#999}.charts{display:flex;flex-wrap:wrap;gap:1em}")
                .append("figure{margin:0}figcaption{font-size:90%}.notes{font-size:85%;color:#555}</style></head><body>\n");
        b.append("<h1>Evaluation</h1>\n");
        List<Measurement> columns = evaluations.isEmpty() ? List.of() : evaluations.get(0).measurements();
        b.append("<table><tr><th>edit</th><th>frames</th>");
        for (Measurement m : columns) {
            b.append("<th title=\"").append(escape(m.direction().words())).append("\">").append(escape(m.label()))
                    .append(m.unit().isEmpty() ? "" : " (" + escape(m.unit()) + ")")
                    .append(m.direction() == Metric.Direction.HIGHER_IS_BETTER ? " ↑" : " ↓").append("</th>");
        }
        b.append("</tr>\n");
        for (Evaluation e : evaluations) {
            b.append("<tr><td><a href=\"#").append(anchor(e)).append("\">").append(escape(e.label())).append("</a></td><td>")
                    .append(e.frames()).append("</td>");
            for (Measurement c : columns) {
                Measurement m = e.measurement(c.metric()).orElse(null);
                if (m == null || m.result().isEmpty()) {
                    b.append("<td class=\"na\" title=\"").append(m == null ? "" : escape(m.unavailable()))
                            .append("\">—</td>");
                } else {
                    b.append("<td>").append(format(m.result().get().summary())).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<p class=\"notes\">↑ higher is better, ↓ lower is better; — the metric could not measure "
                + "that edit (the reason is under the edit).</p>\n");
        for (Evaluation e : evaluations) {
            b.append("<h2 id=\"").append(anchor(e)).append("\">").append(escape(e.label())).append("</h2>\n");
            if (!e.maskOrigin().isEmpty()) {
                b.append("<p class=\"notes\">Subject masks: ").append(escape(e.maskOrigin())).append("</p>\n");
            }
            for (String n : e.notes()) {
                b.append("<p class=\"notes\"><b>Note:</b> ").append(escape(n)).append("</p>\n");
            }
            b.append("<div class=\"charts\">\n");
            for (Measurement m : e.measurements()) {
                b.append("<figure><figcaption><b>").append(escape(m.label())).append("</b>");
                if (m.result().isEmpty()) {
                    b.append(" — not measured: ").append(escape(m.unavailable())).append("</figcaption></figure>\n");
                    continue;
                }
                MetricResult r = m.result().get();
                b.append(": ").append(format(r.summary())).append(' ').append(escape(m.unit())).append(" (")
                        .append(m.direction().words()).append(")</figcaption>\n").append(chart(r.perFrame()));
                for (String n : r.notes()) {
                    b.append("<div class=\"notes\">").append(escape(n)).append("</div>\n");
                }
                b.append("</figure>\n");
            }
            b.append("</div>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    /** The per-frame values as an SVG line (frames left to right), its range written at the left. */
    static String chart(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        StringBuilder b = new StringBuilder("<svg width=\"" + CHART_W + "\" height=\"" + CHART_H
                + "\" style=\"background:#fafafa;border:1px solid #ddd\">");
        if (lo > hi) {
            return b.append("<text x=\"8\" y=\"20\">no values</text></svg>\n").toString();
        }
        double span = hi > lo ? hi - lo : 1;
        int left = 48;
        int pad = 10;
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                pen = false; // a frame without a value breaks the line
                continue;
            }
            double x = left + (v.length == 1 ? 0 : i * (CHART_W - left - pad) / (double) (v.length - 1));
            double y = pad + (hi - v[i]) / span * (CHART_H - 2 * pad);
            path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1565c0\"><title>frame %d: %s"
                    + "</title></circle>", x, y, i, format(v[i])));
            pen = true;
        }
        b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1565c0\"/>");
        b.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" font-size=\"10\">%s</text>", pad + 4, format(hi)));
        b.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" font-size=\"10\">%s</text>", CHART_H - pad, format(lo)));
        return b.append("</svg>\n").toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String anchor(Evaluation e) {
        return "e-" + Integer.toHexString(e.label().hashCode());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
