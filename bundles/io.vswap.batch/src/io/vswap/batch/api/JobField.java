package io.vswap.batch.api;

import java.util.Locale;

/**
 * One field of a job type, declared once: {@code vswap batch --describe TYPE}, the spec's check
 * for unknown fields and the job reference in the docs come from these declarations.
 *
 * @param name the field's name in a spec ({@code steps})
 * @param kind what it holds
 * @param required true when a job must give it
 * @param defaultValue what an absent field means, in words or as a value ({@code 50}, {@code the clip's});
 *        empty for a required field
 * @param doc one line: what it does
 * @param min the smallest number it takes, or null
 * @param max the largest number it takes, or null
 */
public record JobField(String name, Kind kind, boolean required, String defaultValue, String doc, Double min,
        Double max) {

    /** What a field holds, as a spec writes it. */
    public enum Kind {
        TEXT, INTEGER, DECIMAL, BOOLEAN, PATH, NAMES, OBJECT;

        /** The kind as {@code --describe} shows it. */
        public String shown() {
            return switch (this) {
            case NAMES -> "[names]";
            case OBJECT -> "{…}";
            default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }

    public JobField {
        if (name == null || name.isBlank() || kind == null || doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("a job field needs a name, a kind and a line of doc");
        }
        defaultValue = defaultValue == null ? "" : defaultValue;
    }

    public static JobField required(String name, Kind kind, String doc) {
        return new JobField(name, kind, true, "", doc, null, null);
    }

    public static JobField optional(String name, Kind kind, String defaultValue, String doc) {
        return new JobField(name, kind, false, defaultValue, doc, null, null);
    }

    /** The range in words ({@code 1 to 1000}, {@code at least 0}), empty when unbounded. */
    public String range() {
        java.util.function.Function<Double, String> f = x -> kind == Kind.INTEGER || x == Math.rint(x)
                ? Long.toString(x.longValue()) : Double.toString(x);
        if (min != null && max != null) {
            return f.apply(min) + " to " + f.apply(max);
        }
        return min != null ? "at least " + f.apply(min) : max != null ? "at most " + f.apply(max) : "";
    }
}
