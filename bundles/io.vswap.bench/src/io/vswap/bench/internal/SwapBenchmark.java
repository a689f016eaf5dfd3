package io.vswap.bench.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vswap.diffusion.api.AttentionKernel;
import io.vswap.diffusion.api.AttentionSlicing;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.files.api.AtomicFolder;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.internal.DiftEmbeddings;
import io.vswap.swap.internal.LatentGrid;
import io.vswap.swap.internal.MotionFeatureAdapter;
import io.vswap.swap.internal.PointEmbeddings;
import io.vswap.swap.internal.PointPlacement;
import io.vswap.swap.internal.Registration;
import io.vswap.swap.internal.VideoSwapPipeline;
import io.vswap.video.api.RgbFrame;

/**
 * Wall time and peak memory of VideoSwap's stages (DIFT embeddings, registration, inversion, edit),
 * each beside a reference measured in the same run.
 *
 * <p><b>Tiny</b>: the shipped sample model runs the VideoSwap {@link EditMethod} (the DS service the
 * product uses) on a generated 16-frame 64×64 sample clip with its true points, at the given settings
 * (the paper's by default); the stage times come from the method's report. Reference: one forward of
 * the same video UNet at the clip's shape, so each stage reads as "so many UNet forwards".
 *
 * <p><b>SD 1.5 size</b>: a UNet of SD 1.5's configuration with AnimateDiff v1 motion modules, random
 * weights, 64×64 latents; ONE DIFT pass, ONE registration iteration (forward and backward through the
 * UNet into the motion-feature MLPs), ONE inversion step and ONE edit step (guidance: batch 2×frames,
 * motion features, latent blend) on a few frames (16 do not fit in memory on a CPU box with naive
 * attention), then EXTRAPOLATED linearly to 16 frames and to the paper's counts (8 DIFT draws,
 * 100 iterations, 50 inversion steps; 50 edit steps). Reference: a square matmul timed in the same
 * run, and the FLOPs of the UNet passes at its speed.
 */
final class SwapBenchmark {

    /** The paper's A100 figures (Gu et al. 2023, §7.1 / ARCHITECTURE.md). */
    static final double PAPER_PREPROCESS_S = 240;
    static final double PAPER_EDIT_S = 50;
    static final double PAPER_REGISTRATION_GB = 16;
    static final double PAPER_EDIT_GB = 12;
    static final int CLIP_FRAMES = 16;

    /**
     * @param tiny run the tiny-model part
     * @param sd run the SD 1.5-size part
     * @param steps DDIM steps of the tiny run (inversion and edit)
     * @param iterations registration iterations of the tiny run
     * @param dift DIFT noise draws of the tiny run
     * @param sdFrames frame counts of the SD-size passes (each measured; two or more are fitted)
     */
    /** @param precision the models' precision (null: the runtime's, -Dvswap.precision) */
    record Options(boolean tiny, boolean sd, int steps, int iterations, int dift, List<Integer> sdFrames,
            io.vswap.diffusion.api.Precision precision) {
    }

    private final Options options;
    private io.vswap.diffusion.api.Precision precision;

    SwapBenchmark(Options options) {
        this.options = options;
    }

    void run(PrintStream out) throws Exception {
        TensorRuntime rt = service(TensorRuntime.class, null);
        precision = options.precision() != null ? options.precision() : rt.precision();
        rt.requireSupported(precision);
        referencePrecision = rt.device().isGpu() ? precision : io.vswap.diffusion.api.Precision.FP32;
        out.printf(Locale.ROOT, "swap: %s; %d cores; load average %s%n", rt.engineDescription(),
                java.lang.Runtime.getRuntime().availableProcessors(), loadAverage());
        PeakMemory.onDevice(rt.device());
        double gflops = rt.call(() -> matmulGflops(1024));
        out.printf(Locale.ROOT, "swap: reference 1024^3 %s matmul on %s: %.1f GFLOP/s (best of 3, this run)%n",
                referencePrecision.id(), rt.device(), gflops);
        if (options.tiny()) {
            tiny(rt, out);
        }
        if (options.sd()) {
            sd(rt, out);
        }
    }

    // ---------------------------------------------------------------- tiny model

    private void tiny(TensorRuntime rt, PrintStream out) throws Exception {
        EditMethod method = service(EditMethod.class, m -> m.id().equals("videoswap"));
        ModelProvider provider = service(ModelProvider.class, p -> p.id().equals("sample"));
        SampleSpec spec = new SampleSpec(SubjectShape.STAR, SubjectColor.RED, BackgroundPattern.STRIPES,
                BackgroundColor.GREY);
        SampleClip clip = SampleWorld.clip(7, 64, CLIP_FRAMES, spec);
        List<RgbFrame> frames = new ArrayList<>();
        for (int f = 0; f < CLIP_FRAMES; f++) {
            frames.add(new RgbFrame(f, 64, 64, clip.frameRgb(f)));
        }
        PointSet points = truePoints(clip);
        Map<String, Object> settings = Map.of("steps", options.steps(), "registrationIterations", options.iterations(),
                "diftEnsemble", options.dift());
        VideoDiffusionModel.Layout layout = provider.layout();
        Path cacheFolder = Files.createTempDirectory("vswap-bench-swap-");
        try {
            tiny(rt, out, method, clip, frames, points, settings, layout, cacheFolder);
        } finally {
            AtomicFolder.deleteTree(cacheFolder);
        }
    }

    private void tiny(TensorRuntime rt, PrintStream out, EditMethod method, SampleClip clip, List<RgbFrame> frames,
            PointSet points, Map<String, Object> settings, VideoDiffusionModel.Layout layout, Path cacheFolder)
            throws Exception {
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, precision)) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                int h = 64 / dm.vaeScale();
                out.printf(Locale.ROOT, "swap tiny: shipped sample model, clip 16 x 64x64 (latents 16 x %dx%d), \"%s\", "
                        + "5 true points; steps %d, registration iterations %d, DIFT draws %d%n", h, h, clip.caption(),
                        options.steps(), options.iterations(), options.dift());
                double cold = unetForward(model, root, clip.caption(), h);
                PeakMemory.reset();
                long t0 = System.nanoTime();
                // a cache the second edit below reuses the source side from (its files are part of the times)
                PreprocessingCache cache = new PreprocessingCache(cacheFolder, "bench");
                EditResult r = method.run(new EditRequest(dm, frames, points, null, clip.caption(), "star", "disc",
                        settings, cache), new NullProgressMonitor());
                double total = (System.nanoTime() - t0) / 1e9;
                double peak = PeakMemory.peak();
                // the reference again after the run, with Java's JIT warm (the tiny UNet is thousands of small
                // ops, so a cold JVM's forward is several times slower): the ratios use this one
                double ref = unetForward(model, root, clip.caption(), h);
                out.printf(Locale.ROOT, "swap tiny: reference: one video-UNet forward at [16, 4, %d, %d]: %.3f s (median of "
                        + "5, after the run; %.3f s before it, JIT cold)%n", h, h, ref, cold);
                EditReport rep = r.report();
                double dift = rep.elapsedAfter("dift").orElseThrow();
                double reg = rep.elapsedAfter("registration").orElseThrow();
                double inv = rep.elapsedAfter("inversion").orElseThrow();
                double edit = rep.elapsedAfter("edit").orElseThrow();
                row(out, "tiny", "embeddings (encode, prompts, DIFT x" + options.dift() + ")", dift, ref);
                row(out, "tiny", "registration x" + options.iterations(), reg - dift, ref);
                row(out, "tiny", "inversion x" + options.steps(), inv - reg, ref);
                row(out, "tiny", "edit x" + options.steps() + " (CFG)", edit - inv, ref);
                out.printf(Locale.ROOT, "swap tiny: preprocessing %.1f s, edit %.1f s, whole method %.1f s (with decode); "
                        + "registration final loss %s; peak RSS %.2f GB (JVM heap included)%n", inv, edit - inv, total,
                        rep.losses().get("registration"), peak / 1e9);
                // the workbench's estimate before a job (EditMethod.framePasses x a timed pass) against this run
                double counted = method.framePasses(settings, CLIP_FRAMES).orElse(Double.NaN) / CLIP_FRAMES * ref;
                out.printf(Locale.ROOT, "swap tiny: the method's counted passes x the reference: %.1f s against %.1f s "
                        + "measured, ratio %.2f (the import wizard's estimate; its pass is timed there)%n", counted,
                        total, counted / total);
                recommendedEdit(method, dm, frames, points, clip, settings, cache, layout, ref, out);
            }
            return null;
        });
    }

    /**
     * The edit again at the settings the model folder recommends (its {@code vswap-settings.json}: the
     * guidance, the placement guidance and its passes), the bench's step, iteration and DIFT counts kept,
     * the source side from the first run's cache: what an edit costs as the product runs it on this model.
     */
    private static void recommendedEdit(EditMethod method, DiffusionModels dm, List<RgbFrame> frames, PointSet points,
            SampleClip clip, Map<String, Object> settings, PreprocessingCache cache, VideoDiffusionModel.Layout layout,
            double ref, PrintStream out) throws Exception {
        Map<String, Object> recommended = ModelSettings.recommended(layout.folder(), method);
        if (recommended.isEmpty()) {
            out.println("swap tiny: the model recommends no settings; the edit above is the product's");
            return;
        }
        Map<String, Object> merged = new LinkedHashMap<>(recommended);
        merged.putAll(settings);
        EditResult r = method.run(new EditRequest(dm, frames, points, null, clip.caption(), "star", "disc", merged,
                cache), new NullProgressMonitor());
        EditReport rep = r.report();
        double start = rep.elapsedAfter("inversion").orElseThrow();
        double from = start;
        double edit = rep.elapsedAfter("edit").orElseThrow();
        String reused = rep.cacheUse("inversion").map(u -> u.outcome().name().toLowerCase(Locale.ROOT)).orElse("?");
        Map<String, Object> named = new LinkedHashMap<>(recommended);
        named.keySet().removeAll(settings.keySet());
        out.printf(Locale.ROOT, "swap tiny: the model's settings: %s, the counts above kept (source side from the "
                + "cache: inversion %s)%n", named, reused);
        for (int pass = 1; rep.elapsedAfter("pass" + pass).isPresent(); pass++) {
            double end = rep.elapsedAfter("pass" + pass).getAsDouble();
            var miss = rep.figure("placement.pass" + pass + ".miss");
            row(out, "tiny", "  placement pass " + pass + " (" + (miss.isPresent() ? String.format(Locale.ROOT,
                    "%.2f px", miss.getAsDouble()) : "subject not found") + ")", end - from, ref);
            from = end;
        }
        row(out, "tiny", "edit x" + settings.get("steps") + ", the model's settings", edit - start, ref);
        // the edit's share of the count (the source side was reused here): one edit's passes, from the counts
        // at one and two placement passes, times the passes run
        Map<String, Object> one = new LinkedHashMap<>(merged);
        one.put("placementPasses", 1);
        Map<String, Object> two = new LinkedHashMap<>(merged);
        two.put("placementPasses", 2);
        double perEdit = method.framePasses(two, CLIP_FRAMES).orElse(Double.NaN)
                - method.framePasses(one, CLIP_FRAMES).orElse(Double.NaN);
        double editPasses = perEdit * ((Number) merged.getOrDefault("placementPasses", 1)).doubleValue();
        out.printf(Locale.ROOT, "swap tiny: the method's counted edit passes x the reference: %.1f s against %.1f s "
                + "measured, ratio %.2f%n", editPasses / CLIP_FRAMES * ref, edit - start,
                editPasses / CLIP_FRAMES * ref / (edit - start));
    }

    /** Median of 5 forwards of the video UNet at {@code [16, C, h, h]} after one warm-up. */
    private static double unetForward(VideoDiffusionModel model, NDManager root, String caption, int h) {
        try (NDManager m = root.newSubManager()) {
            NDArray text = model.textEncoder().encode(m, new int[][] { model.tokenizer().encode(caption) })
                    .repeat(0, CLIP_FRAMES);
            long c = model.unet().imageUNet().config().inChannels();
            NDArray x = SeededNoise.normal(m, 1, new Shape(CLIP_FRAMES, c, h, h));
            double[] t = new double[6];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (NDArray y = model.unet().forward(x, CLIP_FRAMES, new float[] { 500 }, text, null)) {
                    y.toFloatArray();
                }
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
            return median(java.util.Arrays.copyOfRange(t, 1, t.length));
        }
    }

    private static void row(PrintStream out, String part, String stage, double seconds, double ref) {
        out.printf(Locale.ROOT, "swap %s: %-44s %8.2f s = %7.1f x reference%n", part, stage, seconds, seconds / ref);
    }

    /** The clip's true semantic points as a tracked point set. */
    static PointSet truePoints(SampleClip clip) {
        List<SemanticPoint> pts = new ArrayList<>();
        int colour = 0xff0000;
        for (var e : clip.points().entrySet()) {
            double[][] track = e.getValue();
            int n = track.length;
            double[] x = new double[n];
            double[] y = new double[n];
            boolean[] vis = new boolean[n];
            float[] conf = new float[n];
            for (int f = 0; f < n; f++) {
                x[f] = track[f][0];
                y[f] = track[f][1];
                vis[f] = track[f][2] > 0;
                conf[f] = 1;
            }
            pts.add(new SemanticPoint(e.getKey(), colour, List.of(new Keyframe(0, x[0], y[0])),
                    new Trajectory(x, y, vis, conf)));
        }
        return new PointSet("bench", clip.frameCount(), clip.size(), clip.size(), pts, List.of());
    }

    // ---------------------------------------------------------------- SD 1.5 size

    private void sd(TensorRuntime rt, PrintStream out) throws Exception {
        int latent = UnetBenchmark.LATENT;
        UNet2DConditionConfig c = UNet2DConditionConfig.parse(UnetBenchmark.SD15);
        MotionModuleConfig mm = MotionModuleConfig.mmSdV15();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel unet = VideoUNetModel.create(c, mm)) {
                long t0 = System.nanoTime();
                unet.setPrecision(precision); // fp16 on a GPU: every pass runs in it, registration included
                unet.imageUNet().initialize(root, 1);
                unet.initializeMotionModules(root, 2);
                long params = unet.imageUNet().parameterCount() + unet.motionParameterCount();
                double base = PeakMemory.current();
                out.printf(Locale.ROOT, "swap sd: SD 1.5 UNet + AnimateDiff v1 motion modules, random weights, %,d "
                        + "parameters (%.2f GB fp32), init %.1f s; latents F x 4 x %dx%d (%dx%d images), 77 tokens; "
                        + "attention: %s; feed-forward chunks of %s; %s; " + PeakMemory.kind() + " with weights %.2f GB%n",
                        params, params * 4 / 1e9, (System.nanoTime() - t0) / 1e9, latent, latent, latent * 8, latent * 8,
                        attentionInUse(), feedForwardChunks(), PeakMemory.allocator(), base / 1e9);
                List<Integer> counts = options.sdFrames();
                List<Stage[]> measured = new ArrayList<>();
                for (int frames : counts) {
                    Stage[] st = sdPasses(rt, unet, root, c, frames, out);
                    report(out, unet, c, frames, base, st[0], st[1], skippedRegistration, st[2], st[3]);
                    measured.add(st);
                }
                if (counts.size() >= 2) {
                    fit(out, counts, measured, base, precision);
                }
            }
            return null;
        });
    }

    private boolean skippedRegistration;

    /** The feed-forward's chunk budget in words. */
    private static String feedForwardChunks() {
        long b = io.vswap.diffusion.api.FeedForwardChunking.budgetBytes(ai.djl.Device.cpu());
        return b == Long.MAX_VALUE ? "any size (off)" : "at most " + b / (1 << 20) + " MiB of hidden activations";
    }

    /** The attention kernel the UNet's layers run, in words. */
    private static String attentionInUse() {
        AttentionKernel k = AttentionKernel.current();
        return switch (k) {
        case AUTO -> "auto (PyTorch's scaled-dot-product attention where it loads, else sliced)";
        case SDPA -> "PyTorch's scaled-dot-product attention";
        case SLICED -> "sliced, " + AttentionSlicing.budgetBytes(ai.djl.Device.cpu()) / (1 << 20) + " MiB of scores at once";
        case WHOLE -> "whole (naive)";
        };
    }

    /** ONE DIFT pass, registration iteration, inversion step and edit step on {@code frames} frames. */
    private Stage[] sdPasses(TensorRuntime rt, VideoUNetModel unet, NDManager parent, UNet2DConditionConfig c, int frames,
            PrintStream out) throws Exception {
        int latent = UnetBenchmark.LATENT;
        int pixels = latent * 8;
        try (NDManager root = parent.newSubManager()) {
            NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
            LatentGrid grid = new LatentGrid(pixels, pixels, 8, c.blockOutChannels());
            NDArray latents = SeededNoise.normal(root, 3, new Shape(frames, 4, latent, latent));
            NDArray prompt = SeededNoise.normal(root, 4, new Shape(1, UnetBenchmark.TOKENS, 768));
            NDArray target = SeededNoise.normal(root, 5, new Shape(1, UnetBenchmark.TOKENS, 768));
            NDArray empty = SeededNoise.normal(root, 6, new Shape(1, UnetBenchmark.TOKENS, 768));
            List<Trajectory> trajectories = circlingPoints(5, frames, pixels);
            Map<String, Trajectory> byName = named(trajectories);
            VideoSwapSettings s = VideoSwapSettings.fromValues(Map.of("steps", 1, "registrationIterations", 1,
                    "diftEnsemble", 1));
            DiffusionModels dm = new DiffusionModels(rt, VideoDiffusionModel.of(null, null, null, unet));
            VideoSwapPipeline p = new VideoSwapPipeline(dm, s);

            // one DIFT pass (image UNet up to up block 1, §3.3)
            PeakMemory.reset();
            long a = System.nanoTime();
            DiftEmbeddings dift = new DiftEmbeddings(unet.imageUNet(), schedule, s.diftTimestep(), s.diftUpBlock(), 1,
                    s.visibilitySimilarity());
            PointEmbeddings emb = dift.embed(dift.featureMaps(latents, prompt, 0), byName, pixels, pixels);
            Stage diftStage = progress(out, "DIFT pass", new Stage((System.nanoTime() - a) / 1e9, PeakMemory.peak()));

            // one registration iteration: forward + backward into the MLPs (§3.4)
            Stage regStage;
            boolean[] skipped = { false };
            try (MotionFeatureAdapter initial = MotionFeatureAdapter.create(emb.dimension(), c.blockOutChannels(),
                    root, 0)) {
                PeakMemory.reset();
                a = System.nanoTime();
                MotionFeatureAdapter trained = new Registration(unet, schedule, rt).register(initial, latents, prompt, emb,
                        trajectories, grid, p.registrationOptions(), (it, t, loss, skip) -> skipped[0] = skip,
                        new NullProgressMonitor());
                regStage = progress(out, "registration iteration", new Stage((System.nanoTime() - a) / 1e9,
                        PeakMemory.peak()));

                // one inversion step (no guidance, subject maps kept)
                PeakMemory.reset();
                a = System.nanoTime();
                VideoSwapPipeline.Inversion inversion = p.invert(latents, prompt, new int[] { 2 },
                        new NullProgressMonitor());
                Stage invStage = progress(out, "inversion step", new Stage((System.nanoTime() - a) / 1e9,
                        PeakMemory.peak()));

                // one edit step: guidance at batch 2 x frames, motion features, latent blend
                VideoSwapPipeline.MotionGuidance guidance = new VideoSwapPipeline.MotionGuidance(trained,
                        emb.embeddings(), new PointPlacement(grid, frames, trajectories, emb.visible(), null));
                PeakMemory.reset();
                a = System.nanoTime();
                try (NDArray z = p.edit(inversion, target, new int[] { 2 }, empty, guidance,
                        new NullProgressMonitor())) {
                    z.toFloatArray();
                }
                Stage editStage = progress(out, "edit step", new Stage((System.nanoTime() - a) / 1e9,
                        PeakMemory.peak()));
                trained.close();
                inversion.latents().forEach(NDArray::close);
                skippedRegistration = skipped[0];
                return new Stage[] { diftStage, regStage, invStage, editStage };
            }
        }
    }

    /** Peak memory of each pass fitted as a + b·frames over the counts measured, and at 16 frames (EXTRAPOLATED). */
    private static void fit(PrintStream out, List<Integer> counts, List<Stage[]> measured, double base,
            io.vswap.diffusion.api.Precision precision) {
        String[] names = { "DIFT pass", "registration iteration", "inversion step", "edit step (CFG)" };
        out.printf(Locale.ROOT, "swap sd: peak %s fitted over %s frames (least squares, a + b x frames), attention %s:%n",
                PeakMemory.kind(), counts, AttentionKernel.current().id());
        for (int i = 0; i < names.length; i++) {
            double n = counts.size();
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (int j = 0; j < counts.size(); j++) {
                double x = counts.get(j);
                double y = measured.get(j)[i].peakBytes();
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            double a = (sy - b * sx) / n;
            double at16 = a + b * CLIP_FRAMES;
            String paper = i == 1 ? PAPER_REGISTRATION_GB + " GB" : i == 3 ? PAPER_EDIT_GB + " GB" : "-";
            if (precision == io.vswap.diffusion.api.Precision.FP32) {
                out.printf(Locale.ROOT, "swap sd:   %-24s %.2f GB + %.2f GB per frame -> 16 frames: %.1f GB fp32 "
                        + "(EXTRAPOLATED); fp16 ESTIMATED as fp32 / 2: %.1f GB | paper, A100 fp16: %s%n", names[i],
                        a / 1e9, b / 1e9, at16 / 1e9, at16 / 2e9, paper);
            } else {
                out.printf(Locale.ROOT, "swap sd:   %-24s %.2f GB + %.2f GB per frame -> 16 frames: %.1f GB %s "
                        + "(EXTRAPOLATED) | paper, A100 fp16: %s%n", names[i], a / 1e9, b / 1e9, at16 / 1e9,
                        precision.id(), paper);
            }
        }
        out.printf(Locale.ROOT, "swap sd:   (%s with the weights alone: %.1f GB)%n", PeakMemory.kind(), base / 1e9);
    }

    /** The trajectories named p0, p1, … */
    private static Map<String, Trajectory> named(List<Trajectory> trajectories) {
        Map<String, Trajectory> byName = new java.util.LinkedHashMap<>();
        for (int k = 0; k < trajectories.size(); k++) {
            byName.put("p" + k, trajectories.get(k));
        }
        return byName;
    }

    /** One measured pass: seconds and the peak memory (RSS, or GPU memory on a GPU) during it. */
    record Stage(double seconds, double peakBytes) {
    }

    /** Says a pass as soon as it is measured (a later pass may run out of memory). */
    private static Stage progress(PrintStream out, String what, Stage s) {
        out.printf(Locale.ROOT, "swap sd: ... %s %.1f s, peak %s %.2f GB%n", what, s.seconds(), PeakMemory.kind(),
                s.peakBytes() / 1e9);
        out.flush();
        return s;
    }

    private void report(PrintStream out, VideoUNetModel unet, UNet2DConditionConfig c, int frames, double base,
            Stage dift, Stage reg, boolean regSkipped, Stage inv, Stage edit) throws Exception {
        double gflops = matmulGflops(1024);
        // image-UNet FLOPs per frame (motion modules and norms not counted); backward ~ 2x forward
        double perFrame = UnetBenchmark.flops(unet.imageUNet(), c, 1);
        double[][] rows = { { dift.seconds(), perFrame * frames, 1 }, { reg.seconds(), 3 * perFrame * frames, 100 },
                { inv.seconds(), perFrame * frames, 50 }, { edit.seconds(), 2 * perFrame * frames, 50 } };
        String[] names = { "DIFT pass (full UNet counted)", "registration iteration (fwd+bwd)", "inversion step",
                "edit step (CFG, batch 2x" + frames + ")" };
        Stage[] stages = { dift, reg, inv, edit };
        out.printf(Locale.ROOT, "swap sd: same-run reference: 1024^3 matmul %.1f GFLOP/s; load average %s%n", gflops,
                loadAverage());
        for (int i = 0; i < rows.length; i++) {
            double matmulS = rows[i][1] / (gflops * 1e9);
            out.printf(Locale.ROOT, "swap sd: %-40s %d frames: %8.1f s | %6.0f GFLOP -> matmul at the reference speed "
                    + "%6.1f s, ratio %.2f | peak %s %.2f GB (+%.2f over the weights)%s%n", names[i], frames,
                    rows[i][0], rows[i][1] / 1e9, matmulS, matmulS / rows[i][0], PeakMemory.kind(), stages[i].peakBytes() / 1e9,
                    (stages[i].peakBytes() - base) / 1e9, i == 1 && regSkipped ? " (non-finite gradient: update skipped)"
                            : "");
        }
        double scale = CLIP_FRAMES / (double) frames;
        double dift16 = dift.seconds() * scale;
        double reg16 = reg.seconds() * scale;
        double inv16 = inv.seconds() * scale;
        double edit16 = edit.seconds() * scale;
        double pre = 8 * dift16 + 100 * reg16 + 50 * inv16;
        double ed = 50 * edit16;
        out.printf(Locale.ROOT, "swap sd: EXTRAPOLATED from the single passes above, linearly in frames (x%.0f to 16 "
                + "frames) and in counts:%n", scale);
        out.printf(Locale.ROOT, "swap sd:   preprocessing = 8 DIFT draws %.0f s + 100 registration iterations %.0f s + "
                + "50 inversion steps %.0f s = %.0f s (%.1f h) | paper, A100: ~%.0f s | x%.0f%n", 8 * dift16, 100 * reg16,
                50 * inv16, pre, pre / 3600, PAPER_PREPROCESS_S, pre / PAPER_PREPROCESS_S);
        out.printf(Locale.ROOT, "swap sd:   edit = 50 guided steps %.0f s (%.1f h) | paper, A100: ~%.0f s | x%.0f%n", ed,
                ed / 3600, PAPER_EDIT_S, ed / PAPER_EDIT_S);
        double regMem = base + (reg.peakBytes() - base) * scale;
        double editMem = base + (edit.peakBytes() - base) * scale;
        out.printf(Locale.ROOT, "swap sd:   peak memory at 16 frames (weights %.1f GB + the activations above x%.0f, "
                + "%s, attention %s): registration %.0f GB, edit %.0f GB | paper, A100 fp16: %.0f / %.0f GB%n",
                base / 1e9, scale, precision.id(), AttentionKernel.current().id(), regMem / 1e9, editMem / 1e9, PAPER_REGISTRATION_GB,
                PAPER_EDIT_GB);
        double flopsPre = 8 * perFrame * 16 + 100 * 3 * perFrame * 16 + 50 * perFrame * 16;
        double flopsEdit = 50 * 2 * perFrame * 16;
        out.printf(Locale.ROOT, "swap sd:   the same work at this run's matmul speed: preprocessing %.0f s, edit %.0f s "
                + "(%.1f / %.1f PFLOP)%n", flopsPre / gflops / 1e9, flopsEdit / gflops / 1e9, flopsPre / 1e15,
                flopsEdit / 1e15);
    }

    /** {@code count} points circling the frame centre, each on its own radius and phase. */
    static List<Trajectory> circlingPoints(int count, int frames, int size) {
        List<Trajectory> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[] x = new double[frames];
            double[] y = new double[frames];
            boolean[] v = new boolean[frames];
            float[] conf = new float[frames];
            for (int f = 0; f < frames; f++) {
                double angle = 2 * Math.PI * k / count + 0.1 * f;
                double r = size * (0.15 + 0.04 * k);
                x[f] = size / 2.0 + r * Math.cos(angle);
                y[f] = size / 2.0 + r * Math.sin(angle);
                v[f] = true;
                conf[f] = 1;
            }
            out.add(new Trajectory(x, y, v, conf));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Best of three {@code n}³ products after a warm-up. */
    /** The precision of the matmul reference: the runtime's (fp16 on a GPU, where the tensor cores are). */
    private static io.vswap.diffusion.api.Precision referencePrecision = io.vswap.diffusion.api.Precision.FP32;

    static double matmulGflops(int n) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n)).toType(referencePrecision.dataType(), false);
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n)).toType(referencePrecision.dataType(), false);
            a.matMul(b).toFloatArray();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.get(0, 0).getFloat();
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    static <T> T service(Class<T> type, java.util.function.Predicate<T> which) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(SwapBenchmark.class).getBundleContext();
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            Object[] all = t.getServices();
            if (all != null) {
                for (Object o : all) {
                    T s = type.cast(o);
                    if (which == null || which.test(s)) {
                        return s;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " service"
                + (which == null ? "" : " of the kind needed") + " started");
    }
}
