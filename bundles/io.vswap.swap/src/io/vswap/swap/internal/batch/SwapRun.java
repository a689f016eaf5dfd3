package io.vswap.swap.internal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.ClipTarget;
import io.vswap.diffusion.api.ModelFolders;
import io.vswap.diffusion.api.ModelKey;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.FileNames;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.SemanticPoint;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.api.TargetConcepts;
import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RenderSet;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.SourceAudio;

/** Runs one {@link SwapSpec}: finds its clip, points and model, runs the method, publishes the render. */
final class SwapRun {

    private final TensorRuntime runtime;
    private final ProjectStore store;
    private final PointSetStore pointSets;
    private final RenderWriter writer;
    private final EditMethod method;
    private final List<ModelProvider> models;
    private final TargetConcepts targetConcepts;

    /** @param targetConcepts the concept library's targets; null where it is not installed */
    SwapRun(TensorRuntime runtime, ProjectStore store, PointSetStore pointSets, RenderWriter writer, EditMethod method,
            List<ModelProvider> models, TargetConcepts targetConcepts) {
        this.targetConcepts = targetConcepts;
        this.runtime = runtime;
        this.store = store;
        this.pointSets = pointSets;
        this.writer = writer;
        this.method = method;
        this.models = models;
    }

    /** What a job resolves to before any work: its clip, points, model, settings, render name and inputs key. */
    record Resolved(Project project, Shot shot, Clip clip, String setName, PointSet points, PointEdit edit,
            VideoDiffusionModel.Layout layout, String modelKey, Map<String, Object> settings, List<String> fromModel,
            String stem, String inputsKey) {
    }

    Resolved resolve(SwapSpec r) throws Exception {
        ClipTarget.Found found = r.clipTarget().find(store);
        Project p = found.project();
        Shot s = found.shot();
        Clip c = found.clip();
        String setName = r.points().orElse(c.name());
        // a method that reads no points needs no point set; one that cannot edit them refuses an edit
        boolean usesPoints = method.inputs().contains(EditInput.POINTS);
        if ((!r.remove().isEmpty() || !r.drags().isEmpty()) && !method.inputs().contains(EditInput.POINT_EDIT)) {
            throw new IllegalArgumentException("the method \"" + method.id() + "\" does not remove or drag points; "
                    + "leave \"remove\" and \"drag\" out");
        }
        PointSet points = !usesPoints ? null : pointSets.load(p, s, setName).orElseThrow(() ->
                new IllegalArgumentException("shot \"" + s.name() + "\" has no point set \"" + setName + "\" ("
                        + pointSets.file(p, s, setName) + "); run a \"track\" job first"));
        PointEdit edit = points == null ? PointEdit.unchanged("swap-" + r.target()) : pointEdit(points, r);
        VideoDiffusionModel.Layout layout = ModelFolders.resolve(r.model(), models, SwapSpec.DEFAULT_MODEL);
        String modelKey = ModelKey.of(layout);
        Map<String, Object> recommended = ModelSettings.recommended(layout.folder(), method);
        // a preset's values start from the defaults in force (the model's included); what the job names wins
        Map<String, Object> explicit = new java.util.LinkedHashMap<>();
        if (r.preset().isPresent()) {
            EditPreset preset = method.presets().stream().filter(x -> x.name().equals(r.preset().get())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the method \"" + method.id() + "\" has no preset \""
                            + r.preset().get() + "\""));
            Map<String, Object> defaults = ModelSettings.resolve(method.settings(), recommended, Map.of());
            explicit.putAll(preset.fromDefaults().apply(Map.copyOf(defaults)));
        }
        explicit.putAll(r.settings());
        Map<String, Object> settings = ModelSettings.resolve(method.settings(), recommended, explicit);
        // the settings the model's file chose: those it recommends that neither the job nor its preset set
        List<String> fromModel = recommended.keySet().stream().filter(k -> !explicit.containsKey(k)).toList();
        String stem = stem(s, c, r.target(), r.name());
        String key = SwapInputs.key(r, method, modelKey, s, c, usesPoints ? pointSets.file(p, s, setName) : null,
                settings, concepts(r, layout));
        return new Resolved(p, s, c, setName, points, edit, layout, modelKey, settings, fromModel, stem, key);
    }

    /**
     * The render of this job, when its record is there with the same inputs and its files are all
     * there (a render is published as one set, so that means complete); else empty.
     */
    Optional<String> completed(SwapSpec r) throws Exception {
        if (r.prepareOnly()) {
            return Optional.empty();
        }
        Resolved v = resolve(r);
        Path record = v.project().rendersFolder().resolve(v.stem() + ".json");
        if (!java.nio.file.Files.isRegularFile(record)) {
            return Optional.empty();
        }
        SwapRender done;
        try {
            done = io.vswap.swap.api.SwapRenders.read(record);
        } catch (java.io.IOException e) {
            return Optional.empty(); // damaged or newer: run, and the new render replaces it
        }
        if (!done.inputsKey().equals(v.inputsKey())) {
            return Optional.empty();
        }
        for (String f : done.files()) {
            if (!java.nio.file.Files.isRegularFile(record.resolveSibling(f))) {
                return Optional.empty();
            }
        }
        return Optional.of("renders/" + v.stem() + ".{mkv,mp4,json} is there from the same inputs");
    }

    String run(SwapSpec r, IProgressMonitor monitor) throws Exception {
        return run(r, monitor, io.vswap.swap.api.EditObserver.NONE);
    }

    /** {@link #run(SwapSpec, IProgressMonitor)} with the edit's loss curves and previews reported to {@code observer}. */
    String run(SwapSpec r, IProgressMonitor monitor, io.vswap.swap.api.EditObserver observer) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, r.prepareOnly() ? "Preprocessing " + r.subject()
                : "Swapping " + r.subject() + " → " + r.target(), 100);
        Resolved v = resolve(r);
        Project p = v.project();
        Shot s = v.shot();
        Clip c = v.clip();
        if (!r.prepareOnly()) {
            RenderSet.requireWritable(p); // refused now, not after the edit
        }
        String setName = v.setName();
        boolean usesPoints = v.points() != null;
        PointSet points = v.points();
        PointEdit edit = v.edit();
        sub.subTask("reading the clip");
        List<RgbFrame> source = store.readClipFrames(p, s, c, sub.split(5));
        checkCanceled(sub);
        VideoDiffusionModel.Layout layout = v.layout();
        String modelKey = v.modelKey();
        Map<String, Object> settings = v.settings();
        List<String> fromModel = v.fromModel();
        Path cacheFolder = p.cacheFolder().resolve(s.id()).resolve(c.fileName()).resolve("edit-" + method.id());
        EditResult result = runtime.call(() -> {
            sub.subTask("loading the model");
            try (NDManager root = runtime.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                sub.worked(5);
                DiffusionModels dm = new DiffusionModels(runtime, model);
                EditRequest request = new EditRequest(dm, source, points, edit, r.prompt(), r.subject(), r.target(),
                        settings, new PreprocessingCache(cacheFolder, modelKey)).observedBy(observer);
                return r.prepareOnly() ? new EditResult(List.of(), method.prepare(request, sub.split(80)))
                        : method.run(request, sub.split(80));
            }
        });
        if (r.prepareOnly()) {
            String cached = cacheSummary(result.report());
            return String.format(Locale.ROOT, "preprocessed %d frames for \"%s\" (%s) → %s", source.size(), r.subject(),
                    cached.isEmpty() ? method.id() + " keeps no source side" : cached, cacheFolder);
        }
        checkCanceled(sub); // a cancel up to the publication leaves the previous render as it was
        // the job again, everything resolved: "vswap batch" runs the record's job as written
        SwapSpec ran = new SwapSpec(p.folder().toAbsolutePath(), s.id(), Optional.of(c.name()),
                usesPoints ? Optional.of(setName) : Optional.empty(),
                r.prompt(), r.subject(), r.target(), r.remove(), r.drags(), r.keyframe(),
                Optional.of(layout.folder().toAbsolutePath()), method.id(), r.name(), false, settings, r.preset());
        RgbFrame first = result.frames().get(0);
        String stem = v.stem();
        SwapRender record = new SwapRender(ran, method.displayName(), fromModel, edit, modelKey,
                new SwapRender.ClipInfo(s.id(), s.name(), c.name(), result.frames().size(), first.width(),
                        first.height()),
                result.report(), RenderWriter.files(stem, result.subjectMasks().isPresent()), v.inputsKey());
        sub.subTask("writing the render");
        writer.publish(p, stem, source, result.frames(), s.probe().frameRate() / c.settings().stride(),
                SourceAudio.of(writer.codecs(), s, c.settings()),
                result.subjectMasks().orElse(null), record, sub);
        EditReport rep = result.report();
        String loss = rep.losses().isEmpty() ? "" : "final loss " + rep.losses().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4g", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        // the parts a method reports, those it has (a method without a source cache reports none)
        String parts = java.util.stream.Stream.of(cacheSummary(rep), fromModel.isEmpty() ? ""
                : "the model's settings: " + fromModel.stream().map(k -> k + "=" + settings.get(k))
                        .collect(Collectors.joining(", ")), rep.stageTimes(), loss)
                .filter(x -> !x.isEmpty()).collect(Collectors.joining("; "));
        return String.format(Locale.ROOT, "%d frames, \"%s\" → \"%s\"%s → %s.{mkv,mp4,json}",
                result.frames().size(), r.subject(), r.target(), parts.isEmpty() ? "" : " (" + parts + ")",
                p.rendersFolder().resolve(stem));
    }

    /** {@code <shot>-<clip>-swap-<target>}, and {@code -<name>} for a named edit. */
    /**
     * The concepts the target names, checked against the model (trained on it, weights as saved), as
     * {@code <token>=<weights sha256>}: a concept trained again under its token makes the render stale.
     */
    private List<String> concepts(SwapSpec r, VideoDiffusionModel.Layout layout) throws java.io.IOException {
        List<String> tokens = r.prepareOnly() ? List.of() : TargetConcepts.tokensIn(r.target());
        if (tokens.isEmpty()) {
            return List.of();
        }
        if (targetConcepts == null) {
            throw new IllegalArgumentException("the target names the concept " + String.join(", ", tokens)
                    + ", but the concept library is not installed: install it, or swap for a word");
        }
        return targetConcepts.check(tokens, layout.folder()).stream().map(u -> u.token() + "=" + u.weightsSha256())
                .toList();
    }

    static String stem(Shot s, Clip c, String target, Optional<String> name) {
        return s.id() + "-" + c.fileName() + "-swap-" + FileNames.part(target)
                + name.map(n -> "-" + n).orElse("");
    }

    private static String cacheSummary(EditReport report) {
        return report.cache().stream().map(u -> u.part() + " " + switch (u.outcome()) {
        case REUSED -> "reused";
        case COMPUTED -> "computed";
        case NOT_CACHED -> "computed, not cached";
        }).collect(Collectors.joining(", "));
    }

    /** The spec's removed points and drags (keyframe targets → displacements from the tracked position). */
    private static PointEdit pointEdit(PointSet points, SwapSpec r) {
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
            drags.add(new PointDrag(d.getKey(), r.keyframe(), d.getValue().x() - t.x(r.keyframe()),
                    d.getValue().y() - t.y(r.keyframe())));
        }
        return new PointEdit("swap-" + r.target(), new LinkedHashSet<>(r.remove()), drags);
    }

    static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
