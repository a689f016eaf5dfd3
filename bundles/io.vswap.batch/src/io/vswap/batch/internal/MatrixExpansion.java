package io.vswap.batch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.batch.api.SpecException;

/**
 * A job's {@code "matrix"}: {@code {"shot": [...], "target": ["disc", "ring"]}} stands for one task
 * per combination of the axes' values. A value that is an object gives several fields at once
 * ({@code {"shot": "s01", "prompt": "a red star", "subject": "star"}}); any other value sets the
 * field the axis is named after. A field may come from the job or from one axis, never from two
 * places (a silent override would be a wrong task). The first axis varies fastest.
 */
record MatrixExpansion(List<SpecJob.Axis> axes, List<Combination> combinations) {

    static final String FIELD = "matrix";
    private static final Pattern AXIS_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    /** One task's job object and where it comes from. */
    record Combination(List<Integer> ordinals, Map<String, String> labels, JsonObject job) {
        /** {@code " (matrix shot=s01, target=disc)"}, or empty for a job without matrix. */
        String describe() {
            if (labels.isEmpty()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=" + v));
            return " (matrix " + String.join(", ", parts) + ")";
        }
    }

    static MatrixExpansion of(JsonObject job, String where) throws SpecException {
        if (!job.has(FIELD)) {
            return new MatrixExpansion(List.of(), List.of(new Combination(List.of(), Map.of(), job)));
        }
        JsonElement m = job.get(FIELD);
        String at = where + "." + FIELD;
        if (!m.isJsonObject() || m.getAsJsonObject().isEmpty()) {
            throw new SpecException(at, "expected an object of lists, e.g. {\"target\": [\"disc\", \"ring\"]}, got " + m);
        }
        JsonObject base = job.deepCopy();
        base.remove(FIELD);
        List<String> names = new ArrayList<>();
        List<JsonArray> values = new ArrayList<>();
        List<SpecJob.Axis> axes = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : m.getAsJsonObject().entrySet()) {
            String name = e.getKey();
            if (!AXIS_NAME.matcher(name).matches()) {
                throw new SpecException(at + "." + name, "an axis name is a letter then letters, digits or '_' (at most 32)");
            }
            if (!e.getValue().isJsonArray() || e.getValue().getAsJsonArray().isEmpty()) {
                throw new SpecException(at + "." + name, "expected a non-empty list of values, got " + e.getValue());
            }
            JsonArray list = e.getValue().getAsJsonArray();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonElement v = list.get(i);
                String field = at + "." + name + "[" + i + "]";
                if (v.isJsonObject()) {
                    for (String f : v.getAsJsonObject().keySet()) {
                        if (base.has(f) || f.equals("type") || f.equals(FIELD)) {
                            throw new SpecException(field + "." + f, "is given both here and in the job; give it in one place");
                        }
                    }
                } else if (base.has(name)) {
                    throw new SpecException(field, "sets \"" + name + "\", which the job gives too; give it in one place");
                } else if (v.isJsonNull()) {
                    throw new SpecException(field, "is null; give a value");
                }
                labels.add(label(name, v, i));
            }
            if (new java.util.HashSet<>(labels).size() != labels.size()) {
                throw new SpecException(at + "." + name, "two values have the same label " + labels
                        + "; give each object a distinct \"" + name + "\" or \"name\"");
            }
            names.add(name);
            values.add(list);
            axes.add(new SpecJob.Axis(name, labels));
        }
        // fields two axes both set would depend on the order of the axes
        for (int a = 0; a < values.size(); a++) {
            for (int b = a + 1; b < values.size(); b++) {
                for (String f : fields(names.get(a), values.get(a))) {
                    if (fields(names.get(b), values.get(b)).contains(f)) {
                        throw new SpecException(at, "the axes \"" + names.get(a) + "\" and \"" + names.get(b)
                                + "\" both set \"" + f + "\"; give it in one of them");
                    }
                }
            }
        }
        List<Combination> out = new ArrayList<>();
        int total = 1;
        for (JsonArray v : values) {
            total = Math.multiplyExact(total, v.size());
            if (total > BatchSpec.MAX_TASKS) {
                throw new SpecException(at, "expands to more than " + BatchSpec.MAX_TASKS + " tasks; split the spec");
            }
        }
        for (int n = 0; n < total; n++) {
            JsonObject task = base.deepCopy();
            List<Integer> ordinals = new ArrayList<>();
            Map<String, String> labels = new LinkedHashMap<>();
            int rest = n;
            for (int a = 0; a < values.size(); a++) {
                int i = rest % values.get(a).size();
                rest /= values.get(a).size();
                JsonElement v = values.get(a).get(i);
                if (v.isJsonObject()) {
                    v.getAsJsonObject().entrySet().forEach(f -> task.add(f.getKey(), f.getValue().deepCopy()));
                } else {
                    task.add(names.get(a), v.deepCopy());
                }
                ordinals.add(i + 1);
                labels.put(names.get(a), axes.get(a).labels().get(i));
            }
            out.add(new Combination(ordinals, labels, task));
        }
        return new MatrixExpansion(axes, out);
    }

    private static java.util.Set<String> fields(String axis, JsonArray values) {
        java.util.Set<String> set = new java.util.HashSet<>();
        for (JsonElement v : values) {
            if (v.isJsonObject()) {
                set.addAll(v.getAsJsonObject().keySet());
            } else {
                set.add(axis);
            }
        }
        return set;
    }

    /** A scalar's text; an object's field named like the axis, else its "name", else "#n". */
    private static String label(String axis, JsonElement v, int i) {
        if (v.isJsonPrimitive()) {
            return v.getAsString();
        }
        if (v.isJsonObject()) {
            for (String f : List.of(axis, "name")) {
                JsonElement l = v.getAsJsonObject().get(f);
                if (l != null && l.isJsonPrimitive()) {
                    return l.getAsString();
                }
            }
        }
        return "#" + (i + 1);
    }
}
