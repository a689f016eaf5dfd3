package io.vswap.batch.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.StrictJson;

/** A {@link JobSpec} over a Gson object; paths resolve against the spec file's folder. */
public final class JsonJobSpec implements JobSpec {

    private final JsonObject json;
    private final String location;
    private final Path baseFolder;
    private final PathMapping mapping;

    /** Reads one job object; see {@link io.vswap.batch.api.JobSpecs#fromJson(String, Path)}. */
    public static JobSpec parse(String json, String location, Path baseFolder) throws SpecException {
        JsonElement e;
        try {
            e = StrictJson.parse(json);
        } catch (com.google.gson.JsonParseException x) {
            throw new SpecException(location, "not valid JSON: " + x.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new SpecException(location, "expected a JSON object, got " + e);
        }
        return new JsonJobSpec(e.getAsJsonObject(), location, baseFolder, PathMapping.NONE);
    }

    JsonJobSpec(JsonObject json, String location, Path baseFolder, PathMapping mapping) {
        this.json = json;
        this.location = location;
        this.baseFolder = baseFolder;
        this.mapping = mapping;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public java.util.List<String> fieldNames() {
        return java.util.List.copyOf(json.keySet());
    }

    @Override
    public boolean has(String field) {
        return json.has(field) && !json.get(field).isJsonNull();
    }

    @Override
    public String string(String field) throws SpecException {
        return optString(field).orElseThrow(() -> error(field, "is missing; expected a string"));
    }

    @Override
    public Optional<String> optString(String field) throws SpecException {
        JsonPrimitive p = primitive(field, "a string");
        if (p == null) {
            return Optional.empty();
        }
        if (!p.isString()) {
            throw error(field, "expected a string, got " + p);
        }
        if (p.getAsString().isBlank()) {
            throw error(field, "is empty; expected a non-empty string");
        }
        return Optional.of(p.getAsString());
    }

    @Override
    public OptionalInt optInt(String field) throws SpecException {
        JsonPrimitive p = primitive(field, "a whole number");
        if (p == null) {
            return OptionalInt.empty();
        }
        if (!p.isNumber()) {
            throw error(field, "expected a whole number, got " + p);
        }
        double d = p.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw error(field, "expected a whole number, got " + p);
        }
        return OptionalInt.of((int) d);
    }

    @Override
    public OptionalDouble optNumber(String field) throws SpecException {
        JsonPrimitive p = primitive(field, "a number");
        if (p == null) {
            return OptionalDouble.empty();
        }
        if (!p.isNumber()) {
            throw error(field, "expected a number, got " + p);
        }
        return OptionalDouble.of(p.getAsDouble());
    }

    @Override
    public Optional<Boolean> optBoolean(String field) throws SpecException {
        JsonPrimitive p = primitive(field, "true or false");
        if (p == null) {
            return Optional.empty();
        }
        if (!p.isBoolean()) {
            throw error(field, "expected true or false, got " + p);
        }
        return Optional.of(p.getAsBoolean());
    }

    @Override
    public Path path(String field) throws SpecException {
        return optPath(field).orElseThrow(() -> error(field, "is missing; expected a file or folder path"));
    }

    @Override
    public Optional<Path> optPath(String field) throws SpecException {
        Optional<String> s = optString(field);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(baseFolder.resolve(mapping.map(s.get())).normalize());
        } catch (InvalidPathException e) {
            throw error(field, "is not a valid path: " + e.getMessage());
        }
    }

    @Override
    public Optional<List<String>> optStrings(String field) throws SpecException {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonElement e = json.get(field);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            // the command line's field=a,b
            List<String> names = new ArrayList<>();
            for (String x : e.getAsString().split(",")) {
                if (!x.isBlank()) {
                    names.add(x.trim());
                }
            }
            return Optional.of(List.copyOf(names));
        }
        if (!e.isJsonArray()) {
            throw error(field, "expected a list of strings [\"…\", …] (or \"a,b\"), got " + e);
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString() || x.getAsString().isBlank()) {
                throw error(field, "expected a list of non-empty strings, got " + e);
            }
            out.add(x.getAsString());
        }
        return Optional.of(List.copyOf(out));
    }

    @Override
    public Optional<JobSpec> optObject(String field) throws SpecException {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonElement e = json.get(field);
        if (!e.isJsonObject()) {
            throw error(field, "expected an object { … }, got " + e);
        }
        return Optional.of(new JsonJobSpec(e.getAsJsonObject(), location + "." + field, baseFolder, mapping));
    }

    @Override
    public void requireOnly(String... known) throws SpecException {
        Set<String> allowed = Set.of(known);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (!allowed.contains(e.getKey()) && !"type".equals(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw error(unknown.get(0), "is not a field here (misspelt?); the fields are: " + String.join(", ", known));
        }
    }

    @Override
    public SpecException error(String field, String message) {
        return new SpecException(location + "." + field, message);
    }

    private JsonPrimitive primitive(String field, String expected) throws SpecException {
        if (!has(field)) {
            return null;
        }
        JsonElement e = json.get(field);
        if (!e.isJsonPrimitive()) {
            throw error(field, "expected " + expected + ", got " + e);
        }
        return e.getAsJsonPrimitive();
    }
}
