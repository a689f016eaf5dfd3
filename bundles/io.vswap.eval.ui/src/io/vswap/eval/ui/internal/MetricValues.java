package io.vswap.eval.ui.internal;

import java.util.Locale;

import io.vswap.eval.api.Measurement;

/** A metric's value as the views write it: four significant digits, "—" for none. */
public final class MetricValues {

    private MetricValues() {
    }

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        // "31.20" and "0.9500": the trailing zeros of %g say nothing
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** "Background PSNR 31.2 dB", or "Background PSNR — (needs …)" for a metric that could not measure. */
    public static String line(Measurement m) {
        if (m.result().isEmpty()) {
            return m.label() + ": — (" + m.unavailable() + ")";
        }
        String unit = m.unit().isEmpty() ? "" : " " + m.unit();
        return m.label() + ": " + format(m.result().get().summary()) + unit;
    }
}
