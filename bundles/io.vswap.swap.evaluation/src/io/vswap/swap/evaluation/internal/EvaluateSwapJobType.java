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
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
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

    @Override
    public String type() {
        return "evaluate-swap";
    }

    @Override
    public String description() {
        VideoSwapSettings d = VideoSwapSettings.DEFAULTS;
        return "measure VideoSwap on seeded sample clips (points from the truth) against their truth: target shape "
                + "and source colour found, centroid within 2 px of the source's, background PSNR, for the full method "
                + "and the ablations; writes report.json, report.md, sheet.png into output. Fields: output (folder, "
                + "required), samples (clips, default 30), ablationSamples (the first clips that get every variant; "
                + "default all), seed (1), targets (per clip, 1-" + SwapTargets.maxTargets() + ", default 2), variants "
                + "(default " + allVariants() + "), steps (" + d.steps() + "), registrationIterations ("
                + d.registrationIterations() + "), diftEnsemble (" + d.diftEnsemble() + "), guidanceScale ("
                + d.guidanceScale() + "), methodSeed (0), "
                + "sheetCases (3), keepCache (false), baseline (false; true adds each clip edited to its own shape, "
                + "the pipeline's floor, reported apart), firstClip (0; leaves the clips before it out, e.g. samples=5 "
                + "firstClip=4 runs clip 4 of a larger table alone), model (folder; default the \"" + MODEL + "\" model provider); "
                + "and any other setting of the method, for every variant: " + String.join(", ", otherSettings())
                + ". A method setting left out (steps, registrationIterations, diftEnsemble and guidanceScale "
                + "included) takes the model folder's recommendation in " + ModelSettings.FILE
                + " where it has one, else the method's default";
    }

    /** The method's settings this job takes under their own names, beside its own fields. */
    private static List<EditSetting> otherSettingDescriptors() {
        return VideoSwapSettings.descriptors().stream()
                .filter(d -> !SwapEvaluation.Options.OWN_SETTINGS.contains(d.name())).toList();
    }

    private static List<String> otherSettings() {
        return otherSettingDescriptors().stream().map(EditSetting::name).toList();
    }

    private static String allVariants() {
        return java.util.Arrays.stream(SwapVariant.values()).map(SwapVariant::id).collect(Collectors.joining(","));
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        List<String> known = new ArrayList<>(List.of("output", "samples", "ablationSamples", "seed", "targets", "variants",
                "steps", "registrationIterations", "diftEnsemble", "guidanceScale", "methodSeed", "sheetCases", "keepCache",
                "model", "baseline", "firstClip"));
        known.addAll(otherSettings());
        spec.requireOnly(known.toArray(String[]::new));
        VideoSwapSettings d = VideoSwapSettings.DEFAULTS;
        Path output = spec.path("output");
        int samples = spec.optInt("samples").orElse(30);
        int ablationSamples = spec.optInt("ablationSamples").orElse(samples);
        long seed = spec.optInt("seed").orElse(1);
        int targets = spec.optInt("targets").orElse(2);
        if (targets < 1 || targets > SwapTargets.maxTargets()) {
            throw spec.error("targets", "must be 1 to " + SwapTargets.maxTargets() + ", not " + targets);
        }
        List<SwapVariant> variants = new ArrayList<>();
        for (String v : spec.optStrings("variants").orElse(List.of(allVariants().split(",")))) {
            variants.add(SwapVariant.byId(v.trim()).orElseThrow(() -> spec.error("variants", "\"" + v
                    + "\" is not a variant; the variants are " + allVariants())));
        }
        if (variants.isEmpty()) {
            throw spec.error("variants", "names no variant");
        }
        int steps = spec.optInt("steps").orElse(d.steps());
        int iterations = spec.optInt("registrationIterations").orElse(d.registrationIterations());
        int dift = spec.optInt("diftEnsemble").orElse(d.diftEnsemble());
        double guidance = spec.optNumber("guidanceScale").orElse(d.guidanceScale());
        if (!(guidance >= 1)) {
            throw spec.error("guidanceScale", "must be at least 1 (1: no guidance), not " + guidance);
        }
        long methodSeed = spec.optInt("methodSeed").orElse(0);
        int sheetCases = spec.optInt("sheetCases").orElse(3);
        boolean keepCache = spec.optBoolean("keepCache").orElse(false);
        boolean baseline = spec.optBoolean("baseline").orElse(false);
        int firstClip = spec.optInt("firstClip").orElse(0);
        if (firstClip < 0 || firstClip >= samples) {
            throw spec.error("firstClip", "must be 0 to samples − 1 (" + (samples - 1) + "), not " + firstClip);
        }
        Optional<Path> modelDir = spec.optPath("model");
        Map<String, Object> methodSettings = new LinkedHashMap<>();
        for (EditSetting setting : otherSettingDescriptors()) {
            if (spec.has(setting.name())) {
                Object value = switch (setting.kind()) {
                case INTEGER -> spec.optInt(setting.name()).getAsInt();
                case DECIMAL -> spec.optNumber(setting.name()).getAsDouble();
                case BOOLEAN -> spec.optBoolean(setting.name()).orElseThrow();
                case TEXT -> spec.string(setting.name());
                };
                try {
                    VideoSwapSettings.fromValues(Map.of(setting.name(), value));
                } catch (IllegalArgumentException e) {
                    throw spec.error(setting.name(), e.getMessage());
                }
                methodSettings.put(setting.name(), value);
            }
        }
        SwapEvaluation.Options options;
        try {
            options = new SwapEvaluation.Options(samples, Math.min(ablationSamples, samples), seed, targets, baseline,
                    variants, steps, iterations, dift, guidance, methodSeed, methodSettings, sheetCases, keepCache, output,
                    firstClip, Map.of());
        } catch (IllegalArgumentException e) {
            throw spec.error("samples", e.getMessage());
        }
        String command = command(options, modelDir);
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
                return EvaluateSwapJobType.this.run(options, named, modelDir, command, monitor);
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

    private String run(SwapEvaluation.Options asked, Set<String> named, Optional<Path> modelDir, String command,
            IProgressMonitor monitor) throws Exception {
        EditMethod method = (methods == null ? List.<EditMethod>of() : methods).stream()
                .filter(m -> m.id().equals(METHOD)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the \"" + METHOD + "\" edit method is not installed"));
        VideoDiffusionModel.Layout layout = layout(modelDir);
        String key = io.vswap.diffusion.api.ModelKey.of(layout);
        SwapEvaluation.Options options = asked.withModelSettings(ModelSettings.recommended(layout.folder(), method),
                named);
        String machine = String.format(Locale.ROOT, "%d processors, %s %s, PyTorch threads %s (OMP_NUM_THREADS %s)",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                Optional.ofNullable(System.getenv("OMP_NUM_THREADS")).orElse("unset"));
        SwapReport report = new SwapReport(options.output(), key, layout.folder(), options, command, machine);
        long t0 = System.nanoTime();
        int cases = runtime.call(() -> {
            try (NDManager root = runtime.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                DiffusionModels dm = new DiffusionModels(runtime, model.vae(), model.textEncoder(), model.tokenizer(),
                        model.unet(), NoiseSchedule.stableDiffusion());
                return new SwapEvaluation(options, method, dm, report).run(monitor).size();
            }
        });
        return String.format(Locale.ROOT, "%d cases in %.0f s → %s (table in %s)", cases, (System.nanoTime() - t0) / 1e9,
                report.json(), report.markdown());
    }

    private VideoDiffusionModel.Layout layout(Optional<Path> dir) throws IOException {
        return io.vswap.diffusion.api.ModelFolders.resolve(dir, models, MODEL);
    }

}
