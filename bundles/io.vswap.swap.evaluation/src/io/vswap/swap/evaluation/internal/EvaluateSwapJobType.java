package io.vswap.swap.evaluation.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.eval.api.Evaluator;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.evaluation.api.SwapTargets;
import io.vswap.swap.evaluation.api.SwapVariant;

/**
 * {@code "evaluate-swap"}: measures the VideoSwap method on seeded sample-world clips against their
 * ground truth (issue 6): target shape and colour found, centroid on the source trajectory,
 * background PSNR, for the full method and the paper's ablations. Writes {@code report.json},
 * {@code report.md} and {@code sheet.png} into {@code output}, after every case.
 */
@Component(service = BatchJobType.class)
public final class EvaluateSwapJobType implements BatchJobType {

    public static final String METHOD = "videoswap";
    public static final String MODEL = "sample";

    @Reference
    private TensorRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<EditMethod> methods;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Evaluator evaluator;

    @Override
    public String type() {
        return "evaluate-swap";
    }

    private static final String FROM_MODEL = "the model's, else ";
    private static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH,
            "the folder for report.json, report.md and sheet.png (written after every case)");
    private static final JobField SAMPLES = JobField.integer("samples", 30, "sample clips").within(1, null);
    private static final JobField ABLATION_SAMPLES = JobField.optional("ablationSamples", JobField.Kind.INTEGER,
            "all", "the first clips that get every variant (the others get the full method only)").within(1, null);
    private static final JobField SEED = JobField.integer("seed", 1, "the seed the clips are drawn from");
    private static final JobField TARGETS = JobField.integer("targets", 2, "targets per clip")
            .within(1, SwapTargets.maxTargets());
    private static final JobField VARIANTS = JobField.optional("variants", JobField.Kind.NAMES, paperVariants(),
            "the full method and the paper's ablations to run; also frame-by-frame (each frame edited alone)");
    private static final JobField STEPS = ownSetting("steps");
    private static final JobField ITERATIONS = ownSetting("registrationIterations");
    private static final JobField DIFT = ownSetting("diftEnsemble");
    private static final JobField GUIDANCE = ownSetting("guidanceScale").within(1, 100);
    private static final JobField METHOD_SEED = JobField.integer("methodSeed", 0, "the method's seed (its noise)");
    private static final JobField SHEET_CASES = JobField.integer("sheetCases", 3, "cases on the contact sheet")
            .within(0, null);
    private static final JobField KEEP_CACHE = JobField.flag("keepCache", false,
            "keep the edit cache of each clip (for a look afterwards)");
    private static final JobField BASELINE = JobField.flag("baseline", false, "also edit each clip to its own "
            + "shape: the pipeline's floor, reported apart");
    private static final JobField FIRST_CLIP = JobField.integer("firstClip", 0, "leave the clips before it out, e.g. "
            + "samples=5 firstClip=4 runs clip 4 of a larger table alone").within(0, null);
    private static final JobField FRAMES = JobField.integer("frames", SwapEvaluation.FRAMES, "frames per clip (longer "
            + "than the model's window: the swap runs in sliding context windows)").within(2, 10_000);
    private static final JobField MODEL_FOLDER = JobField.optional("model", JobField.Kind.PATH, "the \"" + MODEL
            + "\" model provider's", "a model folder");

    /** A setting of the method under its own field, defaulting to the model's recommendation, else the method's. */
    private static JobField ownSetting(String name) {
        EditSetting s = VideoSwapSettings.descriptors().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow();
        return s.jobField(FROM_MODEL + s.defaultValue());
    }

    /** Its own fields, then every other setting of the method (for every variant). */
    private static List<JobField> declared() {
        List<JobField> all = new ArrayList<>(List.of(OUTPUT, SAMPLES, ABLATION_SAMPLES, SEED, TARGETS, VARIANTS, STEPS,
                ITERATIONS, DIFT, GUIDANCE, METHOD_SEED, SHEET_CASES, KEEP_CACHE, BASELINE, FIRST_CLIP, FRAMES,
                MODEL_FOLDER));
        otherSettingDescriptors().forEach(s -> all.add(s.jobField(FROM_MODEL + s.defaultValue())));
        return all;
    }

    @Override
    public List<JobField> fields() {
        return declared();
    }

    @Override
    public String description() {
        return "measure VideoSwap on seeded sample clips (points from the truth) against their truth: target shape "
                + "and source colour found, centroid within 2 px of the source's, background PSNR, for the full method "
                + "and the ablations. A method setting left out takes the model folder's recommendation in "
                + ModelSettings.FILE + " where it has one, else the method's default. With the evaluation metrics "
                + "installed, each case is also measured as a user's \"evaluate\" would (no truth) and "
                + "metric-agreement.md says how well the metrics rank the cases as the truth does";
    }

    /** The method's settings this job takes under their own names, beside its own fields. */
    private static List<EditSetting> otherSettingDescriptors() {
        return VideoSwapSettings.descriptors().stream()
                .filter(d -> !SwapEvaluation.Options.OWN_SETTINGS.contains(d.name())).toList();
    }

    private static String paperVariants() {
        return SwapVariant.paper().stream().map(SwapVariant::id).collect(Collectors.joining(","));
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(declared());
        Path output = OUTPUT.path(spec);
        int samples = SAMPLES.integer(spec);
        int ablationSamples = ABLATION_SAMPLES.optInteger(spec).orElse(samples);
        long seed = SEED.integer(spec);
        int targets = TARGETS.integer(spec);
        List<SwapVariant> variants = new ArrayList<>();
        for (String v : spec.optStrings("variants").orElse(List.of(paperVariants().split(",")))) {
            variants.add(SwapVariant.byId(v.trim()).orElseThrow(() -> spec.error("variants", "\"" + v
                    + "\" is not a variant; the variants are " + java.util.Arrays.stream(SwapVariant.values())
                            .map(SwapVariant::id).collect(Collectors.joining(",")))));
        }
        if (variants.isEmpty()) {
            throw spec.error("variants", "names no variant");
        }
        int firstClip = FIRST_CLIP.integer(spec);
        if (firstClip >= samples) {
            throw spec.error("firstClip", "must be 0 to samples − 1 (" + (samples - 1) + "), not " + firstClip);
        }
        Map<String, Object> methodSettings = new LinkedHashMap<>();
        for (EditSetting setting : otherSettingDescriptors()) {
            if (spec.has(setting.name())) {
                methodSettings.put(setting.name(), setting.read(spec));
            }
        }
        SwapEvaluation.Options options;
        try {
            options = new SwapEvaluation.Options(samples, Math.min(ablationSamples, samples), seed, targets,
                    BASELINE.bool(spec), variants, STEPS.integer(spec), ITERATIONS.integer(spec), DIFT.integer(spec),
                    GUIDANCE.decimal(spec), METHOD_SEED.integer(spec), methodSettings, SHEET_CASES.integer(spec),
                    KEEP_CACHE.bool(spec), output, firstClip, Map.of(), FRAMES.integer(spec));
        } catch (IllegalArgumentException e) {
            throw spec.error("samples", e.getMessage());
        }
        Optional<Path> modelDir = MODEL_FOLDER.optPath(spec);
        // the fields of its own the spec gives: a model's recommendation does not replace them
        Set<String> named = SwapEvaluation.Options.OWN_SETTINGS.stream()
                .filter(k -> !SwapEvaluation.Options.NOT_FROM_MODEL.contains(k) && spec.has(k))
                .collect(Collectors.toUnmodifiableSet());
        return new BatchJob() {
            @Override
            public String describe() {
                return String.format(Locale.ROOT, "evaluate VideoSwap on %d sample clips × %d targets (%s) → %s",
                        samples, targets, variants.stream().map(SwapVariant::id).collect(Collectors.joining(", ")),
                        output);
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                return EvaluateSwapJobType.this.run(options, named, modelDir, monitor);
            }
        };
    }

    /** The command line that runs this evaluation again. */
    static String command(SwapEvaluation.Options o, Optional<Path> model) {
        StringBuilder b = new StringBuilder("vswap batch --job evaluate-swap");
        b.append(" output=").append(o.output());
        b.append(" samples=").append(o.samples());
        if (o.ablationSamples() != o.samples()) {
            b.append(" ablationSamples=").append(o.ablationSamples());
        }
        if (o.firstClip() != 0) {
            b.append(" firstClip=").append(o.firstClip());
        }
        if (o.frames() != SwapEvaluation.FRAMES) {
            b.append(" frames=").append(o.frames());
        }
        b.append(" seed=").append(o.seed()).append(" targets=").append(o.targets());
        if (o.baseline()) {
            b.append(" baseline=true");
        }
        b.append(" variants=").append(o.variants().stream().map(SwapVariant::id).collect(Collectors.joining(",")));
        b.append(" steps=").append(o.steps()).append(" registrationIterations=").append(o.registrationIterations());
        b.append(" diftEnsemble=").append(o.diftEnsemble());
        if (o.guidanceScale() != VideoSwapSettings.DEFAULTS.guidanceScale()) {
            b.append(" guidanceScale=").append(o.guidanceScale());
        }
        if (o.methodSeed() != 0) {
            b.append(" methodSeed=").append(o.methodSeed());
        }
        o.methodSettings().forEach((name, value) -> b.append(' ').append(name).append('=').append(value));
        model.ifPresent(m -> b.append(" model=").append(m));
        return b.toString();
    }

    private String run(SwapEvaluation.Options asked, Set<String> named, Optional<Path> modelDir,
            IProgressMonitor monitor) throws Exception {
        EditMethod method = (methods == null ? List.<EditMethod>of() : methods).stream()
                .filter(m -> m.id().equals(METHOD)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the \"" + METHOD + "\" edit method is not installed"));
        VideoDiffusionModel.Layout layout = layout(modelDir);
        String key = io.vswap.diffusion.api.ModelKey.of(layout);
        SwapEvaluation.Options options = asked.withModelSettings(ModelSettings.recommended(layout.folder(), method),
                named);
        // written with the values the run uses (the model's recommendations in), not the fields' defaults
        String command = command(options, modelDir);
        String machine = String.format(Locale.ROOT, "%d processors, %s %s, PyTorch threads %s (OMP_NUM_THREADS %s)",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                Optional.ofNullable(System.getenv("OMP_NUM_THREADS")).orElse("unset"));
        SwapReport report = new SwapReport(options.output(), key, layout.folder(), options, command, machine);
        long t0 = System.nanoTime();
        int cases = runtime.call(() -> {
            try (NDManager root = runtime.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                DiffusionModels dm = new DiffusionModels(runtime, model);
                SwapEvaluation run = new SwapEvaluation(options, method, dm, report);
                Evaluator e = evaluator;
                java.nio.file.Path clip = layout.folder().resolve("clip");
                if (e != null && java.nio.file.Files.isRegularFile(clip.resolve("config.json"))) {
                    run.withClip(clip); // the model's own CLIP (the sample model ships a tiny one)
                }
                return (e == null ? run : run.withMetrics(e)).run(monitor).size();
            }
        });
        return String.format(Locale.ROOT, "%d cases in %.0f s → %s (table in %s)", cases, (System.nanoTime() - t0) / 1e9,
                report.json(), report.markdown());
    }

    private VideoDiffusionModel.Layout layout(Optional<Path> dir) throws IOException {
        return io.vswap.diffusion.api.ModelFolders.resolve(dir, models, MODEL);
    }

}
