package io.vswap.swap.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ContextWindows;

import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport.CacheOutcome;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.PreprocessingLock;
import io.vswap.swap.api.PromptConditioning;
import io.vswap.swap.api.SubjectMasks;
import io.vswap.swap.api.TargetConcepts;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/** VideoSwap (Gu et al. 2023) as an {@link EditMethod}: every stage of {@link VideoSwapPipeline}, in order. */
@Component(service = EditMethod.class)
public final class VideoSwapMethod implements EditMethod {

    public static final String ID = "videoswap";

    /**
     * The share of a frame's attention range GrabCut starts from as "probably subject", and the cells
     * around it that may still be subject. Not the blend's 0.3: from a region that wide GrabCut took
     * stripes of the background's colour into the subject on some sources (up to 5 px off); 0.5 and 0.6
     * did not. Chosen on the sources of seeds 7 and 3 (32 clips), not on the evaluation's seeds 1 and 2.
     */
    private static final double LOCATOR_THRESHOLD = 0.5;
    private static final int LOCATOR_MARGIN_CELLS = 2;

    @Reference
    private DragPropagator dragPropagator;

    /** The concept library, where installed: targets such as {@code <hexagon1>}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TargetConcepts targetConcepts;

    public VideoSwapMethod() {
    }

    /** For use outside DS (tests, tools). */
    public VideoSwapMethod(DragPropagator dragPropagator) {
        this(dragPropagator, null);
    }

    /** For use outside DS, with the concept library's targets. */
    public VideoSwapMethod(DragPropagator dragPropagator, TargetConcepts targetConcepts) {
        this.dragPropagator = dragPropagator;
        this.targetConcepts = targetConcepts;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "VideoSwap (semantic point correspondence)";
    }

    /**
     * Points (with their edit), the subject word and its replacement (a word or a concept of the
     * concept library); the target prompt may be given whole.
     */
    @Override
    public java.util.Set<EditInput> inputs() {
        return java.util.EnumSet.of(EditInput.POINTS, EditInput.POINT_EDIT, EditInput.SUBJECT_WORD,
                EditInput.TARGET_WORD, EditInput.TARGET_PROMPT, EditInput.CONCEPTS);
    }

    @Override
    public List<io.vswap.swap.api.EditPreset> presets() {
        return VideoSwapSettings.presets();
    }

    @Override
    public List<EditSetting> settings() {
        return VideoSwapSettings.descriptors();
    }

    /**
     * DIFT (a pass per draw and frame), registration (a forward and its backward over one window per
     * iteration), DDIM inversion (a pass per step over every window) and the edit (both halves of
     * classifier-free guidance per step, and the placement guidance's forward and backward on each
     * motion step), times the placement passes; the VAE's encode and decode are left out.
     */
    @Override
    public java.util.OptionalDouble framePasses(Map<String, ?> settings, int frames) {
        VideoSwapSettings s = VideoSwapSettings.fromValues(settings);
        List<ContextWindows.Window> windows = s.contextWindows().windows(frames);
        double windowFrames = windows.stream().mapToInt(ContextWindows.Window::count).sum();
        int span = windows.get(0).count();
        double source = 0;
        if (s.motionFeatures()) {
            source += (double) s.diftEnsemble() * frames;
            source += 3.0 * span * s.registrationIterations() * windows.size();
        }
        source += s.steps() * windowFrames;
        double motionSteps = Math.round(s.motionShare() * s.steps());
        double edit = 2.0 * s.steps() * windowFrames + (s.placementGuidance() > 0 ? 3.0 * motionSteps * windowFrames : 0);
        return java.util.OptionalDouble.of(source + s.placementPasses() * edit);
    }

    @Override
    public EditResult run(EditRequest request, IProgressMonitor monitor) throws Exception {
        Inputs in = checkedInputs(request, true);
        return request.models().runtime().call(() -> execute(request, in, false, monitor));
    }

    /**
     * The source side alone (DIFT point embeddings, registration, inversion) into the request's
     * cache, as {@link #run} computes it, so that the next edit of the clip reuses it.
     */
    @Override
    public EditReport prepare(EditRequest request, IProgressMonitor monitor) throws Exception {
        Inputs in = checkedInputs(request, false);
        return request.models().runtime().call(() -> execute(request, in, true, monitor)).report();
    }

    /** The settings and the points' source (and, for an edit, edited) trajectories, checked against the clip. */
    private record Inputs(VideoSwapSettings s, Map<String, Trajectory> source, Map<String, Trajectory> edited) {
    }

    private Inputs checkedInputs(EditRequest request, boolean withEdit) {
        if (request.subjectWord() == null || request.subjectWord().isBlank() || request.target() == null
                || request.target().isBlank()) {
            throw new IllegalArgumentException("VideoSwap swaps a subject by word: it needs the subject's word in the "
                    + "source prompt and the word or concept that replaces it");
        }
        VideoSwapSettings s = VideoSwapSettings.fromValues(request.settings());
        if (withEdit) {
            EditConcepts.check(EditConcepts.tokens(request), targetConcepts);
        }
        RgbFrame first = request.frames().get(0);
        int frames = request.frames().size();
        Map<String, Trajectory> source = new LinkedHashMap<>();
        Map<String, Trajectory> edited = new LinkedHashMap<>();
        if (s.motionFeatures()) {
            PointSet points = request.points();
            if (points == null || points.points().isEmpty()) {
                throw new IllegalArgumentException("VideoSwap needs semantic points (or motionFeatures=false)");
            }
            if (points.frameCount() != frames || points.width() != first.width() || points.height() != first.height()) {
                throw new IllegalArgumentException("the points are for " + points.frameCount() + " frames of "
                        + points.width() + "x" + points.height() + ", the clip has " + frames + " of " + first.width()
                        + "x" + first.height());
            }
            for (SemanticPoint p : points.points()) {
                source.put(p.name(), p.tracked().orElseThrow(
                        () -> new IllegalArgumentException("point \"" + p.name() + "\" is not tracked yet; track first")));
            }
            if (withEdit) {
                PointEdit edit = request.pointEdit() != null ? request.pointEdit() : PointEdit.unchanged("as tracked");
                // §3.5: removed points are left out, dragged ones follow the drag through every frame
                edited.putAll(dragPropagator.editedTrajectories(points, edit));
            }
        }
        return new Inputs(s, source, edited);
    }

    /** What the edit takes from the source clip: computed, or read from the cache. */
    private static final class SourceSide implements AutoCloseable {
        PointEmbeddings embeddings;
        MotionFeatureAdapter adapter;
        VideoSwapPipeline.Inversion inversion;

        @Override
        public void close() {
            if (adapter != null) {
                adapter.close();
            }
        }
    }

    /** Runs the stages in order; {@code prepareOnly} stops after the source side (no target, no frames). */
    private EditResult execute(EditRequest request, Inputs in, boolean prepareOnly, IProgressMonitor monitor) {
        VideoSwapSettings s = in.s();
        SubMonitor sub = SubMonitor.convert(monitor, prepareOnly ? "VideoSwap: preprocessing \"" + request.subjectWord()
                + "\"" : "VideoSwap: " + request.subjectWord() + " → " + request.target(), prepareOnly ? 70 : 100);
        VideoSwapPipeline p = new VideoSwapPipeline(request.models(), s);
        RgbFrame first = request.frames().get(0);
        LatentGrid grid = p.grid(first.width(), first.height());
        EditReport.Builder report = new EditReport.Builder().settings(s.toValues());
        ContextWindows windows = p.contextWindows();
        int frameCount = request.frames().size();
        if (windows.splits(frameCount) || windows.length() < s.contextLength() && frameCount > windows.length()) {
            report.note("context.windows", String.format(Locale.ROOT, "%d frames in %d windows of %d (overlap %d, "
                    + "stride %d)%s", frameCount, windows.windows(frameCount).size(), windows.length(),
                    windows.overlap(), windows.stride(), windows.length() < s.contextLength() ? "; contextLength "
                            + s.contextLength() + " cut to the " + windows.length()
                            + " frames the motion module was trained on" : ""));
        }
        PreprocessingFiles cache = request.cache() == null ? null
                : new PreprocessingFiles(request.cache(), request, s, in.source(), windows);
        if (cache != null) {
            report.note("cache.folder", request.cache().folder().toString());
        }
        try (NDManager root = request.models().runtime().newManager(); SourceSide src = new SourceSide()) {
            NDArray[] encoded = { null };
            java.util.function.Supplier<NDArray> latents = () -> {
                if (encoded[0] == null) {
                    encoded[0] = p.encode(request.frames(), root);
                }
                return encoded[0];
            };
            NDArray sourcePrompt = p.embedText(request.sourcePrompt(), root);
            String targetPrompt = request.targetPrompt();
            List<String> concepts = prepareOnly ? List.of() : EditConcepts.tokens(request);
            int[] subjectTokens = p.tokens(request.sourcePrompt(), request.subjectWord());
            if (!prepareOnly && concepts.isEmpty()) {
                p.tokens(targetPrompt, request.target()); // a target word missing from the prompt: said before work
            }
            sub.worked(5);

            // one preparer per clip: a second edit started meanwhile waits, then finds the source side cached
            try (PreprocessingLock held = lock(request, report, sub)) {
                sourceSide(request, in, p, grid, cache, root, latents, sourcePrompt, subjectTokens, report, src, sub);
            } catch (java.io.IOException e) {
                report.note("cache.lock", "not released: " + e.getMessage()); // the OS releases it with the process
            }
            if (prepareOnly) {
                return new EditResult(List.of(), report.build());
            }
            VideoSwapPipeline.MotionGuidance guidance = s.motionFeatures()
                    ? guidance(src.adapter, src.embeddings, in.edited(), grid, request.frames().size())
                    : null;
            try (PromptConditioning c = EditConcepts.open(request, concepts, targetConcepts, root)) {
                NDArray targetPrompt0 = c.encode(targetPrompt, root);
                NDArray unconditional = c.encode("", root);
                int[] targetTokens = c.wordPositions(targetPrompt, request.target());
                if (targetTokens.length == 0) {
                    throw new IllegalArgumentException("\"" + request.target() + "\" is not a word of the prompt \""
                            + targetPrompt + "\"");
                }
                p.conditionEditsBy(c);
                EditConcepts.report(c, report);
                List<RgbFrame> frames = editPasses(request, s, p, src.inversion, targetPrompt0, targetTokens,
                        unconditional, guidance, report, sub.split(30));
                return new EditResult(frames, report.build(), subjectMasks(p, src.inversion, frames.size(), grid, s));
            }
        }
    }

    /**
     * §6.1: where the last edit put the subject, as the final step's latent blend does: the source's
     * map at the first inversion level joined with the edit's last map, at latent resolution.
     */
    private static Optional<FrameMasks> subjectMasks(VideoSwapPipeline p, VideoSwapPipeline.Inversion inversion,
            int frames, LatentGrid grid, VideoSwapSettings s) {
        float[] edited = p.lastSubjectMap();
        if (edited == null || inversion.subjectMaps().isEmpty()) {
            return Optional.empty();
        }
        return SubjectMasks.joined(Optional.of(inversion.subjectMaps().get(0)), Optional.of(edited), frames,
                grid.latentWidth(), grid.latentHeight(), s.blendThreshold());
    }

    /** The cache's preparer lock, or null without a cache or where none can be made (a read-only folder: said). */
    private static PreprocessingLock lock(EditRequest request, EditReport.Builder report, IProgressMonitor monitor) {
        if (request.cache() == null) {
            return null;
        }
        try {
            return PreprocessingLock.acquire(request.cache(), monitor);
        } catch (java.io.IOException e) {
            report.note("cache.lock", "none (" + e.getMessage() + "): an edit of this clip started meanwhile may "
                    + "compute the source side too");
            return null;
        }
    }

    /**
     * The edit, once, or {@code placementPasses} times with placement guidance on: after each pass the
     * subject is found in its frames and in the source's ({@link SubjectLocator}), and the next pass
     * aims each frame's placement target off by what the frames still miss. The pass that misses
     * least by that measure is kept; each pass's measure goes to the report.
     */
    private static List<RgbFrame> editPasses(EditRequest request, VideoSwapSettings s, VideoSwapPipeline p,
            VideoSwapPipeline.Inversion inversion, NDArray targetPrompt, int[] targetTokens, NDArray unconditional,
            VideoSwapPipeline.MotionGuidance guidance, EditReport.Builder report, SubMonitor monitor) {
        int passes = s.placementGuidance() > 0 ? s.placementPasses() : 1;
        if (s.placementGuidance() > 0) {
            // the guidance differentiates the attention maps: the same check as training
            report.note("placement.gradients", request.models().runtime().trainingGradients().describe());
        }
        if (s.placementPasses() > 1 && passes == 1) {
            report.note("placement.passes", "1: placementPasses re-aims the placement guidance, which is off");
        }
        SubMonitor each = monitor.setWorkRemaining(passes);
        List<RgbFrame> source = request.frames();
        int frameCount = source.size();
        Shape latent = inversion.noise().getShape();
        int h = (int) latent.get(2);
        int w = (int) latent.get(3);
        SubjectLocator locator = new SubjectLocator(LOCATOR_THRESHOLD, LOCATOR_MARGIN_CELLS);
        double[][] sourceAt = passes > 1 ? locator.centroids(source, inversion.subjectMaps().get(0), h, w) : null;
        float[][] aim = null;
        List<RgbFrame> kept = null;
        double keptMiss = Double.POSITIVE_INFINITY;
        int keptPass = 0;
        for (int pass = 1; pass <= passes; pass++) {
            SubMonitor one = each.split(1).setWorkRemaining(10);
            // a pass is a whole edit: the console and the workbench say which one is running
            String stage = passes > 1 ? "editing, placement pass " + pass + " of " + passes : "editing";
            one.subTask(stage);
            p.watchSteps(new StepReporter(p, one, request.observer(), stage, frameCount));
            NDArray z = p.edit(inversion, targetPrompt, targetTokens, unconditional, guidance, aim, one.split(8));
            List<RgbFrame> frames;
            one.subTask(stage + ", decoding the frames");
            try (z) {
                frames = p.decode(z);
            }
            one.worked(2);
            String prefix = passes > 1 ? "placement.pass" + pass + "." : "placement.";
            placementReport(p, prefix, report);
            if (passes == 1) {
                kept = frames;
                break;
            }
            Miss m = miss(locator.centroids(frames, p.lastSubjectMap(), h, w), sourceAt, aim, source, h, w);
            int measured = m.measured();
            double miss = m.pixels();
            float[][] next = m.nextAim();
            report.figure(prefix + "measuredFrames", measured);
            if (measured > 0) {
                report.figure(prefix + "miss", miss);
            }
            report.note(prefix + "measured", measured == 0 ? "the subject was not found in the frames"
                    : String.format(Locale.ROOT, "%.2f px from the source's subject on average over %d of %d frames",
                            miss, measured, frameCount));
            if (kept == null || miss < keptMiss) {
                kept = frames;
                keptMiss = miss;
                keptPass = pass;
            }
            if (measured == 0) {
                break; // nothing to re-aim by: another pass would repeat this one
            }
            aim = next;
            report.stageEnded("pass" + pass);
        }
        if (passes > 1) {
            report.figure("placement.kept", keptPass).note("placement.kept", "pass " + keptPass + " of " + passes);
        }
        report.stageEnded("edit");
        return kept;
    }

    /**
     * How far a pass's subject is from the source's (mean over the frames where both were found, in pixels;
     * infinite when none), and each frame's aim for the next pass: the miss in latent cells taken off where
     * this pass aimed.
     */
    private record Miss(double pixels, int measured, float[][] nextAim) {
    }

    private static Miss miss(double[][] at, double[][] sourceAt, float[][] aim, List<RgbFrame> source, int h, int w) {
        double sum = 0;
        int measured = 0;
        float[][] next = new float[source.size()][];
        for (int f = 0; f < source.size(); f++) {
            float[] before = aim == null || aim[f] == null ? new float[2] : aim[f];
            next[f] = before;
            if (at[f] == null || sourceAt[f] == null) {
                continue;
            }
            double dx = at[f][0] - sourceAt[f][0];
            double dy = at[f][1] - sourceAt[f][1];
            sum += Math.hypot(dx, dy);
            measured++;
            next[f] = new float[] { before[0] - (float) (dx * w / source.get(f).width()),
                    before[1] - (float) (dy * h / source.get(f).height()) };
        }
        return new Miss(measured == 0 ? Double.POSITIVE_INFINITY : sum / measured, measured, next);
    }

    private static void placementReport(VideoSwapPipeline p, String prefix, EditReport.Builder report) {
        List<Float> energies = p.placementEnergies();
        if (!energies.isEmpty()) {
            // how far apart the two subjects' attention centroids were at the first and last guided step
            float first = energies.get(0), last = energies.get(energies.size() - 1);
            report.figure(prefix + "energy.first", first).figure(prefix + "energy.last", last)
                    .figure(prefix + "energy.steps", energies.size())
                    .note(prefix + "energy", String.format(Locale.ROOT, "%.4f -> %.4f cells^2 over %d steps", first,
                            last, energies.size()));
        }
        if (p.placementCapped() > 0) {
            report.figure(prefix + "capped", p.placementCapped()).note(prefix + "capped", p.placementCapped() + " of "
                    + energies.size() + " steps: the pull was held to a quarter of the noise prediction (the cap; a "
                    + "large placementGuidance reaches it by design)");
        }
        if (p.placementSkips() > 0) {
            report.figure(prefix + "skipped", p.placementSkips()).warning(p.placementSkips()
                    + " steps without placement guidance: the backend's gradient was not finite");
        }
    }

    /** DIFT embeddings, registration (motion features on) and inversion: 65 units of {@code sub}. */
    private void sourceSide(EditRequest request, Inputs in, VideoSwapPipeline p, LatentGrid grid,
            PreprocessingFiles cache, NDManager root, java.util.function.Supplier<NDArray> latents,
            NDArray sourcePrompt, int[] subjectTokens, EditReport.Builder report, SourceSide src,
            SubMonitor sub) {
        VideoSwapSettings s = in.s();
        Map<String, Trajectory> source = in.source();
        RgbFrame first = request.frames().get(0);
        if (s.motionFeatures()) {
            PointEmbeddings cachedEmb = cache == null ? null : cache.readEmbeddings();
            if (cachedEmb != null && cachedEmb.names().equals(new ArrayList<>(source.keySet()))) {
                src.embeddings = cachedEmb;
                report.cache("dift", CacheOutcome.REUSED, cache.diftFile().getFileName().toString(), null);
            } else {
                sub.subTask("DIFT point features");
                PointEmbeddings computed = p.embedPoints(latents.get(), request.subjectWord(), source, first.width(),
                        first.height());
                src.embeddings = computed;
                if (cache != null) {
                    cacheWrite(report, "dift", cache.diftFile(), () -> cache.writeEmbeddings(computed));
                }
            }
            PointEmbeddings emb = src.embeddings;
            // which frames each point guides after the DIFT similarity check (visibilitySimilarity)
            report.note("points.visible", emb.visibilitySummary());
            if (!emb.anyVisible()) {
                report.warning("no point counts as visible on any frame after the DIFT similarity check ("
                        + s.visibilitySimilarity() + "): the motion features add nothing. Lower visibilitySimilarity "
                        + "or check the points' tracks");
            }
            sub.worked(5);
            report.stageEnded("dift");
            List<Integer> channels = request.models().unet().imageUNet().config().blockOutChannels();
            PreprocessingFiles.Registered cached = cache == null ? null
                    : cache.readAdapter(emb.dimension(), channels, root);
            if (cached != null) {
                src.adapter = cached.adapter();
                report.cache("registration", CacheOutcome.REUSED, cache.mlpFile().getFileName().toString(), null);
                report.loss("registration", cached.finalLoss());
                sub.worked(40);
            } else {
                float last = register(request, p, grid, root, latents, sourcePrompt, emb, source, report, src,
                        sub);
                if (cache != null) {
                    MotionFeatureAdapter registered = src.adapter;
                    cacheWrite(report, "registration", cache.mlpFile(), () -> cache.writeAdapter(registered, last));
                }
            }
            report.stageEnded("registration");
        } else {
            sub.worked(45);
        }
        VideoSwapPipeline.Inversion inversion = cache == null ? null : cache.readInversion(root);
        if (inversion != null) {
            report.cache("inversion", CacheOutcome.REUSED, cache.inversionFile().getFileName().toString(), null);
            sub.worked(20);
        } else {
            sub.subTask("DDIM inversion"); // the stage, not the last registration step, while it runs
            p.watchSteps(new StepReporter(p, sub, request.observer(), "DDIM inversion", request.frames().size()));
            inversion = p.invert(latents.get(), sourcePrompt, subjectTokens, sub.split(20));
            if (cache != null) {
                VideoSwapPipeline.Inversion computed = inversion;
                cacheWrite(report, "inversion", cache.inversionFile(), () -> cache.writeInversion(computed));
            }
        }
        src.inversion = inversion;
        report.stageEnded("inversion");
    }

    /** §3.4: registers the points into {@code src.adapter} (40 units of {@code sub}); the last used loss. */
    private static float register(EditRequest request, VideoSwapPipeline p, LatentGrid grid,
            NDManager root, java.util.function.Supplier<NDArray> latents, NDArray sourcePrompt, PointEmbeddings emb,
            Map<String, Trajectory> source, EditReport.Builder report, SourceSide src, SubMonitor sub) {
        float[] last = { Float.NaN };
        Registration registration = new Registration(request.models().unet(), request.models().schedule(),
                request.models().runtime());
        int iterations = p.registrationOptions().iterationsFor(request.frames().size());
        try (MotionFeatureAdapter initial = p.newAdapter(emb.dimension(), root)) {
            src.adapter = registration.register(initial, latents.get(), sourcePrompt, emb,
                    new ArrayList<>(source.values()), grid, p.registrationOptions(), (it, t, loss, skipped) -> {
                        if (!skipped) {
                            last[0] = loss;
                            request.observer().loss("registration", it + 1, iterations, loss);
                        }
                        sub.subTask(String.format(Locale.ROOT, "registration %d/%d: loss %.4g", it + 1,
                                iterations, loss));
                    }, sub.split(40));
        }
        report.loss("registration", last[0]);
        // which CPU kernels computed the gradients: checked once per machine (TensorRuntime)
        report.note("registration.gradients", registration.gradients().describe());
        // steps replayed because their gradient did not reproduce (Registration.replayPolicy)
        report.replays("registration", registration.replays(), registration.replayed());
        return last[0];
    }

    private interface CacheWrite {
        void write() throws java.io.IOException;
    }

    /** A cache that cannot be written costs the next edit time, not this one its result: reported, not thrown. */
    private static void cacheWrite(EditReport.Builder report, String part, java.nio.file.Path file, CacheWrite w) {
        try {
            w.write();
            report.cache(part, CacheOutcome.COMPUTED, file.getFileName().toString(), null);
        } catch (java.io.IOException e) {
            report.cache(part, CacheOutcome.NOT_CACHED, file.getFileName().toString(), e.getMessage());
        }
    }

    /** The edit's points: embeddings by name, placed along the edited trajectories with the DIFT visibility. */
    static VideoSwapPipeline.MotionGuidance guidance(MotionFeatureAdapter adapter, PointEmbeddings emb,
            Map<String, Trajectory> edited, LatentGrid grid, int frames) {
        List<Trajectory> trajectories = new ArrayList<>();
        float[][] rows = new float[edited.size()][];
        boolean[][] visible = new boolean[edited.size()][];
        int k = 0;
        for (var e : edited.entrySet()) {
            int i = emb.indexOf(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("no embedding for point \"" + e.getKey() + "\"");
            }
            trajectories.add(e.getValue());
            rows[k] = emb.embeddings()[i];
            visible[k] = emb.visible()[i];
            k++;
        }
        return new VideoSwapPipeline.MotionGuidance(adapter, rows,
                new PointPlacement(grid, frames, trajectories, visible, null));
    }
}
