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
        return present(o, k) ? exact(k, o.get(k)) : def;
    }

    /** A whole number that fits an int, or a message naming the field (10^12 is refused, not wrapped). */
    static int exact(String k, JsonElement e) {
        try {
            return new java.math.BigDecimal(e.getAsString()).intValueExact();
        } catch (NumberFormatException | ArithmeticException | IllegalStateException | UnsupportedOperationException x) {
            throw new IllegalArgumentException("config field '" + k + "' = " + e + " is not a whole number in range");
        }
    }

    /** {@code v} when {@code min <= v <= max}, else a message naming the field and the range. */
    static int within(String k, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("config field '" + k + "' = " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    /** Each of {@code values} within {@code min..max}. */
    static void within(String k, List<Integer> values, int min, int max) {
        for (int v : values) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("config field '" + k + "' = " + values + " has " + v + ", outside "
                        + min + ".." + max);
            }
        }
    }

    /** Group norm: at least one group, and every channel count splits into the groups. */
    static void groups(String k, int groups, List<Integer> channels) {
        within(k, groups, 1, 4096);
        for (int c : channels) {
            if (c % groups != 0) {
                throw new IllegalArgumentException("config field '" + k + "' = " + groups + " does not divide the "
                        + c + " channels of a level");
            }
        }
    }

    /** The fields a CLIP tower's encoder is built from, both towers' ({@code CLIPEncoder}, projection). */
    static void clipEncoder(int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
            String hiddenAct, double layerNormEps, int projectionDim) {
        within("hidden_size", hiddenSize, 1, 16384);
        within("intermediate_size", intermediateSize, 1, 65536);
        within("num_hidden_layers", numHiddenLayers, 1, 128);
        within("num_attention_heads", numAttentionHeads, 1, 1024);
        positive("layer_norm_eps", layerNormEps);
        within("projection_dim", projectionDim, 1, 16384);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " does not split into "
                    + numAttentionHeads + " heads");
        }
        if (!hiddenAct.equals("quick_gelu") && !hiddenAct.equals("gelu")) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported");
        }
    }

    static double positive(String k, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("config field '" + k + "' = " + v + " must be a positive finite number");
        }
        return v;
    }

    /** Reads and parses a config file; whatever is wrong with it is said with the file's path. */
    static <T> T read(java.nio.file.Path file, java.util.function.Function<String, T> parse) throws java.io.IOException {
        String json = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        try {
            return parse.apply(json);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | ClassCastException
                | com.google.gson.JsonParseException e) {
            throw new java.io.IOException(file + ": " + e.getMessage() + ". Fix the file or restore it from the model's "
                    + "source.", e);
        }
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
            l.add(exact(k, e));
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
