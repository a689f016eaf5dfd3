package io.vswap.swap.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.batch.api.ClipTarget;
import io.vswap.batch.api.JobField.Kind;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;

/**
 * One {@code "swap"} job as the batch runner, the workbench's Swap editor and a render's record
 * know it: one type, one JSON mapping ({@link #parse} reads a job, {@link #toJob} writes it).
 *
 * @param project the project folder
 * @param shot the shot's id or name
 * @param clip the clip's name; empty: the shot's first
 * @param points the point set; empty: the clip's
 * @param prompt the source prompt, naming the subject
 * @param subject the subject's word in {@code prompt}
 * @param target the word or concept token that replaces it (the subject itself for {@code prepareOnly})
 * @param remove the points this edit leaves out
 * @param drags where dragged points go on the {@code keyframe}, in clip pixels
 * @param keyframe the frame the drags are given on
 * @param model the model folder; empty: the installed {@code sample} model
 * @param method the {@link EditMethod#id()}
 * @param name the edit's name (appended to the render's stem); empty: unnamed
 * @param prepareOnly only the method's source side into the project's cache, no render
 * @param settings the method's settings the job sets, by name (the others come from the preset, the model or
 *        the defaults)
 * @param preset the method's quality preset ({@link EditMethod#presets()}) the settings start from; empty: none
 */
public record SwapSpec(Path project, String shot, Optional<String> clip, Optional<String> points, String prompt,
        String subject, String target, List<String> remove, Map<String, Position> drags, int keyframe,
        Optional<Path> model, String method, Optional<String> name, boolean prepareOnly, Map<String, Object> settings,
        Optional<String> preset) {

    /** A job without a preset. */
    public SwapSpec(Path project, String shot, Optional<String> clip, Optional<String> points, String prompt,
            String subject, String target, List<String> remove, Map<String, Position> drags, int keyframe,
            Optional<Path> model, String method, Optional<String> name, boolean prepareOnly,
            Map<String, Object> settings) {
        this(project, shot, clip, points, prompt, subject, target, remove, drags, keyframe, model, method, name,
                prepareOnly, settings, Optional.empty());
    }

    public static final String TYPE = "swap";
    public static final String DEFAULT_METHOD = "videoswap";
    public static final String DEFAULT_MODEL = "sample";

    /** The job's own fields, declared once; the method's settings come beside them ({@link #fields}). */
    public static final List<JobField> DECLARED = List.of(
            ClipTarget.PROJECT, ClipTarget.SHOT, ClipTarget.fields("the clip to swap").get(2),
            JobField.optional("points", Kind.TEXT, "the clip's", "the point set (a \"track\" job writes it)"),
            JobField.required("prompt", Kind.TEXT, "the source prompt, naming the subject"),
            JobField.required("subject", Kind.TEXT, "the subject's word in the prompt (a whole word)"),
            JobField.optional("target", Kind.TEXT, "(required unless prepareOnly)",
                    "the word or concept token that replaces the subject"),
            JobField.optional("remove", Kind.NAMES, "none", "points the target has no counterpart for"),
            JobField.optional("drag", Kind.OBJECT, "none",
                    "{point: {x, y}}: where a point goes on the keyframe, in clip pixels"),
            JobField.integer("keyframe", 0, "the frame the drags are given on").within(0, null),
            JobField.optional("model", Kind.PATH, "the \"" + DEFAULT_MODEL + "\" model",
                    "the model folder (diffusers layout with its motion module)"),
            JobField.optional("method", Kind.TEXT, DEFAULT_METHOD, "the edit method, by id"),
            JobField.optional("name", Kind.TEXT, "unnamed",
                    "1 to 64 letters, digits, '.', '_', '-': appended to the render's name, so each named edit keeps its render"),
            JobField.optional("prepareOnly", Kind.BOOLEAN, "false",
                    "true: only the method's source side into the project's cache, no render"),
            JobField.optional("preset", Kind.TEXT, "none",
                    "a quality preset of the method (VideoSwap: Draft, Standard, Final) the settings start from; "
                            + "a setting the job names wins"));

    private static JobField field(String name) {
        return DECLARED.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** The names of {@link #DECLARED}. */
    public static final List<String> FIELDS = DECLARED.stream().map(JobField::name).toList();

    /**
     * Every field of a swap job with {@code method}: the job's own, then the method's settings (a
     * setting left out takes the model folder's recommendation, else the method's default).
     */
    public static List<JobField> fields(EditMethod method) {
        List<JobField> all = new ArrayList<>(DECLARED);
        method.settings().forEach(s -> all.add(s.jobField()));
        return all;
    }

    /** An edit's name: a slug, so that it is a file-name part as written. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A point's place on the keyframe, in clip pixels. */
    public record Position(double x, double y) {
    }

    public SwapSpec {
        remove = List.copyOf(remove);
        drags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(drags));
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The project, shot and clip the job works on. */
    public ClipTarget clipTarget() {
        return new ClipTarget(project, shot, clip);
    }

    /** The prompt with the subject word replaced by the target ({@link SubjectWords}). */
    public String targetPrompt() {
        return SubjectWords.replace(prompt, subject, target);
    }

    /**
     * Reads a {@code swap} job, checking each field; {@code methodSettings} are the settings of the
     * method it names (read {@code method} first to find it): unknown fields are refused by name.
     */
    public static SwapSpec parse(JobSpec spec, List<EditSetting> methodSettings) throws SpecException {
        return parse(spec, methodSettings, List.of());
    }

    /**
     * {@link #parse(JobSpec, List)} for a method with {@code presets}: a {@code preset} field names
     * one of them (in any case), written as the method spells it.
     */
    public static SwapSpec parse(JobSpec spec, List<EditSetting> methodSettings, List<EditPreset> presets)
            throws SpecException {
        Optional<String> preset = spec.optString("preset");
        if (preset.isPresent()) {
            String asked = preset.get();
            preset = presets.stream().map(EditPreset::name).filter(n -> n.equalsIgnoreCase(asked.strip())).findFirst();
            if (preset.isEmpty()) {
                throw spec.error("preset", "\"" + asked + "\" is not a preset of the method" + (presets.isEmpty()
                        ? " (it has none)" : "; it has " + presets.stream().map(EditPreset::name).toList()));
            }
        }
        SwapSpec parsed = parseFields(spec, methodSettings);
        return new SwapSpec(parsed.project(), parsed.shot(), parsed.clip(), parsed.points(), parsed.prompt(),
                parsed.subject(), parsed.target(), parsed.remove(), parsed.drags(), parsed.keyframe(), parsed.model(),
                parsed.method(), parsed.name(), parsed.prepareOnly(), parsed.settings(), preset);
    }

    private static SwapSpec parseFields(JobSpec spec, List<EditSetting> methodSettings) throws SpecException {
        List<String> known = new ArrayList<>(FIELDS);
        methodSettings.forEach(s -> known.add(s.name()));
        spec.requireOnly(known.toArray(String[]::new));
        String methodId = spec.optString("method").orElse(DEFAULT_METHOD);
        ClipTarget clipTarget = ClipTarget.read(spec);
        String prompt = spec.string("prompt");
        String subject = spec.string("subject");
        boolean prepareOnly = spec.optBoolean("prepareOnly").orElse(false);
        String target = prepareOnly ? spec.optString("target").orElse(subject) : spec.string("target");
        if (target.isBlank()) {
            throw spec.error("target", "is empty");
        }
        Optional<String> editName = spec.optString("name");
        if (editName.isPresent() && !NAME.matcher(editName.get()).matches()) {
            throw spec.error("name", "\"" + editName.get() + "\" is not a usable edit name: 1 to 64 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit");
        }
        if (!SubjectWords.contains(prompt, subject)) {
            throw spec.error("subject", "\"" + subject + "\" is not a word of the prompt \"" + prompt + "\"");
        }
        List<String> remove = spec.optStrings("remove").orElse(List.of());
        int keyframe = field("keyframe").integer(spec);
        Map<String, Position> drags = drags(spec);
        for (String r : remove) {
            if (drags.containsKey(r)) {
                throw spec.error("drag", "point \"" + r + "\" is both removed and dragged");
            }
        }
        // only what the spec sets: the model's recommendations and the defaults fill in the rest at run time
        Map<String, Object> values = new LinkedHashMap<>();
        for (EditSetting s : methodSettings) {
            if (spec.has(s.name())) {
                values.put(s.name(), s.read(spec));
            }
        }
        return new SwapSpec(clipTarget.project(), clipTarget.shot(), clipTarget.clip(), spec.optString("points"), prompt, subject, target,
                remove, drags, keyframe, spec.optPath("model"), methodId, editName, prepareOnly, values);
    }

    private static Map<String, Position> drags(JobSpec spec) throws SpecException {
        Map<String, Position> drags = new LinkedHashMap<>();
        Optional<JobSpec> dragSpec = spec.optObject("drag");
        if (dragSpec.isPresent()) {
            JobSpec d = dragSpec.get();
            for (String name : d.fieldNames()) {
                JobSpec xy = d.optObject(name).orElseThrow(() -> d.error(name, "expected {\"x\": …, \"y\": …}"));
                xy.requireOnly("x", "y");
                double x = xy.optNumber("x").orElseThrow(() -> xy.error("x", "is missing"));
                double y = xy.optNumber("y").orElseThrow(() -> xy.error("y", "is missing"));
                drags.put(name, new Position(x, y));
            }
        }
        return drags;
    }

    /** The job as {@code vswap batch} reads it, field for field ({@link #parse} reads it back). */
    public JsonObject toJob() {
        JsonObject job = new JsonObject();
        job.addProperty("type", TYPE);
        job.addProperty("project", project.toString());
        job.addProperty("shot", shot);
        clip.ifPresent(c -> job.addProperty("clip", c));
        points.ifPresent(p -> job.addProperty("points", p));
        job.addProperty("prompt", prompt);
        job.addProperty("subject", subject);
        job.addProperty("target", target);
        if (prepareOnly) {
            job.addProperty("prepareOnly", true);
        } else {
            JsonArray removed = new JsonArray();
            remove.forEach(removed::add);
            job.add("remove", removed);
            JsonObject drag = new JsonObject();
            drags.forEach((point, at) -> {
                JsonObject pos = new JsonObject();
                pos.addProperty("x", at.x());
                pos.addProperty("y", at.y());
                drag.add(point, pos);
            });
            job.add("drag", drag);
            job.addProperty("keyframe", keyframe);
        }
        model.ifPresent(m -> job.addProperty("model", m.toString()));
        job.addProperty("method", method);
        name.ifPresent(n -> job.addProperty("name", n));
        preset.ifPresent(p -> job.addProperty("preset", p));
        settings.forEach((k, v) -> addValue(job, k, v));
        return job;
    }

    /** A setting's value as JSON: numbers as numbers, yes/no as booleans, the rest as text. */
    public static void addValue(JsonObject o, String key, Object v) {
        if (v instanceof Number n) {
            o.addProperty(key, n);
        } else if (v instanceof Boolean b) {
            o.addProperty(key, b);
        } else {
            o.addProperty(key, String.valueOf(v));
        }
    }
}
