package io.vswap.batch.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One field of a job type, declared once: {@code vswap batch --describe TYPE}, the spec's check
 * for unknown fields, the job reference in the docs ({@code vswap batch --reference}) and the
 * reading of the value (its kind, its range and its default: {@link #integer(JobSpec)} …) come
 * from these declarations.
 *
 * @param name the field's name in a spec ({@code steps})
 * @param kind what it holds
 * @param required true when a job must give it
 * @param defaultValue what an absent field means, in words or as a value ({@code 50}, {@code the clip's});
 *        empty for a required field
 * @param doc one line: what it does
 * @param min the smallest number it takes, or null
 * @param max the largest number it takes, or null
 * @param value the default as a value ({@link Integer}, {@link Double} or {@link Boolean}) when there is
 *        one, for {@link #integer}, {@link #decimal} and {@link #bool}; null when the default is in words
 */
public record JobField(String name, Kind kind, boolean required, String defaultValue, String doc, Double min,
        Double max, Object value) {

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
        if (value != null && !(value instanceof Integer || value instanceof Double || value instanceof Boolean)) {
            throw new IllegalArgumentException(name + ": a default value is an Integer, a Double or a Boolean");
        }
    }

    /** A field whose default is in words (or that has none). */
    public JobField(String name, Kind kind, boolean required, String defaultValue, String doc, Double min,
            Double max) {
        this(name, kind, required, defaultValue, doc, min, max, null);
    }

    public static JobField required(String name, Kind kind, String doc) {
        return new JobField(name, kind, true, "", doc, null, null);
    }

    public static JobField optional(String name, Kind kind, String defaultValue, String doc) {
        return new JobField(name, kind, false, defaultValue, doc, null, null);
    }

    /** An optional whole number with a default. */
    public static JobField integer(String name, int defaultValue, String doc) {
        return new JobField(name, Kind.INTEGER, false, Integer.toString(defaultValue), doc, null, null, defaultValue);
    }

    /** An optional number with a default. */
    public static JobField decimal(String name, double defaultValue, String doc) {
        return new JobField(name, Kind.DECIMAL, false, Double.toString(defaultValue), doc, null, null, defaultValue);
    }

    /** An optional yes/no with a default. */
    public static JobField flag(String name, boolean defaultValue, String doc) {
        return new JobField(name, Kind.BOOLEAN, false, Boolean.toString(defaultValue), doc, null, null, defaultValue);
    }

    /** This field taking only {@code min..max} (either may be null: unbounded on that side). */
    public JobField within(Number min, Number max) {
        return new JobField(name, kind, required, defaultValue, doc, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), value);
    }

    /** The value as a whole number in range; empty when the spec leaves it out. */
    public OptionalInt optInteger(JobSpec spec) throws SpecException {
        OptionalInt v = spec.optInt(name);
        if (v.isPresent()) {
            checkRange(spec, v.getAsInt());
        } else if (required) {
            throw missing(spec);
        }
        return v;
    }

    /** The value as a whole number in range, or the declared default (a number) when left out. */
    public int integer(JobSpec spec) throws SpecException {
        OptionalInt v = optInteger(spec);
        return v.isPresent() ? v.getAsInt() : ((Number) declaredValue()).intValue();
    }

    /** The value as a number in range; empty when the spec leaves it out. */
    public OptionalDouble optDecimal(JobSpec spec) throws SpecException {
        OptionalDouble v = spec.optNumber(name);
        if (v.isPresent()) {
            checkRange(spec, v.getAsDouble());
        } else if (required) {
            throw missing(spec);
        }
        return v;
    }

    /** The value as a number in range, or the declared default (a number) when left out. */
    public double decimal(JobSpec spec) throws SpecException {
        OptionalDouble v = optDecimal(spec);
        return v.isPresent() ? v.getAsDouble() : ((Number) declaredValue()).doubleValue();
    }

    /** The value, or the declared default ({@code true}/{@code false}) when left out. */
    public boolean bool(JobSpec spec) throws SpecException {
        Optional<Boolean> v = spec.optBoolean(name);
        return v.isPresent() ? v.get() : (Boolean) declaredValue();
    }

    /** The text; a required field missing is an error naming its doc. */
    public Optional<String> optText(JobSpec spec) throws SpecException {
        Optional<String> v = spec.optString(name);
        if (v.isEmpty() && required) {
            throw missing(spec);
        }
        return v;
    }

    /** The text of a required field, or of an optional one whose declared default is a text value ({@code "shipped"}). */
    public String text(JobSpec spec) throws SpecException {
        return optText(spec).orElse(defaultValue);
    }

    /** A file or folder (relative to the spec's folder); a required field missing is an error naming its doc. */
    public Optional<Path> optPath(JobSpec spec) throws SpecException {
        Optional<Path> v = spec.optPath(name);
        if (v.isEmpty() && required) {
            throw missing(spec);
        }
        return v;
    }

    /** The path of a required field. */
    public Path path(JobSpec spec) throws SpecException {
        return optPath(spec).orElseThrow(() -> new IllegalStateException(name + " is optional: use optPath"));
    }

    private void checkRange(JobSpec spec, double v) throws SpecException {
        if ((min != null && v < min) || (max != null && v > max)) {
            String shown = kind == Kind.INTEGER || v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
            throw spec.error(name, "must be " + range() + ", not " + shown);
        }
    }

    private SpecException missing(JobSpec spec) {
        return spec.error(name, "is missing: " + doc);
    }

    private Object declaredValue() {
        if (value == null) {
            throw new IllegalStateException(name + ": no default value is declared (\"" + defaultValue
                    + "\"); read it with the optional accessor");
        }
        return value;
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
