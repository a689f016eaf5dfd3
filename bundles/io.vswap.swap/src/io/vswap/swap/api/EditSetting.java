package io.vswap.swap.api;

import java.util.Locale;

/**
 * One setting an {@link EditMethod} takes, described so that the workbench can show a field for
 * it and a batch spec can carry it as text, without knowing the method.
 *
 * @param name the key in {@link EditRequest#settings()} and in batch specs ({@code guidanceScale})
 * @param kind how the value is typed
 * @param defaultValue an {@link Integer}, {@link Double}, {@link Boolean} or {@link String} as {@code kind} says
 * @param description one line for a tooltip or {@code --help}
 */
public record EditSetting(String name, Kind kind, Object defaultValue, String description) {

    /** The value types a setting can have. */
    public enum Kind {
        INTEGER, DECIMAL, BOOLEAN, TEXT
    }

    public EditSetting {
        if (name == null || name.isBlank() || kind == null || description == null) {
            throw new IllegalArgumentException("a setting needs a name, a kind and a description");
        }
        defaultValue = coerce(name, kind, defaultValue);
    }

    /** {@code value} as this setting's type (a batch spec's text, or a number of another width). */
    public Object coerce(Object value) {
        return coerce(name, kind, value);
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
}
