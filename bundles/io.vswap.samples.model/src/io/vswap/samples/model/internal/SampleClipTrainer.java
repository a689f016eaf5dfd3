package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.CLIPImageProcessor;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.ImageEncoderModel;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.samples.model.api.SampleModel;

/**
 * Trains a CLIP image tower ({@code CLIPVisionModelWithProjection}) against the sample model's own text
 * encoder, which stays frozen: only the image tower, a {@code text_projection} on the text encoder's
 * pooled output (its end-of-text token) and CLIP's learnable logit scale (initialised at 1/0.07, capped
 * at 100) are trained, with CLIP's symmetric contrastive loss over batches of frames with distinct
 * captions, plus an image-to-text term over all 720 captions of the world (a caption space this small can
 * be enumerated, so the captions that differ from a frame's only in the shape word are negatives at every
 * step; with batch negatives alone the tower told colours apart and shapes only two times in three). Adam with warm-up and cosine decay, clipping and an EMA of the weights (the EMA is what
 * ships), as {@link SampleModelTrainer} trains, with its replay rule for non-finite gradients. The
 * result is a transformers {@code CLIPModel} folder ({@link SampleClipExport}) that {@link ClipModel}
 * loads; its zero-shot accuracy on held-out frames is measured on the written weights.
 */
final class SampleClipTrainer {

    /** What a run measured. */
    record Result(int steps, double heldOutBefore, double heldOutAfter, SampleClipZeroShot.Result zeroShot,
            double seconds, int skippedSteps) {
    }

    private static final double CLIP_NORM = 1.0;
    private static final int REPLAYS = 2;
    /** Shorter than the diffusion trainer's 0.999: this run is about a thousand steps, not tens of thousands. */
    private static final double EMA_DECAY = 0.995;
    private static final int LOG_EVERY = 25;
    /** CLIP's initial temperature 0.07 and its cap of 100 on the logit scale. */
    private static final float LOGIT_SCALE_INIT = (float) Math.log(1 / 0.07);
    private static final float LOGIT_SCALE_MAX = (float) Math.log(100);
    private static final int HELD_OUT_BATCHES = 4;

    private final TensorRuntime runtime;
    private final Path modelFolder;
    private final ClipTrainingSettings settings;
    private final SampleModelTrainer.Log log;
    private final GradientReplayPolicy replayPolicy = new GradientReplayPolicy(REPLAYS + 1, 0, Double.POSITIVE_INFINITY,
            false, false);
    private final CLIPImageProcessor processor;

    private ImageEncoderModel image;
    private NDArray textProjection;
    private NDArray logitScale;
    /** The frozen text encoder's pooled output of every caption, {@code [captions × hidden]}. */
    private float[] pooledCaptions;
    private int textWidth;

    /**
     * @param modelFolder the sample model whose {@code text_encoder/} and {@code tokenizer/} the tower is
     *        trained against (checked against its checksums when it has them)
     */
    SampleClipTrainer(TensorRuntime runtime, Path modelFolder, ClipTrainingSettings settings, SampleModelTrainer.Log log) {
        this.runtime = runtime;
        this.modelFolder = modelFolder;
        this.settings = settings;
        this.log = log;
        this.processor = CLIPImageProcessor.forImageSize(settings.vision().imageSize());
    }

    /**
     * Trains, then writes the CLIP folder to {@code output} (replaced whole, or not at all).
     *
     * @param command how the run was asked for, recorded in {@code training-clip.json}
     * @throws OperationCanceledException when cancelled (nothing is written; a run is minutes, so it has no checkpoint)
     */
    Result run(Path output, String command, IProgressMonitor monitor) throws Exception {
        if (Files.isRegularFile(modelFolder.resolve(SampleModel.CHECKSUMS))) {
            SampleModel.verify(modelFolder);
        }
        Path textDir = modelFolder.resolve("text_encoder");
        CLIPTextConfig textConfig = CLIPTextConfig.read(textDir.resolve("config.json"));
        Path textWeights = SampleClipExport.textWeights(textDir);
        ClipTokenizer tokenizer = ClipTokenizer.fromFolder(modelFolder.resolve("tokenizer"));
        String loadBefore = SampleClipExport.loadAverage();
        return runtime.call(() -> {
            try (NDManager root = runtime.newManager()) {
                pooledCaptions = pooled(root, textConfig, textWeights, tokenizer);
                textWidth = textConfig.hiddenSize();
                image = ImageEncoderModel.create(settings.vision());
                try {
                    image.initialize(root, settings.seed() + 1);
                    textProjection = root.create(uniform(settings.projectionDim() * textWidth, textWidth,
                            settings.seed() + 2), new Shape(settings.projectionDim(), textWidth));
                    logitScale = root.create(new float[] { LOGIT_SCALE_INIT }, new Shape(1));
                    return train(root, output, command, loadBefore, monitor);
                } finally {
                    image.close();
                }
            }
        });
    }

    private Result train(NDManager root, Path output, String command, String loadBefore, IProgressMonitor monitor)
            throws IOException {
        int n = settings.steps();
        SubMonitor sub = SubMonitor.convert(monitor, "Training the sample model's CLIP image tower", n + 2);
        String gradients = runtime.trainingGradients().describe();
        log.line(gradients);
        log.line(String.format(Locale.ROOT, "image tower: %,d parameters (%s); text encoder frozen, %d captions",
                image.parameterCount(), settings.vision(), SampleClipDraws.CAPTIONS));
        double before = heldOutLoss(root);
        log.line(String.format(Locale.ROOT, "held-out contrastive loss before %.4f (chance: ln %d + ln %d = %.4f)",
                before, settings.batch(), SampleClipDraws.CAPTIONS, chance()));
        JsonArray curve = new JsonArray();
        long t0 = System.nanoTime();
        int skipped;
        int replays = 0;
        try (AdamOptimizer opt = new AdamOptimizer(root, trainable(), EMA_DECAY)) {
            double running = 0;
            int count = 0;
            for (int step = 0; step < n; step++) {
                if (sub.isCanceled()) {
                    log.line("cancelled at step " + step + "; nothing written");
                    throw new OperationCanceledException();
                }
                double[] outcome = trainStep(root, opt, step);
                replays += (int) outcome[1];
                if (Double.isFinite(outcome[0])) {
                    running += outcome[0];
                    count++;
                }
                sub.worked(1);
                if ((step + 1) % LOG_EVERY == 0 || step + 1 == n) {
                    double mean = count == 0 ? Double.NaN : running / count;
                    JsonArray point = new JsonArray();
                    point.add(step + 1);
                    point.add(mean);
                    curve.add(point);
                    double perStep = (System.nanoTime() - t0) / 1e9 / (step + 1);
                    String line = String.format(Locale.ROOT, "clip step %d/%d loss %.4f logit scale %.1f lr %.2e "
                            + "%.2f s/step eta %s", step + 1, n, mean, Math.exp(logitScale.getFloat()),
                            lr(step), perStep, SampleModelTrainer.eta(perStep * (n - step - 1)));
                    log.line(line);
                    sub.subTask(line);
                    running = 0;
                    count = 0;
                }
            }
            // the averaged weights are what ships
            SampleModelTrainer.copyInto(opt.ema(), trainable());
            skipped = opt.skipped();
        }
        capLogitScale();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double after = heldOutLoss(root);
        sub.worked(1);
        log.line(String.format(Locale.ROOT, "trained %d steps in %.1f min (%d skipped for non-finite gradients after %d "
                + "replays); held-out contrastive loss %.4f -> %.4f", n, seconds / 60, skipped, replays, before, after));
        sub.subTask("writing the CLIP folder and measuring it");
        JsonObject record = new JsonObject();
        record.addProperty("command", command);
        record.add("settings", settings.toJson());
        record.addProperty("text_encoder_from", modelFolder.toString());
        if (Files.isRegularFile(modelFolder.resolve(SampleModel.CHECKSUMS))) {
            record.addProperty("text_encoder_model_checksums_sha256", SampleModel.checksumKey(modelFolder));
        }
        record.addProperty("gradients", gradients);
        JsonObject loss = new JsonObject();
        loss.addProperty("held_out_before", before);
        loss.addProperty("held_out_after", after);
        loss.addProperty("chance", chance());
        loss.add("training_curve", curve);
        record.add("loss", loss);
        record.addProperty("skipped_steps", skipped);
        record.addProperty("replayed_steps", replays);
        record.addProperty("training_seconds", Math.round(seconds * 10) / 10.0);
        record.addProperty("seconds_per_step", Math.round(seconds / n * 1000) / 1000.0);
        record.addProperty("load_average_before", loadBefore);
        record.addProperty("load_average_after", SampleClipExport.loadAverage());
        SampleClipZeroShot.Result[] zeroShot = new SampleClipZeroShot.Result[1];
        SampleClipExport.write(output, modelFolder, settings, image.parameters(), textProjection, logitScale, tmp -> {
            // measured on what is written (F16), loaded as any user's CLIP folder is
            try (ClipModel clip = ClipModel.load(runtime, tmp)) {
                zeroShot[0] = SampleClipZeroShot.measure(clip, settings.evalSeed(), settings.evalClips());
            }
            record.add("zero_shot", zeroShot[0].toJson());
            record.getAsJsonObject("zero_shot").addProperty("held_out_seeds",
                    settings.evalSeed() + ".." + (settings.evalSeed() + settings.evalClips() - 1));
            return record;
        });
        sub.worked(1);
        log.line(zeroShot[0].toString());
        return new Result(n, before, after, zeroShot[0], seconds, skipped);
    }

    /** The loss of a tower that knows nothing: ln(batch) for the batch's captions, ln(captions) for all of them. */
    private double chance() {
        return Math.log(settings.batch()) + Math.log(SampleClipDraws.CAPTIONS);
    }

    private Map<String, NDArray> trainable() {
        Map<String, NDArray> p = new LinkedHashMap<>(image.parameters());
        p.put(SampleClipExport.TEXT_PROJECTION, textProjection);
        p.put(SampleClipExport.LOGIT_SCALE, logitScale);
        return p;
    }

    private double lr(int step) {
        return SampleModelTrainer.warmupCosine(settings.learningRate(), settings.steps(), step);
    }

    /** {loss or NaN, replays}: one step with the diffusion trainer's replay rule. */
    private double[] trainStep(NDManager root, AdamOptimizer opt, int step) {
        double[] norms = new double[replayPolicy.maxPasses()];
        SampleClipDraws.Batch batch = SampleClipDraws.draw(
                new SplittableRandom(TrainingLosses.mix(settings.seed(), 7, step)), settings.batch(), false);
        for (int pass = 0;; pass++) {
            try (NDManager m = root.newSubManager()) {
                double loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = contrastiveLoss(m, batch);
                    loss = l.getFloat();
                    gc.backward(l);
                }
                norms[pass] = opt.gradientNorm();
                if (replayPolicy.judge(step, norms, pass, loss) == GradientReplayPolicy.Verdict.REPLAY) {
                    opt.clearGradients();
                    continue;
                }
                double norm = opt.update(lr(step), CLIP_NORM);
                capLogitScale();
                return new double[] { Double.isNaN(norm) ? Double.NaN : loss, pass };
            }
        }
    }

    /** CLIP's cap: the logit scale stays at or below ln 100. */
    private void capLogitScale() {
        float v = logitScale.getFloat();
        if (v > LOGIT_SCALE_MAX) {
            logitScale.subi(v - LOGIT_SCALE_MAX);
        }
    }

    /** The mean contrastive loss of fixed batches of held-out seeds (no augmentation). */
    private double heldOutLoss(NDManager root) {
        double sum = 0;
        for (int i = 0; i < HELD_OUT_BATCHES; i++) {
            SampleClipDraws.Batch batch = SampleClipDraws.draw(
                    new SplittableRandom(TrainingLosses.mix(settings.evalSeed(), 8, i)), settings.batch(), true);
            try (NDManager m = root.newSubManager()) {
                sum += contrastiveLoss(m, batch).getFloat();
            }
        }
        return sum / HELD_OUT_BATCHES;
    }

    /**
     * CLIP's loss: cross-entropy of image-to-text and text-to-image cosine logits (times the logit scale)
     * with each frame's own caption as the target, averaged over both directions; plus the image-to-text
     * cross-entropy over all the world's captions.
     */
    private NDArray contrastiveLoss(NDManager m, SampleClipDraws.Batch batch) {
        int b = batch.captions().length;
        NDArray images = normalized(image.imageEmbeds(processor.preprocess(m, batch.frames())));
        float[] rows = new float[b * textWidth];
        for (int i = 0; i < b; i++) {
            System.arraycopy(pooledCaptions, batch.captions()[i] * textWidth, rows, i * textWidth, textWidth);
        }
        // an operation on a parameter lands in the parameter's manager: move each such result to the step's
        NDArray projection = textProjection.transpose();
        projection.attach(m);
        NDArray texts = normalized(m.create(rows, new Shape(b, textWidth)).matMul(projection));
        NDArray scale = logitScale.exp();
        scale.attach(m);
        NDArray logits = images.matMul(texts.transpose()).mul(scale);
        NDArray eye = m.eye(b);
        NDArray imageToText = logits.logSoftmax(1).mul(eye).sum();
        NDArray textToImage = logits.logSoftmax(0).mul(eye).sum();
        // every caption of the world as a negative too: the few that differ from a frame's own only in the
        // shape word, which CLIP-T must tell apart, are then always there, not in one batch in ten
        NDArray all = normalized(m.create(pooledCaptions, new Shape(SampleClipDraws.CAPTIONS, textWidth))
                .matMul(projection));
        float[] own = new float[b * SampleClipDraws.CAPTIONS];
        for (int i = 0; i < b; i++) {
            own[i * SampleClipDraws.CAPTIONS + batch.captions()[i]] = 1;
        }
        NDArray imageToAll = images.matMul(all.transpose()).mul(scale).logSoftmax(1)
                .mul(m.create(own, new Shape(b, SampleClipDraws.CAPTIONS))).sum();
        return imageToText.add(textToImage).div(-2f * b).sub(imageToAll.div(b));
    }

    private static NDArray normalized(NDArray x) {
        return x.div(x.square().sum(new int[] { 1 }, true).add(1e-12f).sqrt());
    }

    /** The frozen text encoder's pooled output (its end-of-text token) of every caption of the world. */
    private static float[] pooled(NDManager root, CLIPTextConfig config, Path weights, ClipTokenizer tokenizer)
            throws IOException {
        List<String> captions = SampleClipDraws.captions();
        int[][] ids = captions.stream().map(tokenizer::encode).toArray(int[][]::new);
        try (TextEncoderModel text = TextEncoderModel.create(config); NDManager m = root.newSubManager()) {
            try (SafetensorsFile f = SafetensorsFile.open(weights)) {
                var report = text.load(f, m);
                if (!report.isComplete()) {
                    throw new IOException(weights + " does not hold the text encoder its config describes: " + report);
                }
            }
            return text.pooledOutput(m.create(ids)).toFloatArray();
        }
    }

    /** PyTorch's Linear init: uniform in ±1/√fan_in. */
    private static float[] uniform(int n, int fanIn, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double bound = 1 / Math.sqrt(fanIn);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }
}
