package io.vswap.swap.evaluation.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
import io.vswap.eval.api.Measurement;
import io.vswap.files.api.AtomicFolder;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.swap.api.SubjectWords;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.swap.evaluation.api.SwapTargets;
import io.vswap.swap.evaluation.api.SwapVariant;
import io.vswap.video.api.RgbFrame;

/**
 * Runs the swap evaluation: seeded sample clips, each swapped to its rule-chosen targets with
 * every variant, each result scored against the clip's truth. The points are the truth's named
 * points as a tracked point set, so the figures measure the method, not the tracker. Results are
 * written after every case ({@link SwapReport}), so a cancel or a crash keeps what was measured.
 * Call inside the tensor runtime's call.
 */
public final class SwapEvaluation {

    /** Frame size and clip length of the sample world the shipped model is trained on. */
    public static final int SIZE = 64;
    public static final int FRAMES = 16;

    /**
     * What to measure.
     *
     * @param samples clips
     * @param ablationSamples the first this many clips get every variant; the rest only the first listed
     *        (by default {@link SwapVariant#FULL})
     * @param seed clip seeds follow from it
     * @param targets per clip, from {@link SwapTargets}
     * @param baseline also run each clip to its own shape ({@link SwapTargets#same}) with the first
     *        variant: the pipeline's floor, reported apart from the swaps
     * @param guidanceScale classifier-free guidance of the edits
     * @param methodSeed the method's own seed (noise, MLP init), the same for every case so variants are paired
     * @param methodSettings other settings of the method than the ones above, overriding its defaults for
     *        every variant (e.g. {@code motionScale}); checked by {@link VideoSwapSettings#fromValues}
     * @param sheetCases cases (clip × target) shown in the contact sheet, from the first clips
     * @param keepCache keep each clip's preprocessing cache (else deleted when the clip is done)
     * @param firstClip the clips before it are left out (to run one clip of a larger table again alone:
     *        {@code samples=5 firstClip=4} is clip 4 of the table with {@code samples=30})
     * @param modelSettings what the model's {@code vswap-settings.json} recommends and this evaluation
     *        uses (see {@link #withModelSettings}); fields of its own already hold those values
     * @param frames frames per clip ({@link SwapEvaluation#FRAMES}, the length the model was trained on; a
     *        longer clip runs in the method's sliding context windows)
     */
    public record Options(int samples, int ablationSamples, long seed, int targets, boolean baseline,
            List<SwapVariant> variants, int steps, int registrationIterations, int diftEnsemble, double guidanceScale,
            long methodSeed, Map<String, Object> methodSettings, int sheetCases, boolean keepCache, Path output,
            int firstClip, Map<String, Object> modelSettings, int frames) {

        /** Clips of {@link SwapEvaluation#FRAMES}. */
        public Options(int samples, int ablationSamples, long seed, int targets, boolean baseline,
                List<SwapVariant> variants, int steps, int registrationIterations, int diftEnsemble,
                double guidanceScale, long methodSeed, Map<String, Object> methodSettings, int sheetCases,
                boolean keepCache, Path output, int firstClip, Map<String, Object> modelSettings) {
            this(samples, ablationSamples, seed, targets, baseline, variants, steps, registrationIterations,
                    diftEnsemble, guidanceScale, methodSeed, methodSettings, sheetCases, keepCache, output, firstClip,
                    modelSettings, FRAMES);
        }

        /** The method's settings that have fields of their own here, or that a variant sets. */
        public static final Set<String> OWN_SETTINGS = Set.of("steps", "registrationIterations", "diftEnsemble",
                "guidanceScale", "seed", "patchLoss", "semanticSchedule", "motionFeatures");

        public Options {
            variants = List.copyOf(new LinkedHashSet<>(variants));
            methodSettings = Collections.unmodifiableMap(new LinkedHashMap<>(methodSettings));
            modelSettings = Collections.unmodifiableMap(new LinkedHashMap<>(modelSettings));
            VideoSwapSettings.fromValues(modelSettings);
            for (String name : methodSettings.keySet()) {
                if (OWN_SETTINGS.contains(name)) {
                    throw new IllegalArgumentException("'" + name + "' is set by its own field or by a variant");
                }
            }
            VideoSwapSettings.fromValues(methodSettings); // refuses unknown names and bad values
            if (samples < 1 || ablationSamples < 0 || targets < 1 || variants.isEmpty() || steps < 1
                    || registrationIterations < 0 || diftEnsemble < 1 || sheetCases < 0 || !(guidanceScale >= 1)
                    || firstClip < 0 || firstClip >= samples || frames < 2) {
                throw new IllegalArgumentException("samples, targets, steps, DIFT draws and the guidance scale at "
                        + "least 1; a variant; iterations and counts not negative; the first clip below samples; "
                        + "2 frames or more");
            }
        }

        /** Settings a model's recommendation never sets here: the evaluation's seed and the variants' own. */
        public static final Set<String> NOT_FROM_MODEL = Set.of("seed", "patchLoss", "semanticSchedule",
                "motionFeatures");

        /**
         * These options with the model's recommendations, for every setting this evaluation was not
         * given: not {@code named} (fields of its own given explicitly), not in {@code methodSettings},
         * not a variant's or the seed. A recommended step count, registration length, DIFT ensemble or
         * guidance replaces the field's method default.
         */
        public Options withModelSettings(Map<String, Object> recommended, Set<String> named) {
            Map<String, Object> m = new LinkedHashMap<>(recommended);
            m.keySet().removeIf(k -> NOT_FROM_MODEL.contains(k) || named.contains(k) || methodSettings.containsKey(k));
            VideoSwapSettings r = VideoSwapSettings.fromValues(m);
            return new Options(samples, ablationSamples, seed, targets, baseline, variants,
                    m.containsKey("steps") ? r.steps() : steps,
                    m.containsKey("registrationIterations") ? r.registrationIterations() : registrationIterations,
                    m.containsKey("diftEnsemble") ? r.diftEnsemble() : diftEnsemble,
                    m.containsKey("guidanceScale") ? r.guidanceScale() : guidanceScale, methodSeed, methodSettings,
                    sheetCases, keepCache, output, firstClip, m, frames);
        }

        /** The method's settings for {@code variant}. */
        Map<String, Object> settings(SwapVariant variant) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("steps", steps);
            m.put("registrationIterations", registrationIterations);
            m.put("diftEnsemble", diftEnsemble);
            m.put("guidanceScale", guidanceScale);
            m.put("seed", (int) methodSeed);
            m.putAll(modelSettings);
            m.putAll(methodSettings);
            m.putAll(variant.settings());
            return m;
        }
    }

    /**
     * One measured case: a clip swapped to one target by one variant.
     *
     * @param metrics the installed evaluation metrics' clip values by metric id (those that measured),
     *        without the truth: what a user's evaluation of the render would say
     */
    public record CaseResult(int clip, long clipSeed, String caption, String sourceShape, String colour,
            SwapTargets.Target target, SwapVariant variant, double seconds, SwapScoring.ClipScore score,
            io.vswap.swap.api.EditReport methodReport, SwapScoring.FrameChange frameChange,
            Map<String, Double> metrics) {

        public CaseResult {
            metrics = Map.copyOf(metrics);
        }

        /** A case measured against the truth alone. */
        public CaseResult(int clip, long clipSeed, String caption, String sourceShape, String colour,
                SwapTargets.Target target, SwapVariant variant, double seconds, SwapScoring.ClipScore score,
                io.vswap.swap.api.EditReport methodReport, SwapScoring.FrameChange frameChange) {
            this(clip, clipSeed, caption, sourceShape, colour, target, variant, seconds, score, methodReport,
                    frameChange, Map.of());
        }

        /** Identifies the clip and target, the same for every variant. */
        public String pair() {
            return clip + "/" + target.shape().word();
        }
    }

    private final Options options;
    private final EditMethod method;
    private final DiffusionModels models;
    private final SwapReport report;
    private Evaluator evaluator;
    private Path clip;

    public SwapEvaluation(Options options, EditMethod method, DiffusionModels models, SwapReport report) {
        this.options = options;
        this.method = method;
        this.models = models;
        this.report = report;
    }

    /**
     * Also measures each case with the installed evaluation metrics (as a user's "evaluate" would,
     * without the truth), and writes how well they agree with the truth ({@link MetricAgreement}).
     */
    public SwapEvaluation withMetrics(Evaluator e) {
        this.evaluator = e;
        return this;
    }

    /**
     * Also CLIP-T/F with the CLIP in {@code folder} (the sample model's own), and CLIP-T of each
     * render for the source's shape word and for the best-matching wrong shape word beside the asked
     * one ({@code clip-t:source}, {@code clip-t:best-wrong}).
     */
    public SwapEvaluation withClip(Path folder) {
        this.clip = folder;
        return this;
    }

    /** The seeds of the clips, in order. */
    public static long[] clipSeeds(long seed, int samples) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] s = new long[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = r.nextLong();
        }
        return s;
    }

    /**
     * Runs every case; returns the results (also in the report's files). First the first listed
     * variant (the full method by default) on every clip, then the other variants clip by clip on
     * the first {@code ablationSamples} clips: a run cut short has the main figure on every clip and
     * whole clips of paired ablations. A clip's preprocessing cache stays until its last case.
     */
    public List<CaseResult> run(IProgressMonitor monitor) throws Exception {
        long[] seeds = clipSeeds(options.seed(), options.samples());
        List<SwapVariant> first = options.variants().subList(0, 1);
        List<SwapVariant> others = options.variants().subList(1, options.variants().size());
        List<int[]> order = new ArrayList<>(); // {clip, index in variants}
        for (int i = options.firstClip(); i < seeds.length; i++) {
            order.add(new int[] { i, 0 });
        }
        for (int i = options.firstClip(); i < Math.min(options.ablationSamples(), seeds.length); i++) {
            for (int v = 1; v <= others.size(); v++) {
                order.add(new int[] { i, v });
            }
        }
        int[] lastUse = new int[seeds.length];
        for (int k = 0; k < order.size(); k++) {
            lastUse[order.get(k)[0]] = k;
        }
        int total = order.size() * options.targets() + (options.baseline() ? seeds.length - options.firstClip() : 0);
        SubMonitor sub = SubMonitor.convert(monitor, "Evaluating VideoSwap on " + options.samples() + " sample clips",
                total);
        List<CaseResult> results = new ArrayList<>();
        int done = 0;
        long start = System.nanoTime();
        try {
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k)[0];
                SwapVariant variant = order.get(k)[1] == 0 ? first.get(0) : others.get(order.get(k)[1] - 1);
                SampleClip clip = SampleWorld.clip(seeds[i], SIZE, options.frames());
                // where the method's context windows begin and end: the seams a long clip could show
                List<Integer> seams = windows(options.settings(variant)).seams(clip.frameCount());
                List<RgbFrame> source = new ArrayList<>();
                for (int f = 0; f < clip.frameCount(); f++) {
                    source.add(new RgbFrame(f, SIZE, SIZE, clip.frameRgb(f)));
                }
                PointSet points = truthPoints(clip);
                List<SwapTargets.Target> targets = new ArrayList<>();
                if (options.baseline() && order.get(k)[1] == 0) {
                    targets.add(SwapTargets.same(clip));
                }
                targets.addAll(SwapTargets.forClip(seeds[i], clip, options.targets()));
                // one folder per clip: the method keys each file by exactly what it depends on, so the
                // variants share the inversion (and all but one the DIFT embeddings) and differ in the MLPs
                Path cache = options.output().resolve("cache").resolve(String.format(Locale.ROOT, "clip-%03d", i));
                for (SwapTargets.Target target : targets) {
                    checkCanceled(sub);
                    done++;
                    String what = String.format(Locale.ROOT, "case %d/%d: clip %d \"%s\", %s → %s (%s), %s", done,
                            total, i, clip.caption(), clip.spec().shape().word(), target.shape().word(),
                            target.kind().label(), variant.id());
                    sub.subTask(what);
                    long t0 = System.nanoTime();
                    EditRequest request = new EditRequest(models, source, points, pointEdit(points, target),
                            clip.caption(), clip.spec().shape().word(), target.shape().word(),
                            options.settings(variant), new PreprocessingCache(cache, report.modelKey()));
                    EditResult result = method.run(request, sub.split(1));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    SwapScoring.ClipScore score = SwapScoring.score(clip, result.frames(),
                            SwapTargets.truth(seeds[i], clip, target.shape()));
                    CaseResult c = new CaseResult(i, seeds[i], clip.caption(), clip.spec().shape().word(),
                            clip.spec().color().word(), target, variant, seconds, score, result.report(),
                            SwapScoring.frameChange(score, seams), metrics(what, source, result, request));
                    results.add(c);
                    report.add(c, source, result.frames());
                    report.write(results, false, (System.nanoTime() - start) / 1e9);
                    System.err.printf(Locale.ROOT,
                            "  %s: shape %.0f%%, colour %.0f%%, centroid<=2px %.0f%% (mean %.2f px), "
                                    + "background %.2f dB; %.1f s%s%n",
                            what, 100 * score.shapeFound(), 100 * score.colourFound(), 100 * score.onTrajectory(),
                            score.meanCentroidError(), score.backgroundPsnr(), seconds, seams.isEmpty() ? ""
                                    : String.format(Locale.ROOT, "; frame-to-frame offset change %.2f px at window "
                                            + "edges, %.2f px inside", c.frameChange().atSeams(),
                                            c.frameChange().inside()));
                }
                if (!options.keepCache() && lastUse[i] == k) {
                    AtomicFolder.deleteTree(cache);
                }
            }
        } catch (OperationCanceledException e) {
            report.write(results, false, (System.nanoTime() - start) / 1e9);
            throw e;
        }
        report.write(results, true, (System.nanoTime() - start) / 1e9);
        if (evaluator != null) {
            MetricAgreement.write(results, options.output());
        }
        return results;
    }

    /** The metrics' clip values for one case, by id; none without an evaluator. */
    private Map<String, Double> metrics(String label, List<RgbFrame> source, EditResult result, EditRequest request) {
        if (evaluator == null) {
            return Map.of();
        }
        EvaluationInput in = EvaluationInput.of(label, source, result.frames()).withPoints(request.points(),
                request.pointEdit()).withTargetPrompt(request.targetPrompt());
        if (result.subjectMasks().isPresent()) {
            in = in.withEditMasks(result.subjectMasks().get());
        }
        if (clip != null) {
            in = in.withModelFolder(clip);
        }
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Measurement m : evaluator.evaluate(in, Set.of(), new org.eclipse.core.runtime.NullProgressMonitor())
                .measurements()) {
            m.result().filter(r -> !Double.isNaN(r.summary())).ifPresent(r -> out.put(m.metric(), r.summary()));
        }
        if (out.containsKey(CLIP_T)) {
            // the asked target against the other shape words (the frames' embeddings are cached: cheap)
            double bestWrong = Double.NEGATIVE_INFINITY;
            for (SubjectShape shape : SubjectShape.values()) {
                if (shape.word().equals(request.target())) {
                    continue;
                }
                double v = clipT(in, SubjectWords.replace(request.sourcePrompt(),
                        request.subjectWord(), shape.word()));
                bestWrong = Math.max(bestWrong, v);
                if (shape.word().equals(request.subjectWord())) {
                    out.put(CLIP_T + ":source", v);
                }
            }
            out.put(CLIP_T + ":best-wrong", bestWrong);
        }
        return out;
    }

    private static final String CLIP_T = "clip-t";

    private double clipT(EvaluationInput in, String prompt) {
        return evaluator.evaluate(in.withTargetPrompt(prompt), Set.of(CLIP_T),
                new org.eclipse.core.runtime.NullProgressMonitor()).measurement(CLIP_T).orElseThrow().result()
                .orElseThrow().summary();
    }

    /** The context windows the method runs a clip in with {@code settings} on this evaluation's model. */
    private io.vswap.diffusion.api.ContextWindows windows(Map<String, Object> settings) {
        return VideoSwapSettings.fromValues(settings).contextWindows().fitTo(models.unet().motionConfig());
    }

    /** The truth's named points as a tracked point set (visible where inside the frame). */
    public static PointSet truthPoints(SampleClip clip) {
        PointSet set = PointSet.empty("truth", clip.frameCount(), clip.size(), clip.size());
        int k = 0;
        for (var e : clip.points().entrySet()) {
            double[][] t = e.getValue();
            int n = t.length;
            double[] x = new double[n];
            double[] y = new double[n];
            boolean[] visible = new boolean[n];
            float[] confidence = new float[n];
            for (int f = 0; f < n; f++) {
                x[f] = t[f][0];
                y[f] = t[f][1];
                visible[f] = t[f][2] > 0;
                confidence[f] = visible[f] ? 1 : 0;
            }
            int colour = java.awt.Color.HSBtoRGB(k++ / 6f, 0.9f, 1f) & 0xffffff;
            set = set.withPoint(new SemanticPoint(e.getKey(), colour,
                    List.of(new Keyframe(SwapTargets.KEYFRAME, x[SwapTargets.KEYFRAME], y[SwapTargets.KEYFRAME])),
                    new Trajectory(x, y, visible, confidence)));
        }
        return set;
    }

    /** The target's removed points, and its drags as displacements from the truth on the keyframe. */
    public static PointEdit pointEdit(PointSet points, SwapTargets.Target target) {
        List<PointDrag> drags = new ArrayList<>();
        target.drags().forEach((name, to) -> {
            Trajectory t = points.point(name).flatMap(SemanticPoint::tracked)
                    .orElseThrow(() -> new IllegalArgumentException("no tracked point \"" + name + "\""));
            drags.add(new PointDrag(name, SwapTargets.KEYFRAME, to[0] - t.x(SwapTargets.KEYFRAME),
                    to[1] - t.y(SwapTargets.KEYFRAME)));
        });
        return new PointEdit("evaluate-" + target.shape().word(), new LinkedHashSet<>(target.removed()), drags);
    }

    private static void checkCanceled(IProgressMonitor m) {
        if (m.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
