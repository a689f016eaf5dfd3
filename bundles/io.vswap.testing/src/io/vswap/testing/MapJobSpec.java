package io.vswap.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;

/**
 * A job's fields from a map, as the batch runner would read them from a spec file in {@code folder}:
 * for testing a job type's parsing without a spec file.
 */
public final class MapJobSpec implements JobSpec {

    private final Map<String, Object> fields;
    private final Path folder;

    public MapJobSpec(Path folder, Map<String, Object> fields) {
        this.folder = folder;
        this.fields = new LinkedHashMap<>(fields);
    }

    @Override
    public String location() {
        return "jobs[0]";
    }

    @Override
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    @Override
    public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    @Override
    public String string(String field) throws SpecException {
        return optString(field).orElseThrow(() -> error(field, "is missing"));
    }

    @Override
    public Optional<String> optString(String field) throws SpecException {
        Object v = fields.get(field);
        if (v != null && !(v instanceof String)) {
            throw error(field, "must be a string");
        }
        return Optional.ofNullable((String) v);
    }

    @Override
    public OptionalInt optInt(String field) throws SpecException {
        Object v = fields.get(field);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!(v instanceof Integer i)) {
            throw error(field, "must be a whole number");
        }
        return OptionalInt.of(i);
    }

    @Override
    public OptionalDouble optNumber(String field) throws SpecException {
        Object v = fields.get(field);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!(v instanceof Number n)) {
            throw error(field, "must be a number");
        }
        return OptionalDouble.of(n.doubleValue());
    }

    @Override
    public Optional<Boolean> optBoolean(String field) throws SpecException {
        return Optional.ofNullable((Boolean) fields.get(field));
    }

    @Override
    public Path path(String field) throws SpecException {
        return optPath(field).orElseThrow(() -> error(field, "is missing"));
    }

    @Override
    public Optional<Path> optPath(String field) throws SpecException {
        return optString(field).map(folder::resolve);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<List<String>> optStrings(String field) throws SpecException {
        Object v = fields.get(field);
        if (v != null && !(v instanceof List)) {
            throw error(field, "must be a list of strings");
        }
        return Optional.ofNullable((List<String>) v);
    }

    @Override
    public Optional<JobSpec> optObject(String field) throws SpecException {
        return Optional.empty();
    }

    @Override
    public void requireOnly(String... known) throws SpecException {
        Set<String> allowed = new java.util.HashSet<>(List.of(known));
        allowed.add("type");
        for (String f : fields.keySet()) {
            if (!allowed.contains(f)) {
                throw error(f, "is not a field of this job");
            }
        }
    }

    @Override
    public SpecException error(String field, String message) {
        return new SpecException(location() + "." + field, message);
    }
}
