package io.vswap.files.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

/**
 * JSON as the files people write and edit are read: strict syntax (no comments, stray commas or
 * unquoted words), nothing after the top-level value, and a key given twice in one object refused
 * rather than silently taking the last value (Gson's own parser keeps the last). Numbers are kept
 * exact ({@link BigDecimal}), so a whole number too large for its field is seen as such.
 */
public final class StrictJson {

    /** Deeper nesting is refused (no file of ours nests past a handful; recursion must not overflow the stack). */
    public static final int MAX_DEPTH = 200;

    private StrictJson() {
    }

    /**
     * @throws JsonParseException saying what is wrong and where (line, column, JSON path)
     */
    public static JsonElement parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string reader does not fail
        }
    }

    /**
     * As {@link #parse(String)}, from a reader (closed by the caller).
     *
     * @throws IOException when the reader fails (not for bad JSON: that is a {@link JsonParseException})
     */
    public static JsonElement parse(Reader in) throws IOException {
        JsonReader reader = new JsonReader(in);
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement e = read(reader, 0);
            JsonToken after;
            try {
                after = reader.peek();
            } catch (MalformedJsonException notEvenAToken) {
                after = null;
            }
            if (after != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("more text after the end of the top-level value" + where(reader));
            }
            return e;
        } catch (MalformedJsonException | EOFException | IllegalStateException | NumberFormatException e) {
            // Gson's message, without its advice to parse leniently
            String m = String.valueOf(e.getMessage()).replaceFirst(
                    "^Use JsonReader.setStrictness\\(Strictness.LENIENT\\) to accept malformed JSON ", "malformed JSON ");
            int advice = m.indexOf("\nSee https://github.com/google/gson");
            throw new JsonParseException(advice > 0 ? m.substring(0, advice) : m, e);
        }
    }

    private static JsonElement read(JsonReader r, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JsonParseException("nested deeper than " + MAX_DEPTH + " levels" + where(r));
        }
        switch (r.peek()) {
        case BEGIN_OBJECT: {
            JsonObject o = new JsonObject();
            r.beginObject();
            while (r.hasNext()) {
                String key = r.nextName();
                if (o.has(key)) {
                    throw new JsonParseException("the key \"" + key + "\" is given twice in one object" + where(r)
                            + "; keep one of them");
                }
                o.add(key, read(r, depth + 1));
            }
            r.endObject();
            return o;
        }
        case BEGIN_ARRAY: {
            JsonArray a = new JsonArray();
            r.beginArray();
            while (r.hasNext()) {
                a.add(read(r, depth + 1));
            }
            r.endArray();
            return a;
        }
        case STRING:
            return new JsonPrimitive(r.nextString());
        case NUMBER:
            return new JsonPrimitive(new BigDecimal(r.nextString()));
        case BOOLEAN:
            return new JsonPrimitive(r.nextBoolean());
        case NULL:
            r.nextNull();
            return JsonNull.INSTANCE;
        default:
            throw new JsonParseException("unexpected " + r.peek() + where(r));
        }
    }

    private static String where(JsonReader r) {
        return " " + r.toString().replaceFirst("^JsonReader", "").trim();
    }
}
