package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import com.google.gson.JsonParser;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;
import io.vswap.samples.model.internal.TrainingPlan.Stage;

/**
 * Trains the sample model on the sample world with the backend's own blocks, in three stages:
 * the VAE (reconstruction + a small KL term); the image UNet together with the text encoder
 * (noise prediction, min-SNR-5 weighting so the high-noise steps that decide shape are not drowned
 * by the easy low-noise ones, captions dropped 10 % of the time for classifier-free guidance); the
 * motion modules on 16-frame clips with everything else frozen (AnimateDiff's recipe). Adam with
 * warm-up and cosine decay, gradient clipping, an EMA of the weights (the EMA is what ships).
 * Checkpoints every {@link TrainingPlan#checkpointEvery()} steps and on cancel; a run started on a
 * work folder with a checkpoint resumes it.
 */
public final class SampleModelTrainer {

    /** Where the run reports what it does, one line at a time. */
    public interface Log {
        void line(String text);
    }

    /** Per stage: the loss of a fixed held-out batch before and after the stage's training. */
    public record StageResult(Stage stage, int steps, double evalBefore, double evalAfter, int skippedSteps) {
    }

    private static final double MIN_SNR_GAMMA = 5;
    private static final double CAPTION_DROP = 0.1;
    private static final double KL_WEIGHT = 1e-4;
    private static final double CLIP_NORM = 1.0;
    /** Replays of a step whose gradients came out non-finite before it is skipped. */
    private static final int REPLAYS = 2;
    private static final double EMA_DECAY = 0.999;
    private static final int WARMUP = 100;
    private static final int EVAL_BATCH = 16;
    private static final int LOG_EVERY = 25;
    private static final int SCALE_SAMPLES = 256;

    private final TensorRuntime runtime;
    private final Path work;
    private final TrainingPlan requested;
    private final Log log;
    /**
     * The trainer's replay rule, as it was before the policy was shared: a step whose gradient is not
     * finite from a finite loss is replayed up to {@link #REPLAYS} times and a finite replay is used; no
     * other check (a NaN loss would repeat: its step is skipped by the optimizer).
     */
    private final GradientReplayPolicy replayPolicy = new GradientReplayPolicy(REPLAYS + 1, 0, Double.POSITIVE_INFINITY,
            false, false);
    private final Path from;
    private final String fromArgument;
    private String command;
    private final NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
    private final int size = SampleModelConfigs.IMAGE_SIZE;
    private final int frames = SampleModelConfigs.FRAMES;

    private AutoencoderModel vae;
    private TextEncoderModel text;
    private VideoUNetModel unet;
    private ClipTokenizer tokenizer;
    private int[] emptyIds;
    private TrainingPlan plan;
    private Stage stage;
    private int step;
    /** Steps of the current stage replayed for non-finite gradients (this run; not in checkpoints). */
    private int replayedSteps;
    private double scalingFactor = 1;
    private JsonObject history = new JsonObject();
    /** Which CPU kernels computed this run's gradients (TensorRuntime#trainingGradients). */
    private String gradients = "";
    /** The shapes of the training samples the current stage drew (shown when it ends, to check the shape weights). */
    private final Map<SubjectShape, Integer> drawn = new EnumMap<>(SubjectShape.class);

    public SampleModelTrainer(TensorRuntime runtime, Path work, TrainingPlan plan, Log log) {
        this(runtime, work, plan, null, null, log);
    }

    /**
     * A run that starts from the trained model folder {@code from} (checked against its checksums)
     * instead of fresh weights: stages with no steps in the plan keep the base's weights (the VAE
     * and its latent scaling), the UNet restarts at half its peak learning rate (its weights are
     * trained; a full-size restart would undo part of that). The output's {@code training.json}
     * keeps the base's as {@code history.base}, so the whole chain stays reproducible;
     * {@code fromArgument} is how its command names the base (e.g. "shipped").
     */
    public SampleModelTrainer(TensorRuntime runtime, Path work, TrainingPlan plan, Path from, String fromArgument,
            Log log) {
        this.fromArgument = fromArgument;
        this.runtime = runtime;
        this.work = work;
        this.requested = plan;
        this.from = from;
        this.log = log;
    }

    /**
     * Trains what the checkpoint in the work folder has not (everything, without one), then writes
     * the model folder to {@code output} (replacing it atomically).
     *
     * @throws OperationCanceledException after saving a checkpoint the next run resumes from
     */
    public List<StageResult> run(Path output, IProgressMonitor monitor) throws Exception {
        Files.createDirectories(work);
        Path tokenizerDir = work.resolve("tokenizer");
        int vocab = WorldTokenizer.write(tokenizerDir, vocabulary(), SampleModelConfigs.MAX_TOKENS);
        tokenizer = ClipTokenizer.fromFolder(tokenizerDir);
        emptyIds = tokenizer.encode("");
        var state = Checkpoint.read(work);
        if (state.isPresent() && !state.get().plan().canContinueAs(requested, state.get().stage(), state.get().step())) {
            throw new IOException("The checkpoint in " + work + " belongs to another plan (" + state.get().plan()
                    + "; asked: " + requested + "): the seed and the stages begun must stay as they were. Use another "
                    + "work folder, or delete its checkpoint to start again.");
        }
        plan = requested;
        if (from != null && state.isEmpty()) {
            SampleModel.verify(from); // before anything is read from it
        }
        List<Integer> baseLayers = from == null ? null
                : UNet2DConditionConfig.read(from.resolve("unet/config.json")).layersPerBlock();
        List<Integer> layers = plan.resolveUnetLayers(baseLayers);
        if (baseLayers != null) {
            try {
                UNetDeepening.requireDeeper(baseLayers, layers);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return runtime.call(() -> {
            try (NDManager root = runtime.newManager()) {
                vae = AutoencoderModel.create(SampleModelConfigs.vae(1.0));
                text = TextEncoderModel.create(SampleModelConfigs.textEncoder(vocab));
                unet = VideoUNetModel.create(SampleModelConfigs.unet(layers), SampleModelConfigs.motion());
                try {
                    vae.initialize(root, plan.seed() + 1);
                    text.initialize(root, plan.seed() + 2);
                    unet.imageUNet().initialize(root, plan.seed() + 3);
                    unet.initializeMotionModules(root, plan.seed() + 4);
                    if (state.isPresent()) {
                        restore(state.get(), root);
                        log.line("resuming at " + stage.id() + " step " + step + " from " + Checkpoint.find(work).get());
                    } else {
                        if (from != null) {
                            loadBase(root, baseLayers, layers);
                            log.line("continuing from the model " + from);
                        }
                        stage = Stage.VAE;
                        step = 0;
                    }
                    // which CPU kernels compute the gradients: checked once per machine (TensorRuntime)
                    gradients = runtime.trainingGradients().describe();
                    log.line(gradients);
                    int remaining = 0;
                    for (Stage s : Stage.values()) {
                        if (s.ordinal() > stage.ordinal()) {
                            remaining += plan.steps(s);
                        }
                    }
                    remaining += plan.steps(stage) - step;
                    SubMonitor sub = SubMonitor.convert(monitor, "Training the sample model", remaining + 1);
                    List<StageResult> results = new ArrayList<>();
                    while (stage != Stage.DONE) {
                        if (from != null && plan.steps(stage) == 0) {
                            stage = Stage.values()[stage.ordinal() + 1]; // the base's weights stay
                            continue;
                        }
                        results.add(train(stage, root, sub));
                    }
                    sub.subTask("writing the model folder");
                    SampleModelExport.write(output, vae, text, unet, tokenizerDir, scalingFactor, plan,
                            command(), history);
                    sub.worked(1);
                    return results;
                } finally {
                    unet.close();
                    text.close();
                    vae.close();
                }
            }
        });
    }

    /** Records {@code command} in {@code training.json} instead of the one-phase command this run's plan reads as. */
    public void recordCommand(String command) {
        this.command = command;
    }

    private String command() {
        return command != null ? command
                : "vswap train-sample-model output=DIR" + (from == null ? "" : " from=" + fromArgument)
                        + SampleModelExport.planArguments(plan);
    }

    /** The world's caption words and the words of VideoSwap's DIFT prompt ("a photo of a …"). */
    static List<String> vocabulary() {
        List<String> words = new ArrayList<>(SampleWorld.vocabulary());
        for (String w : List.of("a", "photo", "of", "on", "background")) {
            if (!words.contains(w)) {
                words.add(w);
            }
        }
        return words;
    }

    private void restore(Checkpoint.State s, NDManager root) throws IOException {
        stage = s.stage();
        step = s.step();
        scalingFactor = s.scalingFactor();
        history = s.history();
        Path dir = Checkpoint.find(work).orElseThrow();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("vae.safetensors"))) {
            vae.load(f, root);
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("text_encoder.safetensors"))) {
            text.load(f, root);
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("unet.safetensors"))) {
            unet.imageUNet().load(f, root);
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("motion_module.safetensors"))) {
            unet.loadMotionModules(f, root);
        }
    }

    /** The base model's weights (verified by {@link #run}), scaling factor and training record (no checkpoint yet). */
    private void loadBase(NDManager root, List<Integer> baseLayers, List<Integer> layers) throws IOException {
        JsonObject baseTraining;
        try {
            baseTraining = JsonParser.parseString(Files.readString(from.resolve("training.json"), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(from + " has no readable training.json (" + e.getMessage() + "); a refinement "
                    + "starts from a model this command trained", e);
        }
        scalingFactor = AutoencoderKLConfig.read(from.resolve("vae/config.json")).scalingFactor();
        loadBaseWeights(from.resolve("vae/diffusion_pytorch_model.fp16.safetensors"), vae::load, root);
        loadBaseWeights(from.resolve("text_encoder/model.fp16.safetensors"), text::load, root);
        Path unetFile = from.resolve("unet/diffusion_pytorch_model.fp16.safetensors");
        Path motionFile = from.resolve("motion_module/motion_module.fp16.safetensors");
        if (layers.equals(baseLayers)) {
            loadBaseWeights(unetFile, unet.imageUNet()::load, root);
            loadBaseWeights(motionFile, unet::loadMotionModules, root);
        } else {
            try (SafetensorsFile u = SafetensorsFile.open(unetFile); SafetensorsFile m = SafetensorsFile.open(motionFile)) {
                UNetDeepening.load(u, m, baseLayers, layers, unet);
            }
            log.line("UNet layers per level " + baseLayers + " -> " + layers + ": the added layers start as "
                    + "identities, so the model computes what its base did until training changes it");
        }
        baseTraining.addProperty("checksums_sha256", SampleModel.checksumKey(from));
        history.add("base", baseTraining);
    }

    private interface WeightLoader {
        ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException;
    }

    private static void loadBaseWeights(Path file, WeightLoader loader, NDManager root) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            ParameterLoadReport r = loader.load(f, root);
            if (!r.isComplete()) {
                throw new IOException(file + " does not fit the sample model's architecture: " + r);
            }
        }
    }

    private Map<String, NDArray> trainable(Stage s) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        switch (s) {
        case VAE -> vae.parameters().forEach((k, v) -> p.put("vae." + k, v));
        case UNET -> {
            unet.imageUNet().parameters().forEach((k, v) -> p.put("unet." + k, v));
            text.parameters().forEach((k, v) -> p.put("text_encoder." + k, v));
        }
        case MOTION -> unet.motionParameters().forEach((k, v) -> p.put("motion." + k, v));
        case DONE -> throw new IllegalStateException();
        }
        return p;
    }

    private double baseLr(Stage s) {
        return switch (s) {
        case VAE -> 5e-4;
        case UNET -> from != null ? 3e-4 : 6e-4;
        case MOTION -> 4e-4;
        case DONE -> 0;
        };
    }

    /** Linear warm-up, then cosine decay to a tenth. */
    private double lr(Stage s, int i) {
        int n = plan.steps(s);
        double base = baseLr(s);
        int warmup = Math.min(WARMUP, Math.max(1, n / 5)); // short runs (tests) warm up proportionally
        if (i < warmup) {
            return base * (i + 1) / warmup;
        }
        double progress = n <= warmup ? 1 : (i - warmup) / (double) (n - warmup);
        return base * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    private StageResult train(Stage s, NDManager root, SubMonitor monitor) throws Exception {
        int n = plan.steps(s);
        JsonObject h = stageHistory(s);
        try (AdamOptimizer opt = new AdamOptimizer(root, trainable(s), EMA_DECAY)) {
            Path dir = Checkpoint.find(work).orElse(null);
            if (step > 0 && dir != null && Files.isRegularFile(dir.resolve("optimizer.safetensors"))) {
                try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("optimizer.safetensors"))) {
                    opt.load(f);
                }
            }
            if (!h.has("eval_before")) {
                double before = evalLoss(s, root);
                h.addProperty("eval_before", before);
                log.line(String.format(Locale.ROOT, "%s: %d steps; held-out loss before %.5f", s.id(), n, before));
            }
            drawn.clear();
            replayedSteps = 0;
            long t0 = System.nanoTime();
            int firstStep = step;
            double running = 0;
            int runningCount = 0;
            while (step < n) {
                if (monitor.isCanceled()) {
                    saveCheckpoint(opt);
                    log.line("cancelled at " + s.id() + " step " + step + "; the checkpoint in " + work
                            + " resumes from here");
                    throw new OperationCanceledException();
                }
                double loss = trainStep(s, root, opt, lr(s, step));
                step++;
                if (Double.isFinite(loss)) {
                    running += loss;
                    runningCount++;
                }
                monitor.worked(1);
                if (step % LOG_EVERY == 0 || step == n) {
                    double mean = runningCount == 0 ? Double.NaN : running / runningCount;
                    JsonArray curve = h.getAsJsonArray("loss");
                    JsonArray point = new JsonArray();
                    point.add(step);
                    point.add(mean);
                    curve.add(point);
                    double perStep = (System.nanoTime() - t0) / 1e9 / (step - firstStep);
                    String line = String.format(Locale.ROOT, "%s step %d/%d loss %.5f lr %.2e %.2f s/step eta %s",
                            s.id(), step, n, mean, lr(s, step - 1), perStep, eta(perStep * (n - step)));
                    log.line(line);
                    monitor.subTask(line);
                    running = 0;
                    runningCount = 0;
                }
                if (step % plan.checkpointEvery() == 0 && step < n) {
                    saveCheckpoint(opt);
                }
            }
            // the averaged weights are what ships and what the next stage builds on
            copyInto(opt.ema(), trainable(s));
            double after = evalLoss(s, root);
            h.addProperty("eval_after", after);
            h.addProperty("skipped_steps", opt.skipped());
            h.addProperty("gradients", gradients);
            log.line(String.format(Locale.ROOT, "%s done: held-out loss %.5f -> %.5f (%d steps skipped for non-finite "
                    + "gradients after %d replays)", s.id(), h.get("eval_before").getAsDouble(),
                    after, opt.skipped(), replayedSteps));
            if (!drawn.isEmpty()) {
                log.line(s.id() + ": training samples by shape since this run started: " + drawnShares());
            }
            if (s == Stage.VAE) {
                scalingFactor = measureScalingFactor(root);
                log.line(String.format(Locale.ROOT, "latent scaling factor %.5f", scalingFactor));
            }
            StageResult r = new StageResult(s, n, h.get("eval_before").getAsDouble(), after, opt.skipped());
            stage = Stage.values()[s.ordinal() + 1];
            step = 0;
            saveCheckpoint(null);
            return r;
        }
    }

    /** E.g. {@code "disc 11 %, square 12 %, …"}: the shapes the denoising stage trained on. */
    private String drawnShares() {
        int total = drawn.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder b = new StringBuilder();
        drawn.forEach((shape, count) -> b.append(b.isEmpty() ? "" : ", ").append(shape.word())
                .append(String.format(Locale.ROOT, " %.0f %%", 100.0 * count / total)));
        return b + " of " + total;
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private JsonObject stageHistory(Stage s) {
        if (!history.has(s.id())) {
            JsonObject h = new JsonObject();
            h.add("loss", new JsonArray());
            history.add(s.id(), h);
        }
        return history.getAsJsonObject(s.id());
    }

    private static void copyInto(Map<String, NDArray> from, Map<String, NDArray> to) {
        for (var e : to.entrySet()) {
            NDArray src = from.get(e.getKey());
            try (NDArray d = src.sub(e.getValue())) {
                e.getValue().addi(d);
            }
        }
    }

    private void saveCheckpoint(AdamOptimizer opt) throws IOException {
        Checkpoint.write(work, new Checkpoint.State(plan, stage, step, scalingFactor, history), dir -> {
            vae.save(dir.resolve("vae.safetensors"));
            text.save(dir.resolve("text_encoder.safetensors"));
            unet.imageUNet().save(dir.resolve("unet.safetensors"));
            unet.saveMotionModules(dir.resolve("motion_module.safetensors"));
            if (opt != null) {
                SafetensorsWriter w = new SafetensorsWriter();
                opt.save(w);
                w.write(dir.resolve("optimizer.safetensors"));
            }
        });
    }

    // ---- one step of each stage -------------------------------------------------------------

    private double trainStep(Stage s, NDManager root, AdamOptimizer opt, double lr) {
        double[] norms = new double[replayPolicy.maxPasses()];
        for (int pass = 0;; pass++) {
            try (NDManager m = root.newSubManager()) {
                // the same draw on a replay: the step is a function of (seed, stage, step)
                SplittableRandom r = new SplittableRandom(mix(plan.seed(), s.ordinal(), step));
                double loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = switch (s) {
                    case VAE -> vaeLoss(m, images(m, r, plan.vaeBatch()), r.nextLong());
                    case UNET -> denoiseLoss(m, r, plan.unetBatch(), 1, true);
                    case MOTION -> denoiseLoss(m, r, plan.motionClips(), frames, true);
                    case DONE -> throw new IllegalStateException();
                    };
                    loss = l.getFloat();
                    gc.backward(l);
                }
                // a NaN gradient from a finite loss that the same step replayed does not repeat is a backend
                // glitch (docs/gradients.md); a loss that is itself not finite will not
                norms[pass] = opt.gradientNorm();
                if (replayPolicy.judge(step, norms, pass, loss) == GradientReplayPolicy.Verdict.REPLAY) {
                    opt.clearGradients();
                    replayedSteps++;
                    continue;
                }
                // used, or skipped by the optimizer itself: the policy skips only a gradient that is not finite
                double norm = opt.update(lr, CLIP_NORM);
                return Double.isNaN(norm) ? Double.NaN : loss;
            }
        }
    }

    /** Held-out loss on a fixed batch (its own seed, timesteps spread over the range, no caption drop). */
    private double evalLoss(Stage s, NDManager root) {
        try (NDManager m = root.newSubManager()) {
            SplittableRandom r = new SplittableRandom(mix(plan.seed() ^ 0x5EED_E7A1L, s.ordinal(), -1));
            NDArray l = switch (s) {
            case VAE -> reconstructionMse(m, images(m, r, EVAL_BATCH));
            case UNET -> denoiseLoss(m, r, EVAL_BATCH, 1, false);
            case MOTION -> denoiseLoss(m, r, 2, frames, false);
            case DONE -> throw new IllegalStateException();
            };
            return l.getFloat();
        }
    }

    private NDArray vaeLoss(NDManager m, NDArray x, long noiseSeed) {
        NDArray moments = vae.encodeMoments(x);
        int c = (int) (moments.getShape().get(1) / 2);
        NDArray mean = moments.get(":, 0:" + c);
        NDArray logvar = moments.get(":, " + c + ":").clip(-30f, 20f);
        NDArray eps = SeededNoise.normal(m, noiseSeed, mean.getShape());
        NDArray z = mean.add(ScalarOps.mul(logvar, 0.5).exp().mul(eps));
        NDArray diff = vae.decode(z).sub(x);
        NDArray kl = ScalarOps.mul(mean.square().add(logvar.exp()).sub(1).sub(logvar).mean(), 0.5 * KL_WEIGHT);
        return diff.square().mean().add(ScalarOps.mul(diff.abs().mean(), 0.5)).add(kl);
    }

    private NDArray reconstructionMse(NDManager m, NDArray x) {
        NDArray moments = vae.encodeMoments(x);
        int c = (int) (moments.getShape().get(1) / 2);
        return vae.decode(moments.get(":, 0:" + c)).sub(x).square().mean();
    }

    /**
     * The noise-prediction loss on {@code clips} clips of {@code clipFrames} frames (1: still images
     * through the image UNet). One timestep per clip, as AnimateDiff trains.
     */
    private NDArray denoiseLoss(NDManager m, SplittableRandom r, int clips, int clipFrames, boolean training) {
        List<float[]> pixels = new ArrayList<>();
        int[][] ids = new int[clips * clipFrames][];
        int[] t = new int[clips * clipFrames];
        float[] weight = new float[clips * clipFrames];
        boolean weighted = training && (plan.subjectWeight() > 0 || plan.pointWeight() > 0);
        List<boolean[]> masks = new ArrayList<>();
        List<double[][]> points = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            long seed = r.nextLong();
            SampleClip sample = sample(seed, clipFrames, training);
            boolean drop = training && r.nextDouble() < CAPTION_DROP;
            int[] caption = drop ? emptyIds : tokenizer.encode(sample.caption());
            int tc = training ? r.nextInt(schedule.trainTimesteps())
                    : (int) ((c + 0.5) * schedule.trainTimesteps() / clips);
            double ab = schedule.alphaCumprod(tc);
            double snr = ab / (1 - ab);
            Map<String, double[][]> named = weighted ? sample.points() : Map.of(); // every frame's, computed once a clip
            for (int f = 0; f < clipFrames; f++) {
                int i = c * clipFrames + f;
                pixels.add(sample.frame(f));
                if (weighted) {
                    masks.add(sample.mask(f));
                    points.add(visiblePoints(named, f));
                }
                ids[i] = caption;
                t[i] = tc;
                weight[i] = (float) (training ? Math.min(snr, MIN_SNR_GAMMA) / snr : 1);
            }
        }
        NDArray x = toTensor(m, pixels);
        NDArray latents;
        try (NDArray moments = vae.encodeMoments(x)) {
            int c = (int) (moments.getShape().get(1) / 2);
            latents = ScalarOps.mul(moments.get(":, 0:" + c), scalingFactor);
        }
        NDArray noise = SeededNoise.normal(m, r.nextLong(), latents.getShape());
        NDArray noisy = schedule.addNoise(latents, noise, t);
        NDArray hidden = text.encode(m, ids);
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            tf[i] = t[i];
        }
        NDArray eps = clipFrames == 1 ? unet.imageUNet().forward(noisy, tf, hidden)
                : unet.forward(noisy, clipFrames, tf, hidden, null);
        NDArray squared = eps.sub(noise).square();
        NDArray perSample;
        if (weighted) {
            Shape ls = latents.getShape();
            NDArray cells = m.create(
                    cellWeights(masks, points, (int) ls.get(2), (int) ls.get(3), plan.subjectWeight(), plan.pointWeight()),
                    new Shape(t.length, 1, ls.get(2), ls.get(3)));
            perSample = squared.mul(cells).sum(new int[] { 1, 2, 3 })
                    .div(cells.sum(new int[] { 1, 2, 3 }).mul(ls.get(1)));
        } else {
            perSample = squared.reshape(t.length, -1).mean(new int[] { 1 });
        }
        return perSample.mul(m.create(weight)).mean();
    }

    /**
     * The sample drawn with {@code seed}: a still image or a clip, its shape re-drawn by the plan's
     * shape weights when training (the held-out samples keep the world's mix).
     */
    private SampleClip sample(long seed, int clipFrames, boolean training) {
        SampleSpec spec = SampleSpec.random(new Random(seed));
        if (training) {
            SubjectShape shape = plan.trainingShape(seed, spec.shape());
            spec = new SampleSpec(shape, spec.color(), spec.pattern(), spec.background());
            drawn.merge(shape, 1, Integer::sum);
        }
        return clipFrames == 1 ? SampleWorld.image(seed, size, spec) : SampleWorld.clip(seed, size, clipFrames, spec);
    }

    /**
     * Per latent cell of each frame: 1 + {@code w} × the share of subject pixels in the cell or its 8
     * neighbours (the subject's edge, where corners and arms are decided, is what the loss should not
     * average away against a background that fills most of the frame). Shape (frames, h, w), flattened.
     */
    public static float[] subjectCellWeights(List<boolean[]> masks, int h, int w, double weight) {
        return cellWeights(masks, null, h, w, weight, 0);
    }

    /** {@code {x, y}} in pixels of each named point ({@link SampleClip#points()}) in view on frame {@code f}. */
    private static double[][] visiblePoints(Map<String, double[][]> named, int f) {
        return named.values().stream().map(track -> track[f]).filter(p -> p[2] > 0)
                .map(p -> new double[] { p[0], p[1] }).toArray(double[][]::new);
    }

    /**
     * {@link #subjectCellWeights} plus {@code pointWeight} on each cell that holds one of the frame's
     * {@code points} ({@code {x, y}} in pixels, pixel centres at integers; null: none), counted once
     * however many points share the cell.
     */
    public static float[] cellWeights(List<boolean[]> masks, List<double[][]> points, int h, int w, double weight,
            double pointWeight) {
        float[] out = new float[masks.size() * h * w];
        for (int i = 0; i < masks.size(); i++) {
            boolean[] mask = masks.get(i);
            int size = (int) Math.round(Math.sqrt(mask.length));
            int fy = size / h;
            int fx = size / w;
            float[] share = new float[h * w];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (mask[y * size + x]) {
                        share[(y / fy) * w + x / fx] += 1f / (fx * fy);
                    }
                }
            }
            for (int cy = 0; cy < h; cy++) {
                for (int cx = 0; cx < w; cx++) {
                    float most = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int y = cy + dy;
                            int x = cx + dx;
                            if (y >= 0 && y < h && x >= 0 && x < w) {
                                most = Math.max(most, share[y * w + x]);
                            }
                        }
                    }
                    out[(i * h + cy) * w + cx] = (float) (1 + weight * most);
                }
            }
            if (points != null && pointWeight != 0) {
                boolean[] marked = new boolean[h * w];
                for (double[] p : points.get(i)) {
                    int cx = Math.clamp((long) Math.floor((p[0] + 0.5) / fx), 0, w - 1);
                    int cy = Math.clamp((long) Math.floor((p[1] + 0.5) / fy), 0, h - 1);
                    if (!marked[cy * w + cx]) {
                        marked[cy * w + cx] = true;
                        out[(i * h + cy) * w + cx] += (float) pointWeight;
                    }
                }
            }
        }
        return out;
    }

    private NDArray images(NDManager m, SplittableRandom r, int n) {
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pixels.add(SampleWorld.image(r.nextLong(), size).frame(0));
        }
        return toTensor(m, pixels);
    }

    private NDArray toTensor(NDManager m, List<float[]> hwc) {
        return VaeImageProcessor.preprocess(m, hwc, size, size);
    }

    /** 1 / std of the posterior means over fresh images, so the UNet sees unit-variance latents (SD: 0.18215). */
    private double measureScalingFactor(NDManager root) {
        SplittableRandom r = new SplittableRandom(mix(plan.seed(), 99, 0));
        double sum = 0;
        double sq = 0;
        long count = 0;
        for (int done = 0; done < SCALE_SAMPLES; done += 32) {
            try (NDManager m = root.newSubManager()) {
                NDArray moments = vae.encodeMoments(images(m, r, 32));
                int c = (int) (moments.getShape().get(1) / 2);
                float[] v = moments.get(":, 0:" + c).toFloatArray();
                for (float f : v) {
                    sum += f;
                    sq += (double) f * f;
                }
                count += v.length;
            }
        }
        double mean = sum / count;
        return 1 / Math.sqrt(sq / count - mean * mean);
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }
}
