package io.vswap.concepts.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.concepts.api.Concept.Training;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.StrictJson;

/**
 * {@code concept.json}, the one mapping of a {@link Concept}: format {@code vswap-concept}, version
 * {@value #VERSION}; a newer version is refused by name, not guessed at. Version 2 adds {@code members} (a
 * fused set's concepts: token, name, weights checksum). A file is written in the lowest version that holds
 * it: single concepts stay version 1, readable by earlier releases; a fused set is version 2, which earlier
 * releases refuse by name rather than load its weights as a single concept's.
 */
public final class ConceptJson {

    public static final String FILE = "concept.json";
    public static final String FORMAT = "vswap-concept";
    public static final int VERSION = 2;

    private ConceptJson() {
    }

    public static String toJson(Concept c) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", c.members().isEmpty() ? 1 : VERSION);
        o.addProperty("name", c.name());
        o.addProperty("token", c.token());
        o.addProperty("classWord", c.classWord());
        o.addProperty("description", c.description());
        o.add("tags", strings(c.tags()));
        o.addProperty("created", c.created());
        JsonObject base = new JsonObject();
        base.addProperty("name", c.baseModel().name());
        base.addProperty("key", c.baseModel().key());
        o.add("baseModel", base);
        o.add("images", strings(c.images()));
        o.addProperty("thumbnail", c.thumbnail());
        JsonObject w = new JsonObject();
        w.addProperty("file", c.weights().file());
        w.addProperty("sha256", c.weights().sha256());
        w.addProperty("bytes", c.weights().bytes());
        o.add("weights", w);
        JsonObject t = new JsonObject();
        JsonObject settings = new JsonObject();
        new java.util.TreeMap<>(c.training().settings()).forEach(settings::addProperty);
        t.add("settings", settings);
        JsonObject figures = new JsonObject();
        new java.util.TreeMap<>(c.training().figures()).forEach(figures::addProperty);
        t.add("figures", figures);
        t.addProperty("lossCurve", c.training().lossCurve());
        o.add("training", t);
        o.add("fusedTokens", strings(c.fusedTokens()));
        if (!c.members().isEmpty()) {
            JsonArray members = new JsonArray();
            for (Concept.Member m : c.members()) {
                JsonObject mo = new JsonObject();
                mo.addProperty("token", m.token());
                mo.addProperty("name", m.name());
                mo.addProperty("sha256", m.weightsSha256());
                members.add(mo);
            }
            o.add("members", members);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    /** Writes {@code concept.json} into {@code folder}, atomically. */
    public static void write(Path folder, Concept c) throws IOException {
        AtomicFile.writeString(folder.resolve(FILE), toJson(c));
    }

    /**
     * Reads {@code folder/concept.json}.
     *
     * @throws ConceptFileException naming the file: missing, damaged, not a concept, or of a newer version
     */
    public static Concept read(Path folder) throws ConceptFileException {
        Path file = folder.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConceptFileException(file, "is missing: the folder holds no concept");
        } catch (IOException e) {
            throw new ConceptFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(file, text);
    }

    /** {@code text} read as the concept file {@code file} (named in messages). */
    public static Concept parse(Path file, String text) throws ConceptFileException {
        JsonObject o;
        try {
            JsonElement e = StrictJson.parse(text);
            if (!e.isJsonObject()) {
                throw new ConceptFileException(file, "is not a concept's file (it holds no JSON object)");
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ConceptFileException(file, "is damaged: it is not readable JSON (" + e.getMessage() + ")", e);
        }
        String format = o.has("format") && o.get("format").isJsonPrimitive() ? o.get("format").getAsString() : null;
        if (!FORMAT.equals(format)) {
            throw new ConceptFileException(file, "is not a concept's file (its format is " + (format == null
                    ? "not given" : "\"" + format + "\"") + ", a concept's is \"" + FORMAT + "\")");
        }
        int version = o.has("version") && o.get("version").isJsonPrimitive() ? o.get("version").getAsInt() : 0;
        if (version > VERSION) {
            throw new ConceptFileException(file, "is a concept of format version " + version + ", written by a newer "
                    + "VideoSwap Studio; this one reads version " + VERSION + ": update VideoSwap Studio to use it");
        }
        if (version < 1) {
            throw new ConceptFileException(file, "is damaged: its format version is missing");
        }
        try {
            JsonObject base = o.getAsJsonObject("baseModel");
            JsonObject w = o.getAsJsonObject("weights");
            JsonObject t = o.has("training") ? o.getAsJsonObject("training") : new JsonObject();
            Map<String, String> settings = new LinkedHashMap<>();
            if (t.has("settings")) {
                t.getAsJsonObject("settings").entrySet().forEach(e -> settings.put(e.getKey(), e.getValue().getAsString()));
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            if (t.has("figures")) {
                t.getAsJsonObject("figures").entrySet().forEach(e -> figures.put(e.getKey(), e.getValue().getAsDouble()));
            }
            return new Concept(text(o, "name"), text(o, "token"), text(o, "classWord"), optText(o, "description"),
                    strings(o, "tags"), optText(o, "created"), new BaseModelId(text(base, "name"), text(base, "key")),
                    strings(o, "images"), optText(o, "thumbnail"),
                    new Weights(text(w, "file"), text(w, "sha256"), w.get("bytes").getAsLong()),
                    new Training(settings, figures, optText(t, "lossCurve")), strings(o, "fusedTokens"),
                    members(o));
        } catch (RuntimeException e) {
            throw new ConceptFileException(file, "is damaged: " + (e.getMessage() == null ? "a field is missing"
                    : e.getMessage()), e);
        }
    }

    private static List<Concept.Member> members(JsonObject o) {
        List<Concept.Member> out = new ArrayList<>();
        if (o.has("members")) {
            for (JsonElement e : o.getAsJsonArray("members")) {
                JsonObject m = e.getAsJsonObject();
                out.add(new Concept.Member(text(m, "token"), text(m, "name"), text(m, "sha256")));
            }
        }
        return out;
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not text");
        }
        return e.getAsString();
    }

    private static String optText(JsonObject o, String field) {
        return o.has(field) ? text(o, field) : "";
    }

    private static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        if (o.has(field)) {
            o.getAsJsonArray(field).forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    private static JsonArray strings(List<String> l) {
        JsonArray a = new JsonArray();
        l.forEach(a::add);
        return a;
    }
}
