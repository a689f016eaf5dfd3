package io.vswap.swap.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.vswap.batch.api.JobSpecs;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.StrictJson;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.swap.api.EditReport.CacheOutcome;
import io.vswap.swap.api.SwapRender.ClipInfo;

/**
 * The one JSON mapping of a {@link SwapRender} (format {@code vswap-swap-render}): version 2 is
 * written; versions 1 (a report of text values) and 2 are read; a newer one is refused by name.
 */
public final class SwapRenders {

    public static final String FORMAT = "vswap-swap-render";
    public static final int VERSION = 2;

    private SwapRenders() {
    }

    /** The record as JSON text (version {@link #VERSION}). */
    public static String toJson(SwapRender r) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        JsonObject job = r.job().toJob();
        o.add("job", job);
        o.addProperty("method", r.job().method());
        o.addProperty("methodName", r.methodName());
        r.job().name().ifPresent(n -> o.addProperty("name", n));
        JsonObject settings = new JsonObject();
        r.job().settings().forEach((k, v) -> SwapSpec.addValue(settings, k, v));
        o.add("settings", settings);
        o.add("modelSettings", strings(r.modelSettings()));
        o.addProperty("sourcePrompt", r.job().prompt());
        o.addProperty("subject", r.job().subject());
        o.addProperty("target", r.job().target());
        o.addProperty("targetPrompt", r.job().targetPrompt());
        JsonObject pts = new JsonObject();
        r.job().points().ifPresent(set -> pts.addProperty("pointSet", set));
        pts.add("removed", strings(r.edit().removed().stream().sorted().toList()));
        JsonArray drags = new JsonArray();
        for (PointDrag d : r.edit().drags()) {
            JsonObject x = new JsonObject();
            x.addProperty("point", d.point());
            x.addProperty("frame", d.frame());
            x.addProperty("dx", d.dx());
            x.addProperty("dy", d.dy());
            drags.add(x);
        }
        pts.add("drags", drags);
        o.add("points", pts);
        JsonObject model = new JsonObject();
        model.addProperty("folder", r.job().model().orElseThrow().toString());
        model.addProperty("key", r.modelKey());
        o.add("model", model);
        ClipInfo c = r.clip();
        JsonObject clip = new JsonObject();
        clip.addProperty("shot", c.shot());
        clip.addProperty("shotName", c.shotName());
        clip.addProperty("clip", c.clip());
        clip.addProperty("frames", c.frames());
        clip.addProperty("width", c.width());
        clip.addProperty("height", c.height());
        o.add("clip", clip);
        o.add("report", report(r.report()));
        o.add("files", strings(r.files()));
        if (!r.inputsKey().isEmpty()) {
            o.addProperty("inputs", r.inputsKey());
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(o);
    }

    /** A report as JSON (also the evaluation's per-case report). */
    public static JsonObject report(EditReport r) {
        JsonObject o = new JsonObject();
        JsonObject settings = new JsonObject();
        r.settings().forEach((k, v) -> SwapSpec.addValue(settings, k, v));
        o.add("settings", settings);
        JsonArray stages = new JsonArray();
        r.stages().forEach(s -> {
            JsonObject x = new JsonObject();
            x.addProperty("name", s.name());
            x.addProperty("elapsedSeconds", s.elapsedSeconds());
            stages.add(x);
        });
        o.add("stages", stages);
        o.add("losses", numbers(r.losses()));
        JsonArray replays = new JsonArray();
        r.replays().forEach(p -> {
            JsonObject x = new JsonObject();
            x.addProperty("stage", p.stage());
            x.addProperty("count", p.count());
            x.add("which", strings(p.which()));
            replays.add(x);
        });
        o.add("replays", replays);
        JsonArray cache = new JsonArray();
        r.cache().forEach(u -> {
            JsonObject x = new JsonObject();
            x.addProperty("part", u.part());
            x.addProperty("outcome", u.outcome().name().toLowerCase(java.util.Locale.ROOT));
            x.addProperty("file", u.file());
            if (!u.detail().isEmpty()) {
                x.addProperty("detail", u.detail());
            }
            cache.add(x);
        });
        o.add("cache", cache);
        o.add("warnings", strings(r.warnings()));
        o.add("figures", numbers(r.figures()));
        JsonObject notes = new JsonObject();
        r.notes().forEach(notes::addProperty);
        o.add("notes", notes);
        return o;
    }

    /**
     * The render records a folder holds, or the one record given.
     *
     * @param records the swap render records, by name
     * @param leftOut the folder's other JSON files, each with why it is not read as a record (another
     *        kind of file such as a report written beside them, damaged, or of a newer version)
     */
    public record RecordFiles(List<Path> records, List<String> leftOut) {
        public RecordFiles {
            records = List.copyOf(records);
            leftOut = List.copyOf(leftOut);
        }
    }

    /**
     * The swap render records in {@code folderOrRecord}: its {@code *.json} files (hidden ones aside)
     * that read as records; or, given a file, that file (read later, failing by name).
     *
     * @throws IOException when there is neither such a file nor such a folder
     */
    public static RecordFiles recordsIn(Path folderOrRecord) throws IOException {
        if (Files.isRegularFile(folderOrRecord)) {
            return new RecordFiles(List.of(folderOrRecord), List.of());
        }
        if (!Files.isDirectory(folderOrRecord)) {
            throw new IOException("there is no render record or renders folder " + folderOrRecord);
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(folderOrRecord)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)).sorted().toList();
        }
        List<Path> records = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Path f : files) {
            try {
                read(f);
                records.add(f);
            } catch (IOException e) {
                leftOut.add(e.getMessage());
            }
        }
        return new RecordFiles(records, leftOut);
    }

    /**
     * Reads a record.
     *
     * @throws IOException when the file cannot be read, is not a swap render's record, or is of a
     *         version this program does not know (in words: which, and what to do)
     */
    public static SwapRender read(Path file) throws IOException {
        JsonObject o;
        try {
            JsonElement e = StrictJson.parse(Files.readString(file, StandardCharsets.UTF_8));
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a readable render record (" + e.getMessage() + ")", e);
        }
        String format = text(o, "format");
        if (!FORMAT.equals(format)) {
            throw new IOException(file + " is not a swap render's record (its format is "
                    + (format == null ? "not given" : "\"" + format + "\"") + ")");
        }
        int version = o.has("version") && o.get("version").isJsonPrimitive() ? o.get("version").getAsInt() : 0;
        if (version < 1 || version > VERSION) {
            throw new IOException(file + " is a render record of version " + version + "; this VideoSwap Studio reads "
                    + "versions 1 to " + VERSION + (version > VERSION ? ": it was written by a newer one — open the "
                            + "project with that version" : ""));
        }
        try {
            return fromJson(o, version, file.getParent() == null ? Path.of(".") : file.getParent());
        } catch (SpecException | RuntimeException e) {
            throw new IOException(file + " is a damaged render record: " + e.getMessage(), e);
        }
    }

    private static SwapRender fromJson(JsonObject o, int version, Path base) throws SpecException {
        JsonObject job = o.getAsJsonObject("job");
        // the job's settings are those the record lists; numbers read as Double, as written
        List<EditSetting> kinds = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : job.entrySet()) {
            if (!SwapSpec.FIELDS.contains(e.getKey()) && !e.getKey().equals("type")) {
                kinds.add(new EditSetting(e.getKey(), kind(e.getValue()), value(e.getValue()), "as recorded"));
            }
        }
        // the preset the job named, as recorded: its values are among the settings, so it is only a name here
        List<EditPreset> presets = job.has("preset") ? List.of(new EditPreset(job.get("preset").getAsString(),
                "as recorded", d -> Map.of())) : List.of();
        SwapSpec spec = SwapSpec.parse(JobSpecs.fromJson(job.toString(), base), kinds, presets);
        JsonObject pts = o.getAsJsonObject("points");
        Set<String> removed = new LinkedHashSet<>();
        pts.getAsJsonArray("removed").forEach(e -> removed.add(e.getAsString()));
        List<PointDrag> drags = new ArrayList<>();
        for (JsonElement e : pts.getAsJsonArray("drags")) {
            JsonObject d = e.getAsJsonObject();
            drags.add(new PointDrag(d.get("point").getAsString(), d.get("frame").getAsInt(), d.get("dx").getAsDouble(),
                    d.get("dy").getAsDouble()));
        }
        JsonObject c = o.getAsJsonObject("clip");
        ClipInfo clip = new ClipInfo(c.get("shot").getAsString(), c.get("shotName").getAsString(),
                c.get("clip").getAsString(), c.get("frames").getAsInt(), c.get("width").getAsInt(),
                c.get("height").getAsInt());
        List<String> fromModel = new ArrayList<>();
        JsonElement ms = o.get("modelSettings");
        if (ms != null && ms.isJsonArray()) {
            ms.getAsJsonArray().forEach(e -> fromModel.add(e.getAsString()));
        } else if (ms != null && ms.isJsonObject()) {
            fromModel.addAll(ms.getAsJsonObject().keySet()); // version 1: names with their values
        }
        JsonObject rep = o.getAsJsonObject("report");
        EditReport report = version == 1 ? ReportVersion1.read(rep, spec.settings()) : readReport(rep);
        List<String> files = new ArrayList<>();
        o.getAsJsonArray("files").forEach(e -> files.add(e.getAsString()));
        return new SwapRender(spec, text(o, "methodName"), fromModel,
                new PointEdit("swap-" + spec.target(), removed, drags), o.getAsJsonObject("model").get("key")
                        .getAsString(), clip, report, files,
                o.has("inputs") && o.get("inputs").isJsonPrimitive() ? o.get("inputs").getAsString() : "");
    }

    /** A report as {@link #report} writes it. */
    public static EditReport readReport(JsonObject o) {
        EditReport.Builder b = new EditReport.Builder();
        Map<String, Object> settings = new LinkedHashMap<>();
        o.getAsJsonObject("settings").entrySet().forEach(e -> settings.put(e.getKey(), value(e.getValue())));
        b.settings(settings);
        o.getAsJsonArray("stages").forEach(e -> b.stage(e.getAsJsonObject().get("name").getAsString(),
                e.getAsJsonObject().get("elapsedSeconds").getAsDouble()));
        o.getAsJsonObject("losses").entrySet().forEach(e -> b.loss(e.getKey(), number(e.getValue())));
        o.getAsJsonArray("replays").forEach(e -> {
            JsonObject x = e.getAsJsonObject();
            List<String> which = new ArrayList<>();
            x.getAsJsonArray("which").forEach(w -> which.add(w.getAsString()));
            b.replays(x.get("stage").getAsString(), x.get("count").getAsInt(), which);
        });
        o.getAsJsonArray("cache").forEach(e -> {
            JsonObject x = e.getAsJsonObject();
            b.cache(x.get("part").getAsString(),
                    CacheOutcome.valueOf(x.get("outcome").getAsString().toUpperCase(java.util.Locale.ROOT)),
                    x.get("file").getAsString(), x.has("detail") ? x.get("detail").getAsString() : "");
        });
        o.getAsJsonArray("warnings").forEach(e -> b.warning(e.getAsString()));
        o.getAsJsonObject("figures").entrySet().forEach(e -> b.figure(e.getKey(), number(e.getValue())));
        o.getAsJsonObject("notes").entrySet().forEach(e -> b.note(e.getKey(), e.getValue().getAsString()));
        return b.build();
    }

    private static EditSetting.Kind kind(JsonElement v) {
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
            return EditSetting.Kind.BOOLEAN;
        }
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
            return EditSetting.Kind.DECIMAL; // the method's own settings say which are whole numbers
        }
        return EditSetting.Kind.TEXT;
    }

    /** A JSON value as a setting's value: numbers as Double, yes/no as Boolean, else text. */
    static Object value(JsonElement v) {
        if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            return p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? (Object) p.getAsDouble() : p.getAsString();
        }
        return v.toString();
    }

    /** JSON has no NaN: a figure that is not a number is written as null. */
    private static double number(JsonElement v) {
        return v.isJsonNull() ? Double.NaN : v.getAsDouble();
    }

    private static JsonObject numbers(Map<String, Double> m) {
        JsonObject o = new JsonObject();
        m.forEach((k, v) -> o.add(k, Double.isFinite(v) ? new JsonPrimitive(v) : com.google.gson.JsonNull.INSTANCE));
        return o;
    }

    private static JsonArray strings(List<String> l) {
        JsonArray a = new JsonArray();
        l.forEach(a::add);
        return a;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
    }
}
