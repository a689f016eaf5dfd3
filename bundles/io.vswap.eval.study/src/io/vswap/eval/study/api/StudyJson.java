package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.files.api.StrictJson;

/** What the study's JSON files share: the format and version check, and reading fields in words. */
final class StudyJson {

    private StudyJson() {
    }

    /**
     * Reads {@code text} as a file of {@code format}, versions 1 to {@code version}.
     *
     * @param what the file in words, for messages ("answers file")
     * @throws StudyFileException when it is not JSON, not of this format, or of a newer version
     */
    static JsonObject open(Path file, String text, String format, int version, String what)
            throws StudyFileException {
        JsonObject o;
        try {
            JsonElement e = StrictJson.parse(text);
            if (!e.isJsonObject()) {
                throw new StudyFileException(file, "is not a " + what + ": it holds no JSON object");
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new StudyFileException(file, "is damaged: it is not readable JSON (" + e.getMessage() + ")");
        }
        String found = o.has("format") && o.get("format").isJsonPrimitive() ? o.get("format").getAsString() : null;
        if (!format.equals(found)) {
            throw new StudyFileException(file, "is not a " + what + " (its format is "
                    + (found == null ? "not given" : "\"" + found + "\"") + ", a " + what + "'s is \"" + format
                    + "\")");
        }
        int v;
        try {
            v = o.get("version").getAsInt();
        } catch (RuntimeException e) {
            throw new StudyFileException(file, "is damaged: its version is missing or not a number");
        }
        if (v > version) {
            throw new StudyFileException(file, "is a " + what + " of version " + v + ", written by a newer "
                    + "VideoSwap Studio; this one reads versions 1 to " + version + ": open it with the newer one");
        }
        if (v < 1) {
            throw new StudyFileException(file, "is damaged: its version is " + v);
        }
        return o;
    }

    /** The file's text (UTF-8), with a missing or unreadable file in words. */
    static String read(Path file, String what) throws StudyFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StudyFileException(file, "is missing: there is no " + what + " there");
        } catch (MalformedInputException e) {
            throw new StudyFileException(file, "is damaged: it is not UTF-8 text");
        } catch (IOException e) {
            throw new StudyFileException(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not text");
        }
        return e.getAsString();
    }

    static JsonArray array(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a list");
        }
        return e.getAsJsonArray();
    }

    static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(what + " is missing or not an object");
        }
        return e.getAsJsonObject();
    }

    static String pretty(JsonElement e) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(e) + "\n";
    }
}
