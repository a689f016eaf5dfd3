package io.vswap.swap.ui.internal.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.vswap.ui.internal.jobs.ClipRef;

/**
 * One swap render's record ({@code renders/*-swap-*.json}, format {@code vswap-swap-render} v1,
 * written by the {@code swap} job): the job that made it, its settings and report.
 */
public record RenderRecord(Path file, FileTime written, JsonObject json) {

    public static final String FORMAT = "vswap-swap-render";

    /** The clip's swap records in the project's renders folder, newest first; unreadable files are skipped. */
    public static List<RenderRecord> list(ClipRef ref) throws IOException {
        Path renders = ref.project().rendersFolder();
        List<RenderRecord> out = new ArrayList<>();
        if (!Files.isDirectory(renders)) {
            return out;
        }
        try (Stream<Path> s = Files.list(renders)) {
            for (Path f : s.filter(p -> p.getFileName().toString().contains("-swap-")
                    && p.getFileName().toString().endsWith(".json")).toList()) {
                read(f).filter(r -> r.isOf(ref)).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(RenderRecord::written).reversed()
                .thenComparing(r -> r.file().getFileName().toString()));
        return out;
    }

    static Optional<RenderRecord> read(Path f) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()) || o.get("version").getAsInt() != 1) {
                return Optional.empty();
            }
            return Optional.of(new RenderRecord(f, Files.getLastModifiedTime(f), o));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being written, or not ours
        }
    }

    boolean isOf(ClipRef ref) {
        JsonObject clip = json.getAsJsonObject("clip");
        return clip != null && ref.shot().id().equals(text(clip, "shot")) && ref.clip().name().equals(text(clip, "clip"));
    }

    /** The edit's name, or the file's stem for an unnamed one. */
    public String name() {
        String n = text(json, "name");
        return n != null ? n : stem();
    }

    public boolean named() {
        return json.has("name");
    }

    public String stem() {
        String f = file.getFileName().toString();
        return f.substring(0, f.length() - ".json".length());
    }

    public String target() {
        return text(json, "target");
    }

    public String subject() {
        return text(json, "subject");
    }

    public String sourcePrompt() {
        return text(json, "sourcePrompt");
    }

    public String targetPrompt() {
        return text(json, "targetPrompt");
    }

    public String method() {
        return text(json, "method");
    }

    /** The lossless render (the first file the record lists). */
    public Path video() {
        var files = json.getAsJsonArray("files");
        return file.resolveSibling(files != null && !files.isEmpty() ? files.get(0).getAsString() : stem() + ".mkv");
    }

    /** Every setting, as recorded (numbers as Double, yes/no as Boolean). */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonObject s = json.getAsJsonObject("settings");
        if (s != null) {
            for (Map.Entry<String, JsonElement> e : s.entrySet()) {
                m.put(e.getKey(), value(e.getValue()));
            }
        }
        return m;
    }

    public Map<String, String> report() {
        Map<String, String> m = new LinkedHashMap<>();
        JsonObject r = json.getAsJsonObject("report");
        if (r != null) {
            r.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        }
        return m;
    }

    public JsonObject job() {
        return json.getAsJsonObject("job");
    }

    public List<String> removed() {
        List<String> l = new ArrayList<>();
        JsonObject job = job();
        if (job != null && job.has("remove")) {
            job.getAsJsonArray("remove").forEach(e -> l.add(e.getAsString()));
        }
        return l;
    }

    public Map<String, double[]> drags() {
        Map<String, double[]> m = new LinkedHashMap<>();
        JsonObject job = job();
        if (job != null && job.has("drag")) {
            job.getAsJsonObject("drag").entrySet().forEach(e -> {
                JsonObject xy = e.getValue().getAsJsonObject();
                m.put(e.getKey(), new double[] { xy.get("x").getAsDouble(), xy.get("y").getAsDouble() });
            });
        }
        return m;
    }

    public int keyframe() {
        JsonObject job = job();
        return job != null && job.has("keyframe") ? job.get("keyframe").getAsInt() : 0;
    }

    /** The model folder the job named. */
    public String model() {
        JsonObject job = job();
        return job == null ? null : text(job, "model");
    }

    private static Object value(JsonElement e) {
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? (Object) p.getAsDouble() : p.getAsString();
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
