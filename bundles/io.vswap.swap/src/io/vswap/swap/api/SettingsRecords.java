package io.vswap.swap.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A method's settings as a record whose components are named as its {@link EditSetting}s, read from
 * and written to the values an {@link EditRequest} carries: one reading for every method (each had
 * written its own list of casts).
 */
public final class SettingsRecords {

    private SettingsRecords() {
    }

    /**
     * A {@code type} record of {@link EditSetting#values}: the settings' defaults overridden by
     * {@code given} (typed or text, checked); a name none of the settings has is refused naming
     * {@code method}; the record's own checks run as it is made.
     */
    public static <R extends Record> R of(Class<R> type, List<EditSetting> settings, Map<String, ?> given,
            String method) {
        Map<String, Object> v = EditSetting.values(settings, given, method);
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (!v.containsKey(components[i].getName())) {
                throw new IllegalStateException(method + " has no setting for " + type.getSimpleName() + "."
                        + components[i].getName());
            }
            args[i] = as(types[i], v.get(components[i].getName()));
        }
        try {
            Constructor<R> c = type.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // the record's own check, in its words
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " cannot be made from its settings: " + e, e);
        }
    }

    /** {@code settings}' values by component name, in component order (a {@code long} as an int, the settings' kind). */
    public static Map<String, Object> values(Record settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            try {
                Object x = c.getAccessor().invoke(settings);
                out.put(c.getName(), x instanceof Long l ? (Object) Math.toIntExact(l) : x);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static Object as(Class<?> type, Object value) {
        if (type == long.class) {
            return ((Number) value).longValue();
        }
        if (type == int.class) {
            return ((Number) value).intValue();
        }
        if (type == double.class) {
            return ((Number) value).doubleValue();
        }
        return value;
    }
}
