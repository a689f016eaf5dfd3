package io.vswap.swap.api;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;

/**
 * One setting an {@link EditMethod} takes, described so that the workbench can show a field for
 * it and a batch spec can carry it as text, without knowing the method.
 *
 * @param name the key in {@link EditRequest#settings()} and in batch specs ({@code guidanceScale})
 * @param kind how the value is typed
 * @param defaultValue an {@link Integer}, {@link Double}, {@link Boolean} or {@link String} as {@code kind} says
 * @param description one line for a tooltip or {@code --help}
 * @param min the smallest value taken (numbers only; null: no bound)
 * @param max the largest value taken (numbers only; null: no bound)
 * @param label the setting in words for a form ({@code Guidance scale}); the name when not given
 * @param group the stage it belongs to, under which a form shows it ({@code Registration}):
 *        {@link #MAIN} for what an editor decides first (the seed), {@link #OTHER} when not given
 */
public record EditSetting(String name, Kind kind, Object defaultValue, String description, Double min, Double max,
        String label, String group) {

    /** The group of the settings a form shows with the edit's own choices, outside the advanced ones. */
    public static final String MAIN = "Main";

    /** The group of a setting that names none. */
    public static final String OTHER = "Other";

    /** The value types a setting can have. */
    public enum Kind {
        INTEGER, DECIMAL, BOOLEAN, TEXT
    }

    public EditSetting {
        if (name == null || name.isBlank() || kind == null || description == null) {
            throw new IllegalArgumentException("a setting needs a name, a kind and a description");
        }
        defaultValue = checked(name, kind, coerce(name, kind, defaultValue), min, max);
        label = label == null || label.isBlank() ? name : label;
        group = group == null || group.isBlank() ? OTHER : group;
    }

    /** A setting named only by its key, in the {@link #OTHER} group. */
    public EditSetting(String name, Kind kind, Object defaultValue, String description, Double min, Double max) {
        this(name, kind, defaultValue, description, min, max, null, null);
    }

    /** A setting with no bounds but that a decimal is finite. */
    public EditSetting(String name, Kind kind, Object defaultValue, String description) {
        this(name, kind, defaultValue, description, null, null);
    }

    /**
     * Every setting of a method by name, in the settings' order: its default, or the value
     * {@code given} names (typed or text, {@link #coerce coerced} and checked). A name none of the
     * settings has is refused, naming the method and its settings.
     *
     * @param method the method's name in the message ({@code COVE})
     */
    public static java.util.Map<String, Object> values(java.util.List<EditSetting> settings,
            java.util.Map<String, ?> given, String method) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        settings.forEach(s -> out.put(s.name(), s.defaultValue()));
        given.forEach((k, x) -> {
            EditSetting s = settings.stream().filter(e -> e.name().equals(k)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(method + " has no setting '" + k + "' (it has " + out.keySet() + ")"));
            out.put(k, s.coerce(x));
        });
        return out;
    }

    /** This setting with {@code words} as its label, shown in {@code stage}'s group. */
    public EditSetting shown(String words, String stage) {
        return new EditSetting(name, kind, defaultValue, description, min, max, words, stage);
    }

    /** This setting with another default (a model's recommendation) and description; label and group kept. */
    public EditSetting withDefault(Object value, String newDescription) {
        return new EditSetting(name, kind, value, newDescription, min, max, label, group);
    }

    /**
     * {@code value} as this setting's type (a batch spec's text, or a number of another width),
     * checked: a decimal is finite, a number lies within {@link #min()}..{@link #max()}.
     *
     * @throws IllegalArgumentException naming the setting, the value and the range
     */
    public Object coerce(Object value) {
        return checked(name, kind, coerce(name, kind, value), min, max);
    }

    private static Object checked(String name, Kind kind, Object v, Double min, Double max) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("setting '" + name + "' needs a finite number, not " + v);
            }
            if ((min != null && d < min) || (max != null && d > max)) {
                throw new IllegalArgumentException("setting '" + name + "' is " + v + "; it takes " + range(kind, min, max));
            }
        }
        return v;
    }

    private static String range(Kind kind, Double min, Double max) {
        java.util.function.DoubleFunction<String> f = x -> kind == Kind.INTEGER ? Long.toString((long) x)
                : Double.toString(x);
        if (min != null && max != null) {
            return "values from " + f.apply(min) + " to " + f.apply(max);
        }
        return min != null ? "values of at least " + f.apply(min) : "values of at most " + f.apply(max);
    }

    private static Object coerce(String name, Kind kind, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("setting '" + name + "' has no value");
        }
        try {
            return switch (kind) {
            case INTEGER -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? Integer.valueOf(Math.toIntExact(n.longValue()))
                    : Integer.valueOf(Integer.parseInt(value.toString().trim()));
            case DECIMAL -> value instanceof Number n ? Double.valueOf(n.doubleValue())
                    : Double.valueOf(Double.parseDouble(value.toString().trim()));
            case BOOLEAN -> value instanceof Boolean b ? b : parseBoolean(name, value.toString());
            case TEXT -> value.toString();
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("setting '" + name + "' needs " + kind.name().toLowerCase(Locale.ROOT)
                    + " value, not '" + value + "'");
        }
    }

    private static Boolean parseBoolean(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes") || t.equals("on")) {
            return Boolean.TRUE;
        }
        if (t.equals("false") || t.equals("no") || t.equals("off")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("setting '" + name + "' needs true or false, not '" + text + "'");
    }

    /**
     * This setting as a field of a batch job ({@code vswap batch --describe}, the job reference),
     * with {@code defaultWords} as its default when the value shown is not simply the method's.
     */
    public JobField jobField(String defaultWords) {
        JobField.Kind k = switch (kind) {
        case INTEGER -> JobField.Kind.INTEGER;
        case DECIMAL -> JobField.Kind.DECIMAL;
        case BOOLEAN -> JobField.Kind.BOOLEAN;
        case TEXT -> JobField.Kind.TEXT;
        };
        Object typed = defaultValue instanceof String ? null : defaultValue;
        return new JobField(name, k, false, defaultWords, description, min, max, typed);
    }

    /** {@link #jobField(String)} with the method's default shown. */
    public JobField jobField() {
        return jobField(String.valueOf(defaultValue));
    }

    /**
     * The value a batch job gives this setting, typed and checked ({@link #coerce}); a number or a
     * yes/no may also be written as text ({@code "4"}).
     *
     * @throws SpecException naming the field when the value does not fit
     */
    public Object read(JobSpec spec) throws SpecException {
        try {
            Object raw = switch (kind) {
            case INTEGER, DECIMAL -> {
                OptionalDouble n = tryNumber(spec);
                yield n.isPresent() ? (Object) n.getAsDouble() : spec.string(name);
            }
            case BOOLEAN -> {
                Optional<Boolean> b = tryBoolean(spec);
                yield b.isPresent() ? (Object) b.get() : spec.string(name);
            }
            case TEXT -> spec.string(name);
            };
            return coerce(raw);
        } catch (IllegalArgumentException e) {
            throw spec.error(name, e.getMessage());
        }
    }

    private OptionalDouble tryNumber(JobSpec spec) {
        try {
            return spec.optNumber(name);
        } catch (SpecException e) {
            return OptionalDouble.empty(); // e.g. "4" as text: coerced below
        }
    }

    private Optional<Boolean> tryBoolean(JobSpec spec) {
        try {
            return spec.optBoolean(name);
        } catch (SpecException e) {
            return Optional.empty();
        }
    }
}
