package io.vswap.swap.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A quality/speed preset of an {@link EditMethod} (Draft, Standard, Final): a set of setting
 * values that an editor picks by name instead of reading the settings one by one. Its values
 * follow from the defaults in force (the method's, or the model's recommendation), so that a
 * preset means the same trade on every model: "half the steps" rather than "25 steps".
 *
 * @param name the preset's name in a form and in batch specs ({@code Draft})
 * @param description one line for a tooltip: what it trades
 * @param fromDefaults given every setting's default by name, the values this preset sets (the
 *        settings it leaves out stay at their defaults)
 */
public record EditPreset(String name, String description, UnaryOperator<Map<String, Object>> fromDefaults) {

    public EditPreset {
        if (name == null || name.isBlank() || description == null || fromDefaults == null) {
            throw new IllegalArgumentException("a preset needs a name, a description and its values");
        }
    }

    /**
     * Every setting's value under this preset: {@code defaults} with this preset's values over them.
     *
     * @param defaults every setting's default by name (a model's recommendations included)
     */
    public Map<String, Object> values(Map<String, Object> defaults) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        out.putAll(fromDefaults.apply(Map.copyOf(defaults)));
        return out;
    }
}
