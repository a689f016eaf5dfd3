package io.vswap.swap.internal.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;
import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.ProjectLookup;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.ModelChecksums;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.SemanticPoint;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.video.api.AtomicFile;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RenderSet;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * {@code "swap"}: one subject swap of a prepared, tracked clip with an {@link EditMethod}
 * (VideoSwap unless {@code method} names another), e.g.
 * {@code {"type": "swap", "project": "p", "shot": "s", "prompt": "a red disc on a blue striped background",
 * "subject": "disc", "target": "square", "remove": ["left"], "drag": {"top": {"x": 30, "y": 12}}, "steps": 25}}.
 * Writes {@code renders/<shot>-<clip>-swap-<target>.mkv} (FFV1), {@code .mp4} (H.264), {@code -sheet.png}
 * (source row over result row) and {@code .json} (everything needed to run the edit again, and the
 * method's report). The method may keep the source-side preprocessing in the project's cache, so a
 * further target on the same clip starts from it.
 */
@Component(service = BatchJobType.class)
public final class SwapJobType implements BatchJobType {

    public static final String DEFAULT_METHOD = "videoswap";
    public static final String DEFAULT_MODEL = "sample";

    private static final List<String> FIELDS = List.of("project", "shot", "clip", "points", "prompt", "subject",
            "target", "remove", "drag", "keyframe", "model", "method", "name", "prepareOnly");

    /** An edit's name: a slug, so that it is a file-name part as written. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Reference
    private TensorRuntime runtime;

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    @Reference
    private PointSetStore pointSets;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<EditMethod> methods;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Override
    public String type() {
        return "swap";
    }

    @Override
    public String description() {
        return "swap the subject of a prepared, tracked clip; writes renders/<shot>-<clip>-swap-<target>.{mkv,mp4,json} "
                + "and -sheet.png. Fields: project, shot, clip (default: the first), points (point set, default the "
                + "clip's), prompt (source prompt), subject (its subject word), target (the new word), remove ([point "
                + "names]), drag ({name: {x, y}}: where a point goes on the keyframe), keyframe (of the drags, default 0), "
                + "model (folder; default the \"sample\" model provider), method (default \"videoswap\"), and the "
                + "method's settings by name (e.g. steps, guidanceScale, registrationIterations, seed; one left out takes the "
                + "model folder's recommendation in " + ModelSettings.FILE + " where it has one, else the method's "
                + "default), name (optional: "
                + "letters, digits, '.', '_', '-'; appended to the render's stem, <shot>-<clip>-swap-<target>-<name>, so "
                + "that each named edit keeps its own render), prepareOnly (true: only the method's source-side "
                + "preprocessing into the project's cache, no render written; target then optional)";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        String methodId = spec.optString("method").orElse(DEFAULT_METHOD);
        EditMethod method = method(methodId).orElseThrow(() -> spec.error("method", "no edit method \"" + methodId
                + "\" is installed; installed: " + ids(methods, EditMethod::id)));
        List<String> known = new ArrayList<>(FIELDS);
        method.settings().forEach(s -> known.add(s.name()));
        spec.requireOnly(known.toArray(String[]::new));
        Path project = spec.path("project");
        String shot = spec.string("shot");
        Optional<String> clip = spec.optString("clip");
        Optional<String> pointSetName = spec.optString("points");
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
        if (!EditRequestWords.contains(prompt, subject)) {
            throw spec.error("subject", "\"" + subject + "\" is not a word of the prompt \"" + prompt + "\"");
        }
        List<String> remove = spec.optStrings("remove").orElse(List.of());
        int keyframe = spec.optInt("keyframe").orElse(0);
        if (keyframe < 0) {
            throw spec.error("keyframe", "must be 0 or more, not " + keyframe);
        }
        Map<String, double[]> drags = new LinkedHashMap<>();
        Optional<JobSpec> dragSpec = spec.optObject("drag");
        if (dragSpec.isPresent()) {
            JobSpec d = dragSpec.get();
            for (String name : d.fieldNames()) {
                JobSpec xy = d.optObject(name).orElseThrow(() -> d.error(name, "expected {\"x\": …, \"y\": …}"));
                xy.requireOnly("x", "y");
                double x = xy.optNumber("x").orElseThrow(() -> xy.error("x", "is missing"));
                double y = xy.optNumber("y").orElseThrow(() -> xy.error("y", "is missing"));
                drags.put(name, new double[] { x, y });
            }
        }
        for (String r : remove) {
            if (drags.containsKey(r)) {
                throw spec.error("drag", "point \"" + r + "\" is both removed and dragged");
            }
        }
        Optional<Path> modelDir = spec.optPath("model");
        // only what the spec sets: the model's recommendations and the defaults fill in the rest at run time
        Map<String, Object> values = new LinkedHashMap<>();
        for (EditSetting s : method.settings()) {
            if (spec.has(s.name())) {
                values.put(s.name(), settingValue(spec, s));
            }
        }
        Request r = new Request(project, shot, clip, pointSetName, prompt, subject, target, remove, keyframe, drags,
                modelDir, methodId, values, editName, prepareOnly);
        return new BatchJob() {
            @Override
            public String describe() {
                return (prepareOnly ? "preprocess for a swap of" : "swap") + "  \"" + subject + "\" → \"" + target + "\" in " + project + ", shot \"" + shot + "\""
                        + clip.map(c -> ", clip \"" + c + "\"").orElse("") + " (" + methodId + ", "
                        + modelDir.map(Path::toString).orElse("the " + DEFAULT_MODEL + " model") + ")";
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                return SwapJobType.this.run(r, monitor);
            }
        };
    }

    /** What a parsed job asks for. */
    private record Request(Path project, String shot, Optional<String> clip, Optional<String> pointSet, String prompt,
            String subject, String target, List<String> remove, int keyframe, Map<String, double[]> drags,
            Optional<Path> model, String method, Map<String, Object> settings, Optional<String> name,
            boolean prepareOnly) {
    }

    private static Object settingValue(JobSpec spec, EditSetting s) throws SpecException {
        try {
            Object raw = switch (s.kind()) {
            case INTEGER, DECIMAL -> {
                OptionalDouble n = tryNumber(spec, s.name());
                yield n.isPresent() ? (Object) n.getAsDouble() : spec.string(s.name());
            }
            case BOOLEAN -> {
                Optional<Boolean> b = tryBoolean(spec, s.name());
                yield b.isPresent() ? (Object) b.get() : spec.string(s.name());
            }
            case TEXT -> spec.string(s.name());
            };
            return s.coerce(raw);
        } catch (IllegalArgumentException e) {
            throw spec.error(s.name(), e.getMessage());
        }
    }

    private static OptionalDouble tryNumber(JobSpec spec, String field) {
        try {
            return spec.optNumber(field);
        } catch (SpecException e) {
            return OptionalDouble.empty(); // e.g. "4" as text: coerced below
        }
    }

    private static Optional<Boolean> tryBoolean(JobSpec spec, String field) {
        try {
            return spec.optBoolean(field);
        } catch (SpecException e) {
            return Optional.empty();
        }
    }

    private Optional<EditMethod> method(String id) {
        List<EditMethod> m = methods;
        return m == null ? Optional.empty() : m.stream().filter(x -> x.id().equals(id)).findFirst();
    }

    private static <T> String ids(List<T> services, java.util.function.Function<T, String> id) {
        return services == null || services.isEmpty() ? "none"
                : services.stream().map(id).map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    }

    private String run(Request r, IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, "Swapping " + r.subject() + " → " + r.target(), 100);
        EditMethod method = method(r.method()).orElseThrow(() -> new IllegalStateException("the edit method \""
                + r.method() + "\" is no longer installed"));
        Project p = ProjectLookup.open(store, r.project());
        Shot s = ProjectLookup.shot(p, r.shot());
        Clip c = ProjectLookup.clip(s, r.clip());
        if (!r.prepareOnly()) {
            RenderSet.requireWritable(p); // refused now, not after the edit
        }
        String setName = r.pointSet().orElse(c.name());
        PointSet points = pointSets.load(p, s, setName).orElseThrow(() -> new IllegalArgumentException("shot \""
                + s.name() + "\" has no point set \"" + setName + "\" (" + pointSets.file(p, s, setName)
                + "); run a \"track\" job first"));
        PointEdit edit = pointEdit(points, r);
        List<RgbFrame> source = store.readClipFrames(p, s, c, sub.split(5));
        checkCanceled(sub);
        VideoDiffusionModel.Layout layout = layout(r.model());
        String modelKey = modelKey(layout);
        Map<String, Object> recommended = ModelSettings.recommended(layout.folder(), method);
        Map<String, Object> settings = ModelSettings.resolve(method.settings(), recommended, r.settings());
        // the settings the model's file chose: those it recommends that the job did not set
        List<String> fromModel = recommended.keySet().stream().filter(k -> !r.settings().containsKey(k)).toList();
        Path cacheFolder = p.cacheFolder().resolve(s.id()).resolve(slug(c.name())).resolve("edit-" + slug(r.method()));
        if (r.prepareOnly()) {
            Map<String, String> report = runtime.call(() -> {
                try (NDManager root = runtime.newManager();
                        VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                    sub.worked(5);
                    DiffusionModels dm = new DiffusionModels(runtime, model.vae(), model.textEncoder(),
                            model.tokenizer(), model.unet(), NoiseSchedule.stableDiffusion());
                    EditRequest request = new EditRequest(dm, source, points, edit, r.prompt(), r.subject(), r.target(),
                            settings, new PreprocessingCache(cacheFolder, modelKey));
                    return method.prepare(request, sub.split(80));
                }
            });
            String cached = cacheSummary(report);
            return String.format(Locale.ROOT, "preprocessed %d frames for \"%s\" (%s) → %s", source.size(), r.subject(),
                    cached.isEmpty() ? method.id() + " keeps no source side" : cached, cacheFolder);
        }
        EditResult result = runtime.call(() -> {
            try (NDManager root = runtime.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                sub.worked(5);
                DiffusionModels dm = new DiffusionModels(runtime, model.vae(), model.textEncoder(), model.tokenizer(),
                        model.unet(), NoiseSchedule.stableDiffusion());
                EditRequest request = new EditRequest(dm, source, points, edit, r.prompt(), r.subject(), r.target(),
                        settings, new PreprocessingCache(cacheFolder, modelKey));
                return method.run(request, sub.split(80));
            }
        });
        checkCanceled(sub); // a cancel up to the publication below leaves the previous render as it was
        List<RgbFrame> frames = result.frames();
        String stem = stem(s, c, r.target(), r.name());
        Path renders = p.rendersFolder();
        double fps = s.probe().frameRate() / c.settings().stride();
        // the render's four files are published as one unit: each is written whole under a staging
        // name (each video read back), then all are moved into place together; a fault or a cancel
        // before that leaves the previous render as it was
        try (RenderSet out = RenderSet.in(p)) {
            for (VideoFormat format : List.of(VideoFormat.FFV1_MKV, VideoFormat.H264_MP4)) {
                Path video = out.stage(stem + (format == VideoFormat.FFV1_MKV ? ".mkv" : ".mp4"));
                codecs.writeVideo(video, format, frames, fps, null);
            }
            sub.worked(5);
            AtomicFile.write(out.stage(stem + "-sheet.png"), ContactSheet.png(sheetFrames(source, frames), null));
            AtomicFile.writeString(out.stage(stem + ".json"), new GsonBuilder().setPrettyPrinting()
                    .disableHtmlEscaping().create().toJson(record(r, p, s, c, setName, edit, layout, modelKey, method,
                            settings, fromModel, result, stem)));
            checkCanceled(sub);
            out.publish();
            sub.worked(5);
        }
        return String.format(Locale.ROOT, "%d frames, \"%s\" → \"%s\" (%s%s) → %s.{mkv,mp4,json}", frames.size(),
                r.subject(), r.target(), cacheSummary(result.report()), fromModel.isEmpty() ? ""
                        : "; the model's settings: " + fromModel.stream().map(k -> k + "=" + settings.get(k))
                                .collect(Collectors.joining(", ")),
                renders.resolve(stem));
    }

    /** {@code <shot>-<clip>-swap-<target>}, and {@code -<name>} for a named edit. */
    static String stem(Shot s, Clip c, String target, Optional<String> name) {
        return s.id() + "-" + slug(c.name()) + "-swap-" + slug(target) + name.map(n -> "-" + n).orElse("");
    }

    private static String cacheSummary(Map<String, String> report) {
        return Stream.of("cache.dift", "cache.registration", "cache.inversion").filter(report::containsKey)
                .map(k -> k.substring(6) + " " + report.get(k).split(" ")[0]).collect(Collectors.joining(", "));
    }

    /** The spec's removed points and drags (keyframe targets → displacements from the tracked position). */
    private static PointEdit pointEdit(PointSet points, Request r) {
        List<PointDrag> drags = new ArrayList<>();
        for (String name : r.remove()) {
            if (points.point(name).isEmpty()) {
                throw new IllegalArgumentException("\"remove\" names the point \"" + name + "\", which the point set has "
                        + "not; its points are: " + String.join(", ", points.pointNames()));
            }
        }
        if (r.keyframe() >= points.frameCount()) {
            throw new IllegalArgumentException("keyframe " + r.keyframe() + " is outside the clip (frames 0–"
                    + (points.frameCount() - 1) + ")");
        }
        for (var d : r.drags().entrySet()) {
            SemanticPoint pt = points.point(d.getKey()).orElseThrow(() -> new IllegalArgumentException("\"drag\" names "
                    + "the point \"" + d.getKey() + "\", which the point set has not; its points are: "
                    + String.join(", ", points.pointNames())));
            var t = pt.tracked().orElseThrow(() -> new IllegalArgumentException("point \"" + d.getKey()
                    + "\" is not tracked yet; track first"));
            drags.add(new PointDrag(d.getKey(), r.keyframe(), d.getValue()[0] - t.x(r.keyframe()),
                    d.getValue()[1] - t.y(r.keyframe())));
        }
        return new PointEdit("swap-" + r.target(), new LinkedHashSet<>(r.remove()), drags);
    }

    private VideoDiffusionModel.Layout layout(Optional<Path> dir) throws IOException {
        if (dir.isPresent()) {
            Path f = dir.get();
            if (!Files.isDirectory(f)) {
                throw new IOException("the model folder " + f + " (\"model\") does not exist; leave \"model\" out for "
                        + "the \"" + DEFAULT_MODEL + "\" model");
            }
            VideoDiffusionModel.Layout layout = VideoDiffusionModel.Layout.of(f);
            if (ModelChecksums.present(f)) {
                ModelChecksums.verify(layout); // exactly the bytes that will be loaded
            }
            return layout;
        }
        List<ModelProvider> m = models;
        ModelProvider provider = (m == null ? List.<ModelProvider>of() : m).stream()
                .filter(x -> x.id().equals(DEFAULT_MODEL)).findFirst()
                .orElseThrow(() -> new IOException("no \"model\" given and no \"" + DEFAULT_MODEL
                        + "\" model provider is installed; installed: " + ids(models, ModelProvider::id)));
        return provider.layout();
    }

    /**
     * Identifies the model's weights without reading them: the folder, and every file's path, size and
     * modification time (a retrained or replaced weight file changes the key, and with it the cache).
     */
    static String modelKey(VideoDiffusionModel.Layout layout) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path folder = layout.folder().toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> w = Files.walk(folder)) {
            w.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        if (layout.motionModule() != null && !layout.motionModule().toAbsolutePath().normalize().startsWith(folder)
                && Files.isRegularFile(layout.motionModule())) {
            files.add(layout.motionModule().toAbsolutePath().normalize());
        }
        StringBuilder text = new StringBuilder(folder.toString()).append('\n');
        for (Path f : files) {
            text.append(f).append(' ').append(Files.size(f)).append(' ')
                    .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        return HexFormat.of().formatHex(d.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Four frames spread over the clip: the source's row over the result's. */
    static List<RgbFrame> sheetFrames(List<RgbFrame> source, List<RgbFrame> result) {
        int n = source.size();
        int k = Math.min(4, n);
        List<RgbFrame> out = new ArrayList<>();
        for (List<RgbFrame> row : List.of(source, result)) {
            for (int i = 0; i < k; i++) {
                out.add(row.get(k == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (k - 1))));
            }
        }
        return out;
    }

    private JsonObject record(Request r, Project p, Shot s, Clip c, String setName, PointEdit edit,
            VideoDiffusionModel.Layout layout, String modelKey, EditMethod method, Map<String, Object> used,
            List<String> fromModel, EditResult result, String stem) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "vswap-swap-render");
        o.addProperty("version", 1);
        // the job again, field for field: "vswap batch" runs it as written
        JsonObject job = new JsonObject();
        job.addProperty("type", type());
        job.addProperty("project", p.folder().toAbsolutePath().toString());
        job.addProperty("shot", s.id());
        job.addProperty("clip", c.name());
        job.addProperty("points", setName);
        job.addProperty("prompt", r.prompt());
        job.addProperty("subject", r.subject());
        job.addProperty("target", r.target());
        JsonArray removed = new JsonArray();
        r.remove().forEach(removed::add);
        job.add("remove", removed);
        JsonObject drag = new JsonObject();
        r.drags().forEach((name, xy) -> {
            JsonObject pos = new JsonObject();
            pos.addProperty("x", xy[0]);
            pos.addProperty("y", xy[1]);
            drag.add(name, pos);
        });
        job.add("drag", drag);
        job.addProperty("keyframe", r.keyframe());
        job.addProperty("model", layout.folder().toAbsolutePath().toString());
        job.addProperty("method", method.id());
        r.name().ifPresent(n -> job.addProperty("name", n));
        used.forEach((k, v) -> {
            if (v instanceof Number n) {
                job.addProperty(k, n);
            } else if (v instanceof Boolean b) {
                job.addProperty(k, b);
            } else {
                job.addProperty(k, String.valueOf(v));
            }
        });
        o.add("job", job);
        o.addProperty("method", method.id());
        o.addProperty("methodName", method.displayName());
        r.name().ifPresent(n -> o.addProperty("name", n));
        JsonObject settings = new JsonObject();
        used.forEach((k, v) -> settings.add(k, job.get(k)));
        o.add("settings", settings);
        JsonObject modelSettings = new JsonObject();
        fromModel.forEach(k -> modelSettings.add(k, job.get(k)));
        o.add("modelSettings", modelSettings);
        if (used.containsKey("seed")) {
            o.add("seed", job.get("seed"));
        }
        o.addProperty("sourcePrompt", r.prompt());
        o.addProperty("subject", r.subject());
        o.addProperty("target", r.target());
        o.addProperty("targetPrompt", new EditRequest(null, List.of(new RgbFrame(0, 1, 1, new byte[3])), null, null,
                r.prompt(), r.subject(), r.target(), Map.of()).targetPrompt());
        JsonObject pts = new JsonObject();
        pts.addProperty("pointSet", setName);
        JsonArray rm = new JsonArray();
        edit.removed().stream().sorted().forEach(rm::add);
        pts.add("removed", rm);
        JsonArray drags = new JsonArray();
        for (PointDrag d : edit.drags()) {
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
        model.addProperty("folder", layout.folder().toAbsolutePath().toString());
        model.addProperty("key", modelKey);
        o.add("model", model);
        JsonObject clip = new JsonObject();
        clip.addProperty("shot", s.id());
        clip.addProperty("shotName", s.name());
        clip.addProperty("clip", c.name());
        clip.addProperty("frames", result.frames().size());
        clip.addProperty("width", result.frames().get(0).width());
        clip.addProperty("height", result.frames().get(0).height());
        o.add("clip", clip);
        JsonObject report = new JsonObject();
        result.report().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> report.addProperty(e.getKey(), e.getValue()));
        o.add("report", report);
        JsonArray files = new JsonArray();
        for (String ext : List.of(".mkv", ".mp4", "-sheet.png")) {
            files.add(stem + ext);
        }
        o.add("files", files);
        return o;
    }

    static String slug(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]+", "_");
        return t.isEmpty() || t.startsWith(".") ? "_" + t : t;
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    /** Whole-word test of the subject against the prompt, as {@link EditRequest#targetPrompt()} replaces it. */
    private static final class EditRequestWords {
        static boolean contains(String prompt, String word) {
            return java.util.regex.Pattern.compile("(?i)(?<![\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(word)
                    + "(?![\\p{L}\\p{N}])").matcher(prompt).find();
        }
    }
}
