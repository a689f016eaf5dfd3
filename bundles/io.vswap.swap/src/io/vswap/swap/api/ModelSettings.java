package io.vswap.swap.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;

import io.vswap.files.api.StrictJson;

/**
 * Edit settings a model folder recommends, in its {@value #FILE}. A method's defaults are its
 * paper's, chosen on Stable Diffusion 1.5; a model of another scale (the tiny sample model) can need
 * other values, measured on it, and carries them here. What an edit uses, setting by setting: what
 * the user set, else the model's recommendation, else the method's default.
 *
 * <pre>
 * {"format": "vswap-model-settings", "version": 1,
 *  "methods": {"videoswap": {"motionScale": 2.0}},
 *  "why": "free text: what was measured"}
 * </pre>
 */
public final class ModelSettings {

    /** The file's name in the model folder. */
    public static final String FILE = "vswap-settings.json";
    static final String FORMAT = "vswap-model-settings";
    static final int VERSION = 1;

    private ModelSettings() {
    }

    /**
     * What {@code modelFolder} recommends for {@code method}, typed as its settings: empty when the
     * folder has no {@value #FILE} or the file names nothing for the method.
     *
     * @throws IOException when the file cannot be read, is not this format (or a newer version), or
     *         names a setting the method does not have or a value of the wrong type; the message
     *         names the file and what to do
     */
    public static Map<String, Object> recommended(Path modelFolder, EditMethod method) throws IOException {
        Path file = modelFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        String fix = "; correct or delete " + file + " (without it the method's own defaults apply)";
        JsonObject o;
        try {
            JsonElement e = StrictJson.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException("the model's settings " + file + " are not a JSON object" + fix);
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException("the model's settings " + file + " are not valid JSON (" + e.getMessage() + ")" + fix, e);
        }
        if (!(o.get("format") instanceof JsonPrimitive f && FORMAT.equals(f.getAsString()))) {
            throw new IOException("the model's settings " + file + " are not \"" + FORMAT + "\"" + fix);
        }
        int version = o.get("version") instanceof JsonPrimitive v && v.isNumber() ? v.getAsInt() : -1;
        if (version < 1 || version > VERSION) {
            throw new IOException("the model's settings " + file + " have version " + version + "; this VideoSwap "
                    + "Studio reads version " + VERSION + " (update it, or delete the file)");
        }
        JsonObject methods = o.has("methods") && o.get("methods").isJsonObject() ? o.getAsJsonObject("methods")
                : new JsonObject();
        if (!methods.has(method.id())) {
            return Map.of();
        }
        if (!methods.get(method.id()).isJsonObject()) {
            throw new IOException("the model's settings " + file + " give \"" + method.id()
                    + "\" something other than an object of settings" + fix);
        }
        Map<String, EditSetting> byName = new LinkedHashMap<>();
        method.settings().forEach(s -> byName.put(s.name(), s));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : methods.getAsJsonObject(method.id()).entrySet()) {
            EditSetting s = byName.get(e.getKey());
            if (s == null) {
                throw new IOException("the model's settings " + file + " name \"" + e.getKey() + "\", which "
                        + method.id() + " does not have (it has " + byName.keySet() + ")" + fix);
            }
            if (!e.getValue().isJsonPrimitive()) {
                throw new IOException("the model's settings " + file + " give " + method.id() + "'s \"" + e.getKey()
                        + "\" a value that is not a number, true/false or text" + fix);
            }
            JsonPrimitive p = e.getValue().getAsJsonPrimitive();
            Object raw = p.isBoolean() ? p.getAsBoolean() : p.isNumber() ? p.getAsNumber() : p.getAsString();
            try {
                out.put(s.name(), s.coerce(raw));
            } catch (IllegalArgumentException x) {
                throw new IOException("the model's settings " + file + ": " + x.getMessage() + fix, x);
            }
        }
        return out;
    }

    /**
     * {@code settings} with the recommended values as their defaults (what a form shows and
     * "Restore Defaults" goes back to); each one so changed says so in its description.
     */
    public static List<EditSetting> withDefaults(List<EditSetting> settings, Map<String, Object> recommended) {
        List<EditSetting> out = new ArrayList<>();
        for (EditSetting s : settings) {
            Object r = recommended.get(s.name());
            if (r == null || s.coerce(r).equals(s.defaultValue())) {
                out.add(s);
            } else {
                out.add(s.withDefault(r, s.description() + "; the model recommends " + s.coerce(r)
                        + " (the method's default: " + s.defaultValue() + ")"));
            }
        }
        return out;
    }

    /**
     * Every setting of {@code settings} by name: the value in {@code explicit} (what the user set),
     * else in {@code recommended}, else the default; in the settings' order.
     */
    public static Map<String, Object> resolve(List<EditSetting> settings, Map<String, Object> recommended,
            Map<String, ?> explicit) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (EditSetting s : settings) {
            Object v = explicit.containsKey(s.name()) ? explicit.get(s.name())
                    : recommended.getOrDefault(s.name(), s.defaultValue());
            out.put(s.name(), s.coerce(v));
        }
        return out;
    }
}
