package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.samples.api.SampleWorld;
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
 * work folder with a checkpoint resumes it. What each stage minimises, on which draws: {@link TrainingLosses}.
 */
public final class SampleModelTrainer {

    /** Where the run reports what it does, one line at a time. */
    public interface Log {
        void line(String text);
    }

    /** Per stage: the loss of a fixed held-out batch before and after the stage's training. */
    public record StageResult(Stage stage, int steps, double evalBefore, double evalAfter, int skippedSteps) {
    }

    private static final double CLIP_NORM = 1.0;
    /** Replays of a step whose gradients came out non-finite before it is skipped. */
    private static final int REPLAYS = 2;
    private static final double EMA_DECAY = 0.999;
    private static final int WARMUP = 100;
    private static final int LOG_EVERY = 25;

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

    private AutoencoderModel vae;
    private TextEncoderModel text;
    private VideoUNetModel unet;
    private TrainingLosses losses;
    private TrainingPlan plan;
    private Stage stage;
    private int step;
    /** Steps of the current stage replayed for non-finite gradients (this run; not in checkpoints). */
    private int replayedSteps;
    private double scalingFactor = 1;
    private JsonObject history = new JsonObject();
    /** Which CPU kernels computed this run's gradients (TensorRuntime#trainingGradients). */
    private String gradients = "";

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
        ClipTokenizer tokenizer = ClipTokenizer.fromFolder(tokenizerDir);
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
                losses = new TrainingLosses(vae, text, unet, tokenizer, plan);
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

    private double lr(Stage s, int i) {
        return warmupCosine(baseLr(s), plan.steps(s), i);
    }

    /** Step {@code i} of {@code n}: linear warm-up, then cosine decay to a tenth of {@code base}. */
    static double warmupCosine(double base, int n, int i) {
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
                double before = losses.evalLoss(s, root, scalingFactor);
                h.addProperty("eval_before", before);
                log.line(String.format(Locale.ROOT, "%s: %d steps; held-out loss before %.5f", s.id(), n, before));
            }
            losses.clearDrawn();
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
            double after = losses.evalLoss(s, root, scalingFactor);
            h.addProperty("eval_after", after);
            h.addProperty("skipped_steps", opt.skipped());
            h.addProperty("gradients", gradients);
            log.line(String.format(Locale.ROOT, "%s done: held-out loss %.5f -> %.5f (%d steps skipped for non-finite "
                    + "gradients after %d replays)", s.id(), h.get("eval_before").getAsDouble(),
                    after, opt.skipped(), replayedSteps));
            if (!losses.drawnShares().isEmpty()) {
                log.line(s.id() + ": training samples by shape since this run started: " + losses.drawnShares());
            }
            if (s == Stage.VAE) {
                scalingFactor = losses.measureScalingFactor(root);
                log.line(String.format(Locale.ROOT, "latent scaling factor %.5f", scalingFactor));
            }
            StageResult r = new StageResult(s, n, h.get("eval_before").getAsDouble(), after, opt.skipped());
            stage = Stage.values()[s.ordinal() + 1];
            step = 0;
            saveCheckpoint(null);
            return r;
        }
    }

    static String eta(double seconds) {
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

    /** Sets each array of {@code to} to its namesake in {@code from} (an EMA's weights into the live ones). */
    static void copyInto(Map<String, NDArray> from, Map<String, NDArray> to) {
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
                double loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = losses.trainingLoss(s, step, m, scalingFactor);
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

}
