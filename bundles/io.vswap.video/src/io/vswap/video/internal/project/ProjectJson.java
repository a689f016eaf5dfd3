package io.vswap.video.internal.project;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.files.api.ProjectNames;
import io.vswap.video.api.AudioStream;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoProbe;

/**
 * The JSON form of shots and clips. Written field by field rather than reflected, so that the
 * file format is a decision of its own and does not change when a Java class does.
 */
final class ProjectJson {

    private ProjectJson() {
    }

    static JsonObject shot(Shot s) {
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.addProperty("name", s.name());
        o.addProperty("source", s.source().toString());
        o.addProperty("codec", s.codec());
        o.add("probe", probe(s.probe()));
        JsonArray clips = new JsonArray();
        for (Clip c : s.clips()) {
            JsonObject co = clipSettings(c.settings());
            co.addProperty("name", c.name());
            clips.add(co);
        }
        o.add("clips", clips);
        return o;
    }

    static JsonObject probe(VideoProbe p) {
        JsonObject o = new JsonObject();
        o.addProperty("width", p.width());
        o.addProperty("height", p.height());
        o.addProperty("frameRate", p.frameRate());
        o.addProperty("frameCount", p.frameCount());
        o.addProperty("durationSeconds", p.durationSeconds());
        o.addProperty("codec", p.codec());
        o.addProperty("pixelFormat", p.pixelFormat());
        o.addProperty("rotationDegrees", p.rotationDegrees());
        // Added in format 1 without a version bump: older readers ignore them, older files lack them.
        o.addProperty("variableFrameRate", p.variableFrameRate());
        JsonArray audio = new JsonArray();
        for (AudioStream a : p.audio()) {
            JsonObject ao = new JsonObject();
            ao.addProperty("codec", a.codec());
            ao.addProperty("channels", a.channels());
            ao.addProperty("sampleRate", a.sampleRate());
            ao.addProperty("durationSeconds", a.durationSeconds());
            audio.add(ao);
        }
        o.add("audio", audio);
        JsonArray warnings = new JsonArray();
        p.warnings().forEach(warnings::add);
        o.add("warnings", warnings);
        return o;
    }

    static JsonObject clipSettings(ClipSettings s) {
        JsonObject o = new JsonObject();
        o.addProperty("startFrame", s.startFrame());
        o.addProperty("frameCount", s.frameCount());
        o.addProperty("stride", s.stride());
        JsonObject crop = new JsonObject();
        crop.addProperty("x", s.crop().x());
        crop.addProperty("y", s.crop().y());
        crop.addProperty("width", s.crop().width());
        crop.addProperty("height", s.crop().height());
        o.add("crop", crop);
        o.addProperty("userCrop", s.userCrop());
        o.addProperty("outputWidth", s.outputWidth());
        o.addProperty("outputHeight", s.outputHeight());
        return o;
    }

    static Shot shot(JsonObject o, Path file) throws ProjectFormatException {
        Path source = Path.of(string(o, "source", file));
        VideoProbe probe = probe(object(o, "probe", file), source, file);
        List<Clip> clips = new ArrayList<>();
        for (JsonElement e : array(o, "clips", file)) {
            if (!e.isJsonObject()) {
                throw bad(file, "an entry of \"clips\" is not an object");
            }
            JsonObject co = e.getAsJsonObject();
            clips.add(new Clip(string(co, "name", file), clipSettings(co, file)));
        }
        String id = string(o, "id", file);
        try {
            ProjectNames.requirePlain(id, "the shot id");
        } catch (IllegalArgumentException x) {
            throw bad(file, x.getMessage() + " (an id names the shot's folder under shots/)");
        }
        return new Shot(id, string(o, "name", file), source, string(o, "codec", file), probe, clips);
    }

    static VideoProbe probe(JsonObject o, Path source, Path file) throws ProjectFormatException {
        boolean variable = o.has("variableFrameRate") && bool(o, "variableFrameRate", file);
        List<AudioStream> audio = new ArrayList<>();
        if (o.has("audio")) {
            for (JsonElement e : array(o, "audio", file)) {
                if (!e.isJsonObject()) {
                    throw bad(file, "an entry of \"audio\" is not an object");
                }
                JsonObject a = e.getAsJsonObject();
                audio.add(new AudioStream(string(a, "codec", file), integer(a, "channels", file),
                        integer(a, "sampleRate", file), number(a, "durationSeconds", file)));
            }
        }
        List<String> warnings = new ArrayList<>();
        if (o.has("warnings")) {
            for (JsonElement e : array(o, "warnings", file)) {
                if (!e.isJsonPrimitive()) {
                    throw bad(file, "an entry of \"warnings\" is not text");
                }
                warnings.add(e.getAsString());
            }
        }
        return new VideoProbe(source, integer(o, "width", file), integer(o, "height", file),
                number(o, "frameRate", file), integer(o, "frameCount", file), number(o, "durationSeconds", file),
                string(o, "codec", file), string(o, "pixelFormat", file), integer(o, "rotationDegrees", file), variable,
                audio, warnings);
    }

    static ClipSettings clipSettings(JsonObject o, Path file) throws ProjectFormatException {
        JsonObject c = object(o, "crop", file);
        try {
            return new ClipSettings(integer(o, "startFrame", file), integer(o, "frameCount", file),
                    integer(o, "stride", file),
                    new CropRect(integer(c, "x", file), integer(c, "y", file), integer(c, "width", file),
                            integer(c, "height", file)),
                    bool(o, "userCrop", file), integer(o, "outputWidth", file), integer(o, "outputHeight", file));
        } catch (IllegalArgumentException e) {
            throw bad(file, "invalid clip settings: " + e.getMessage());
        }
    }

    static String string(JsonObject o, String field, Path file) throws ProjectFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            throw bad(file, "missing text field \"" + field + "\"");
        }
        return e.getAsString();
    }

    /** A whole number that fits an int: 4294967298 or 2.5 is refused, not wrapped or cut. */
    static int integer(JsonObject o, String field, Path file) throws ProjectFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(file, "missing number field \"" + field + "\"");
        }
        try {
            return new BigDecimal(e.getAsString()).intValueExact();
        } catch (NumberFormatException | ArithmeticException x) {
            throw bad(file, "\"" + field + "\" is " + e.getAsString() + ", not a whole number from " + Integer.MIN_VALUE
                    + " to " + Integer.MAX_VALUE);
        }
    }

    static double number(JsonObject o, String field, Path file) throws ProjectFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(file, "missing number field \"" + field + "\"");
        }
        return e.getAsDouble();
    }

    static boolean bool(JsonObject o, String field, Path file) throws ProjectFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw bad(file, "missing true/false field \"" + field + "\"");
        }
        return e.getAsBoolean();
    }

    static JsonObject object(JsonObject o, String field, Path file) throws ProjectFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonObject()) {
            throw bad(file, "missing object \"" + field + "\"");
        }
        return e.getAsJsonObject();
    }

    static JsonArray array(JsonObject o, String field, Path file) throws ProjectFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonArray()) {
            throw bad(file, "missing list \"" + field + "\"");
        }
        return e.getAsJsonArray();
    }

    static ProjectFormatException bad(Path file, String what) {
        return new ProjectFormatException(file, file + " is damaged: " + what
                + ". Restore it from a backup; the rest of the project folder is untouched.", null);
    }
}
