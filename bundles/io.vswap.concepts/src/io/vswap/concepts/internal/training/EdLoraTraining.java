package io.vswap.concepts.internal.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.batch.api.TimeLeft;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptPreviews;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.api.PreviewSettings;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.diffusion.api.AdamW;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * The ED-LoRA training loop (Mix-of-Show's {@code train_edlora.py}): per step a batch of augmented
 * reference images with captions, the VAE's sampled latents noised at random timesteps (plus the noise
 * offset), the noise predicted through the layer-wise prompt and the LoRA, the squared error over the
 * image's cells; AdamW with a learning rate per group, decaying linearly to 0; the embeddings stop
 * learning once their mean norm reaches the limit. Every random draw follows from the seed and the step,
 * so a run resumed from a checkpoint draws what the uninterrupted run would have.
 */
public final class EdLoraTraining implements AutoCloseable {

    /** The checkpoint's file in the work folder (written atomically: a crash keeps the one before). */
    public static final String CHECKPOINT = "checkpoint.safetensors";

    private final VideoDiffusionModel model;
    private final EdLoraModel edlora;
    private final ReferenceImages images;
    private final TrainingSettings settings;
    private final String fingerprint;
    private final NoiseSchedule schedule;
    private final int cells;
    private final List<Double> losses = new ArrayList<>();
    private int embeddingsStoppedAt = -1;
    private int skipped;
    private int resumedFrom;

    /**
     * @param fingerprint what the checkpoint must have been made from to be resumed (model, images, token,
     *        settings)
     */
    EdLoraTraining(VideoDiffusionModel model, EdLoraModel edlora, ReferenceImages images, TrainingSettings settings,
            String fingerprint, int side) {
        this.model = model;
        this.edlora = edlora;
        this.images = images;
        this.settings = settings;
        this.fingerprint = fingerprint;
        this.schedule = model.schedule();
        this.cells = side / model.vaeScale();
    }

    /**
     * The ED-LoRA weights to train on {@code model}, initialised as Mix-of-Show does, and the loop over them;
     * {@code notes} receives what was chosen, for the concept's record.
     */
    public static EdLoraTraining create(TrainingRequest request, List<BufferedImage> originals,
            VideoDiffusionModel model, BaseModelId base, Map<String, String> notes, NDManager root) throws IOException {
        int side = VideoDiffusionModel.Layout.of(request.modelFolder()).nativeSide();
        ReferenceImages images = ReferenceImages.prepare(originals, side);
        TrainingSettings s = request.settings();
        NDArray table = model.textEncoder().parameters().get(ConceptInputs.TOKEN_EMBEDDING);
        int hidden = (int) table.getShape().get(1);
        // token 1: random, σ scaled to this model (<rand-0.013>); token 2: the class word's embedding (its
        // pieces' mean when the vocabulary splits it; Mix-of-Show asks for a single token)
        NDArray random = root.create(SeededNoise.normal(EdLoraTraining.mix(s.seed(), 0, 9), hidden),
                new Shape(hidden)).muli(s.initSigma());
        int[] ids = model.tokenizer().tokenize(request.classWord());
        NDArray word = table.get(root.create(ids)).mean(new int[] { 0 });
        notes.put("initializer", "token 1 random (sigma " + s.initSigma() + "), token 2 \"" + request.classWord()
                + "\" (" + (ids.length == 1 ? "one vocabulary token" : "the mean of its " + ids.length + " pieces") + ")");
        notes.put("captions", "Mix-of-Show's object templates with the token alone, e.g. \"a photo of a "
                + request.token() + "\"");
        notes.put("images", "centre square, scaled to " + side + " px; augmented as Mix-of-Show's ResizeFillMaskNew: "
                + "shrunk by a random factor in [" + s.scaleMin() + ", 1], placed at random on black, loss only "
                + "over the image");
        LoraConfig unet = new LoraConfig(s.rank(), s.alpha(), LoraConfig.ATTENTION_PROJECTIONS);
        LoraConfig text = new LoraConfig(s.rank(), s.alpha(), LoraConfig.TEXT_ENCODER_ATTENTION_PROJECTIONS);
        EdLoraModel edlora = EdLoraModel.create(model, request.token(), new NDArray[] { random, word }, text, unet,
                root, s.seed());
        notes.put("layers", Integer.toString(edlora.layers().size()));
        return new EdLoraTraining(model, edlora, images, s, ConceptTrainerService.fingerprint(request, base), side);
    }

    public List<Double> losses() {
        return Collections.unmodifiableList(losses);
    }

    /** The step at which the embeddings reached the norm limit and stopped, or -1. */
    public int embeddingsStoppedAt() {
        return embeddingsStoppedAt;
    }

    public int skipped() {
        return skipped;
    }

    /** The step the run continued from (0: it started afresh). */
    public int resumedFrom() {
        return resumedFrom;
    }

    /**
     * Runs the steps left, resuming from {@code workFolder}'s checkpoint when it was made from the same
     * inputs, and writing one every {@link TrainingSettings#checkpointEvery()} steps.
     *
     * @param stopAfter stop (as if cancelled, after a checkpoint) once this many steps are done; for tests
     *        of resuming; {@code settings.steps()} for a whole run
     * @return whether every step has run
     */
    public boolean run(NDManager root, Path workFolder, TrainingListener listener, IProgressMonitor monitor,
            int stopAfter) throws IOException {
        Map<String, NDArray> params = edlora.parameters();
        try (AdamW opt = new AdamW(root, params, settings.weightDecay())) {
            Path checkpoint = workFolder.resolve(CHECKPOINT);
            int start = resume(checkpoint, params, opt);
            resumedFrom = start;
            IProgressMonitor mon = monitor == null ? new NullProgressMonitor() : monitor;
            // one tick a step left to run (a monitor given no total would drop them)
            SubMonitor ticks = SubMonitor.convert(mon, settings.steps() - start);
            long t0 = System.nanoTime();
            for (int s = start; s < settings.steps(); s++) {
                if (mon.isCanceled()) {
                    throw new OperationCanceledException();
                }
                double loss = step(root, opt, s);
                losses.add(loss);
                if (embeddingsStoppedAt < 0 && edlora.meanEmbeddingNorm() >= settings.embeddingNormLimit()) {
                    embeddingsStoppedAt = s + 1;
                }
                int done = s + 1;
                double share = (done - start) / (double) (settings.steps() - start);
                OptionalLong left = TimeLeft.seconds(share, (System.nanoTime() - t0) / 1e9);
                listener.step(done, settings.steps(), loss, left);
                mon.subTask(String.format(Locale.ROOT, "step %d of %d, loss %.4f%s", done, settings.steps(), loss,
                        left.isPresent() ? ", " + TimeLeft.words(share, (System.nanoTime() - t0) / 1e9) : ""));
                ticks.worked(1);
                if (done % settings.checkpointEvery() == 0 && done < settings.steps()) {
                    save(checkpoint, params, opt, done);
                }
                int every = listener.previewEvery(settings.steps());
                if (every > 0 && (done % every == 0 || done == settings.steps())) {
                    // after the checkpoint, from the preview's own seed: a resumed run is not disturbed
                    mon.subTask(String.format(Locale.ROOT, "step %d of %d: drawing a preview", done, settings.steps()));
                    listener.preview(done, ConceptPreviews.draw(model, edlora, ConceptPreviews.defaultPrompt(
                            edlora.token()), PreviewSettings.DURING_TRAINING, root, cancelOnly(mon)).get(0));
                }
                if (done >= stopAfter && done < settings.steps()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code monitor}'s cancel, and nothing of its progress (a preview must not restart the training's task). */
    private static IProgressMonitor cancelOnly(IProgressMonitor monitor) {
        return new NullProgressMonitor() {
            @Override
            public boolean isCanceled() {
                return monitor.isCanceled();
            }
        };
    }

    private double step(NDManager root, AdamW opt, int s) {
        Random random = new Random(mix(settings.seed(), s, 1));
        int batch = settings.batch();
        int side = images.square(0).getWidth();
        List<byte[]> rgb = new ArrayList<>();
        float[] mask = new float[batch * cells * cells];
        List<String> prompts = new ArrayList<>();
        for (int j = 0; j < batch; j++) {
            byte[] canvas = new byte[side * side * 3];
            float[] m = images.augment(sampleIndex((long) s * batch + j), settings.scaleMin(), random, canvas, cells);
            System.arraycopy(m, 0, mask, j * cells * cells, m.length);
            rgb.add(canvas);
            prompts.add(Captions.draw(random, edlora.token()));
        }
        int[] t = IntStream.range(0, batch).map(j -> random.nextInt(schedule.trainTimesteps())).toArray();
        try (NDManager m = root.newSubManager()) {
            NDArray x = VaeImageProcessor.preprocessRgb(m, rgb, side, side);
            NDArray z0 = model.vae().encode(x, mix(settings.seed(), s, 2)); // a posterior sample, as Mix-of-Show
            NDArray noise = noise(m, z0.getShape(), s);
            NDArray zt = schedule.addNoise(z0, noise, t);
            NDArray cellMask = m.create(mask, new Shape(batch, 1, cells, cells));
            double value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss(m, zt, noise, t, prompts, cellMask);
                value = loss.getFloat();
                gc.backward(loss);
            }
            double decay = 1 - s / (double) settings.steps();
            boolean embeddings = embeddingsStoppedAt < 0;
            if (Double.isFinite(opt.gradientNorm())) {
                opt.update(name -> decay * rate(name, embeddings));
            } else {
                skipped++; // a gradient that is not finite changes nothing
            }
            opt.clearGradients();
            return value;
        }
    }

    /** Noise with Mix-of-Show's offset: {@code ε + offset · ε'}, ε' one value per image and channel. */
    private NDArray noise(NDManager m, Shape shape, int s) {
        NDArray noise = SeededNoise.normal(m, mix(settings.seed(), s, 3), shape);
        if (settings.noiseOffset() > 0) {
            NDArray offset = SeededNoise.normal(m, mix(settings.seed(), s, 4), new Shape(shape.get(0), shape.get(1), 1, 1));
            noise = noise.add(offset.muli(settings.noiseOffset()));
        }
        return noise;
    }

    /** The mean squared error of the predicted noise over the cells the image covers. */
    private NDArray loss(NDManager m, NDArray zt, NDArray noise, int[] t, List<String> prompts, NDArray cellMask) {
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            tf[i] = t[i];
        }
        NDArray states = edlora.encode(m, prompts);
        NDArray pred = model.unet().imageUNet().forward(zt, tf, states);
        NDArray sq = pred.sub(noise).square().mul(cellMask);
        double count = cellMask.sum().getFloat() * zt.getShape().get(1);
        return ScalarOps.div(sq.sum(), Math.max(1, count));
    }

    /**
     * The loss over fixed draws (every image once, unaugmented, timesteps spread over the schedule, seeded
     * noise), with no gradient: a steadier figure than a step's loss for telling whether training helped.
     */
    public double evaluationLoss(NDManager root, int timesteps) {
        int side = images.square(0).getWidth();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < images.count(); i++) {
            for (int k = 0; k < timesteps; k++) {
                int t = (int) ((k + 0.5) * schedule.trainTimesteps() / timesteps);
                try (NDManager m = root.newSubManager()) {
                    byte[] canvas = new byte[side * side * 3];
                    float[] mask = images.augment(i, 1.0, new Random(0), canvas, cells);
                    NDArray x = VaeImageProcessor.preprocessRgb(m, List.of(canvas), side, side);
                    NDArray z0 = model.vae().encode(x, null);
                    NDArray noise = SeededNoise.normal(m, mix(12345, i, k), z0.getShape());
                    NDArray zt = schedule.addNoise(z0, noise, new int[] { t });
                    NDArray cellMask = m.create(mask, new Shape(1, 1, cells, cells));
                    sum += loss(m, zt, noise, new int[] { t }, List.of(Captions.OBJECT_TEMPLATES.get(0)
                            .replace("{}", edlora.token())), cellMask).getFloat();
                    n++;
                }
            }
        }
        return sum / n;
    }

    private double rate(String name, boolean embeddings) {
        if (name.startsWith(EdLoraModel.TEXT_PREFIX)) {
            return settings.textEncoderLr();
        }
        if (name.startsWith(EdLoraModel.UNET_PREFIX)) {
            return settings.unetLr();
        }
        return embeddings ? settings.embeddingLr() : 0;
    }

    /** The reference image of the {@code g}-th sample: every image once per epoch, in a seeded shuffled order. */
    private int sampleIndex(long g) {
        int n = images.count();
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(mix(settings.seed(), g / n, 5)));
        return order.get((int) (g % n));
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void save(Path checkpoint, Map<String, NDArray> params, AdamW opt, int done) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("fingerprint", fingerprint)
                .metadata("step", Integer.toString(done))
                .metadata("embeddings_stopped_at", Integer.toString(embeddingsStoppedAt))
                .metadata("skipped", Integer.toString(skipped));
        StringBuilder curve = new StringBuilder();
        losses.forEach(l -> curve.append(l).append(' '));
        w.metadata("losses", curve.toString().strip());
        params.forEach(w::add);
        w.metadata("adam_updates", Long.toString(opt.updates()));
        opt.state().forEach((k, a) -> w.add("adam." + k, a));
        Files.createDirectories(checkpoint.getParent());
        try {
            w.write(checkpoint);
        } catch (IOException e) {
            // the writer replaces the file in one rename: a full disk leaves the checkpoint before whole
            throw new IOException("the checkpoint of step " + done + " could not be written to " + checkpoint + " ("
                    + e.getMessage() + "); the one before it is kept: make room and run the training again to "
                    + "continue from it", e);
        }
    }

    /** @return the step to continue from: the checkpoint's when it fits these inputs, else 0 */
    private int resume(Path checkpoint, Map<String, NDArray> params, AdamW opt) throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            return 0;
        }
        try (SafetensorsFile f = SafetensorsFile.open(checkpoint); NDManager tmp = params.values().iterator().next()
                .getManager().newSubManager()) {
            if (!fingerprint.equals(f.metadata().get("fingerprint"))) {
                return 0; // made from other images or settings: start afresh (it is replaced at the next checkpoint)
            }
            for (var e : params.entrySet()) {
                e.getValue().set(EdLoraModel.ALL, f.load(e.getKey(), tmp));
            }
            Map<String, float[]> moments = new java.util.LinkedHashMap<>();
            for (String k : opt.state().keySet()) {
                moments.put(k, f.load("adam." + k, tmp).toFloatArray());
            }
            opt.restore(moments, Long.parseLong(f.metadata().get("adam_updates")));
            embeddingsStoppedAt = Integer.parseInt(f.metadata().get("embeddings_stopped_at"));
            skipped = Integer.parseInt(f.metadata().get("skipped"));
            losses.clear();
            String curve = f.metadata().get("losses");
            if (!curve.isEmpty()) {
                for (String v : curve.split(" ")) {
                    losses.add(Double.parseDouble(v));
                }
            }
            return Integer.parseInt(f.metadata().get("step"));
        }
    }

    /** Writes the trained weights ({@link EdLoraModel}'s format), atomically. */
    public void saveWeights(Path file) throws IOException {
        edlora.save(file);
    }

    /** The first reference image as the model sees it: the concept's thumbnail. */
    public void saveThumbnail(Path file) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(images.square(0), "png", png);
        io.vswap.files.api.AtomicFile.write(file, png.toByteArray());
    }

    /** The ED-LoRA weights as a concept prompt (for a preview or a test), live: training goes on changing them. */
    public ConceptPrompt prompt() {
        return edlora;
    }

    /** Takes the LoRA off the model and puts the default attention back; the added tokens stay. */
    @Override
    public void close() {
        edlora.close();
    }

    /** {@code step,loss} lines. */
    public String lossCsv() {
        StringBuilder sb = new StringBuilder("step,loss\n");
        for (int i = 0; i < losses.size(); i++) {
            sb.append(i + 1).append(',').append(String.format(Locale.ROOT, "%.6f", losses.get(i))).append('\n');
        }
        return sb.toString();
    }
}
