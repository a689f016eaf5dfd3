package io.vswap.diffusion.api;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Reading diffusers {@code config.json} fields with their defaults (absent or null: the default). */
final class ConfigJson {

    private ConfigJson() {
    }

    static boolean present(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull();
    }

    static int integer(JsonObject o, String k, int def) {
        return present(o, k) ? o.get(k).getAsInt() : def;
    }

    static double number(JsonObject o, String k, double def) {
        return present(o, k) ? o.get(k).getAsDouble() : def;
    }

    static boolean bool(JsonObject o, String k, boolean def) {
        return present(o, k) ? o.get(k).getAsBoolean() : def;
    }

    static String string(JsonObject o, String k, String def) {
        return present(o, k) ? o.get(k).getAsString() : def;
    }

    static List<Integer> ints(JsonObject o, String k, List<Integer> def) {
        if (!present(o, k)) {
            return def;
        }
        List<Integer> l = new ArrayList<>();
        for (JsonElement e : o.get(k).getAsJsonArray()) {
            l.add(e.getAsInt());
        }
        return l;
    }

    static List<String> strings(JsonObject o, String k, List<String> def) {
        if (!present(o, k)) {
            return def;
        }
        List<String> l = new ArrayList<>();
        JsonArray a = o.get(k).getAsJsonArray();
        for (JsonElement e : a) {
            l.add(e.getAsString());
        }
        return l;
    }
}
