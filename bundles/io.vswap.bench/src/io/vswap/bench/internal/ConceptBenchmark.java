package io.vswap.bench.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import javax.imageio.ImageIO;

import ai.djl.ndarray.NDManager;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.concepts.internal.training.EdLoraTraining;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.model.api.SampleModel;

/**
 * The cost of ED-LoRA training (issue 30), driven as the concept trainer drives it
 * ({@link EdLoraTraining#create} and {@link EdLoraTraining#run}), on 5 drawn reference images.
 *
 * <p><b>Tiny</b>: the shipped sample model, the trainer's own defaults (Mix-of-Show's: 5 images x 500
 * repeats / batch 2 = 1250 steps), a few steps timed one by one and EXTRAPOLATED to the 1250.
 *
 * <p><b>SD 1.5 size</b>: a UNet, VAE and CLIP ViT-L/14 text encoder of SD 1.5's configurations with random
 * weights (no SD weights ship with the project; the cost of a step does not depend on the values), 512x512
 * references, Mix-of-Show's settings (batch 2, rank 4, 16 layer-wise embeddings); one warm-up step and the
 * steps asked for are timed and EXTRAPOLATED to 1250; peak RSS per step. The tokenizer is the sample
 * model's vocabulary and merges, padded to CLIP's 49408 ids with unused entries, with SD's 77-token length:
 * every prompt is padded to 77 positions, so the text encoder's work is SD's whatever the vocabulary.
 * Reference: a 1024^3 matmul in the same run, and the step's counted FLOPs at its speed.
 */
final class ConceptBenchmark {

    /** Reference images per concept, as the issue asks. */
    static final int IMAGES = 5;

    /** diffusers' AutoencoderKL config of runwayml/stable-diffusion-v1-5 (vae/config.json). */
    static final String SD15_VAE = """
            {"_class_name": "AutoencoderKL", "act_fn": "silu", "block_out_channels": [128, 256, 512, 512],
             "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
             "in_channels": 3, "latent_channels": 4, "layers_per_block": 2, "norm_num_groups": 32, "out_channels": 3,
             "sample_size": 512, "scaling_factor": 0.18215,
             "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]}
            """;

    /** SD 1.5's text encoder (openai/clip-vit-large-patch14's text half, text_encoder/config.json). */
    static final String SD15_TEXT = """
            {"architectures": ["CLIPTextModel"], "hidden_act": "quick_gelu", "hidden_size": 768,
             "intermediate_size": 3072, "layer_norm_eps": 1e-05, "max_position_embeddings": 77,
             "num_attention_heads": 12, "num_hidden_layers": 12, "projection_dim": 768, "vocab_size": 49408}
            """;

    /**
     * Below this much available memory the SD part is not started: the weights alone take ~4.3 GB and a
     * batch-1 step's backward several GB more, and other builds share the machine.
     */
    static final double MIN_FREE_GIB = 14;

    /** Activations a plain backward through the SD 1.5 UNet keeps per 64x64-latent image (GradientCheckpointing's measure). */
    static final double UNET_BACKWARD_GB_PER_IMAGE = 4.49;

    private final boolean tiny;
    private final boolean sd;
    private final int tinySteps;
    private final int sdSteps;
    private final int sdBatch;

    /**
     * @param tinySteps steps timed on the sample model
     * @param sdSteps steps timed at SD size after the warm-up step
     * @param sdBatch the SD part's batch (Mix-of-Show's 2; 0: 2 when the memory allows it, else 1)
     */
    ConceptBenchmark(boolean tiny, boolean sd, int tinySteps, int sdSteps, int sdBatch) {
        this.tiny = tiny;
        this.sd = sd;
        this.tinySteps = tinySteps;
        this.sdSteps = sdSteps;
        this.sdBatch = sdBatch;
    }

    void run(PrintStream out) throws Exception {
        TensorRuntime rt = SwapBenchmark.service(TensorRuntime.class, null);
        Path dir = Files.createTempDirectory("vswap-bench-concept");
        out.printf(Locale.ROOT, "concept: load average %s; %s; training gradients: %s%n", SwapBenchmark.loadAverage(),
                PeakMemory.allocator(), rt.trainingGradients().describe());
        if (tiny) {
            tiny(rt, dir, out);
        }
        if (sd) {
            sd(rt, dir, out);
        }
        out.printf(Locale.ROOT, "concept: load average at the end %s%n", SwapBenchmark.loadAverage());
    }

    // ---------------------------------------------------------------- tiny

    private void tiny(TensorRuntime rt, Path dir, PrintStream out) throws Exception {
        ConceptTrainer trainer = SwapBenchmark.service(ConceptTrainer.class, null);
        Path model = SampleModel.shippedFolder();
        List<Path> refs = UnseenSubject.TWO_TONE_HEXAGON.writeReferences(dir.resolve("tiny-refs"), IMAGES, 64);
        TrainingRequest r = request(model, refs, TrainingSettings.mixOfShow(IMAGES, 64, 1, 1), dir.resolve("tiny-work"));
        r = r.withSettings(trainer.defaults(r, 1)); // what the product trains with
        TrainingRequest req = r.withSettings(r.settings().withCheckpointEvery(r.settings().steps()));
        List<BufferedImage> images = read(refs);
        double gflops = SwapBenchmark.matmulGflops(1024);
        StepClock clock = rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root);
                    EdLoraTraining t = EdLoraTraining.create(req, images, m, BaseModelId.of(model),
                            new LinkedHashMap<>(), root)) {
                StepClock c = new StepClock();
                c.start();
                t.run(root, req.workFolder(), c, null, tinySteps);
                return c;
            }
        });
        TrainingSettings s = req.settings();
        out.printf(Locale.ROOT, "concept tiny: sample model, %d reference images of 64x64, the trainer's defaults "
                + "(Mix-of-Show's: %d steps = %d images x %d repeats / batch %d, rank %d); same-run reference: 1024^3 "
                + "matmul %.1f GFLOP/s%n", IMAGES, s.steps(), IMAGES, TrainingSettings.MIX_OF_SHOW_REPEATS, s.batch(),
                s.rank(), gflops);
        double median = clock.median(1);
        out.printf(Locale.ROOT, "concept tiny: %d steps: first %.3f s, then median %.3f s per step (min %.3f, max %.3f); "
                + "peak RSS %.2f GB%n", clock.seconds.size(), clock.seconds.get(0), median, clock.min(1), clock.max(1),
                clock.maxPeak() / 1e9);
        out.printf(Locale.ROOT, "concept tiny: per concept, EXTRAPOLATED: %d steps x %.3f s = %.0f s (%.1f min)%n",
                s.steps(), median, s.steps() * median, s.steps() * median / 60);
    }

    // ---------------------------------------------------------------- SD 1.5 size

    private void sd(TensorRuntime rt, Path dir, PrintStream out) throws Exception {
        double freeGib = memAvailable() / (1L << 30);
        if (freeGib < MIN_FREE_GIB) {
            out.printf(Locale.ROOT, "concept sd: NOT RUN: %.1f GiB available, at least %.0f GiB needed (weights ~4.3 GB "
                    + "plus the backward's activations); free memory and run `vswap bench concept --sd-only`%n",
                    freeGib, MIN_FREE_GIB);
            return;
        }
        // weights + JVM ~6 GB, plus the UNet backward's activations per image, plus 2 GB of margin
        int batch = sdBatch > 0 ? sdBatch
                : freeGib * (1L << 30) / 1e9 >= 6 + 2 * UNET_BACKWARD_GB_PER_IMAGE + 2 ? 2 : 1;
        out.printf(Locale.ROOT, "concept sd: %.1f GiB available -> batch %d%s%n", freeGib, batch,
                batch == TrainingSettings.MIX_OF_SHOW_BATCH ? " (Mix-of-Show's)"
                        : " (NOT Mix-of-Show's 2: its memory is not free here)");
        Path folder = sdFolder(dir.resolve("sd15-random"));
        List<Path> refs = UnseenSubject.TWO_TONE_HEXAGON.writeReferences(dir.resolve("sd-refs"), IMAGES, 512);
        TrainingSettings mos = TrainingSettings.mixOfShow(IMAGES, TrainingSettings.MOS_WIDTH,
                TrainingSettings.MOS_INIT_SIGMA * Math.sqrt(TrainingSettings.MOS_WIDTH), 1);
        TrainingSettings s = withBatch(mos, batch).withCheckpointEvery(mos.steps());
        TrainingRequest req = request(folder, refs, s, dir.resolve("sd-work"));
        List<BufferedImage> images = read(refs);
        UNet2DConditionConfig uc = UNet2DConditionConfig.parse(UnetBenchmark.SD15);
        CLIPTextConfig tc = CLIPTextConfig.parse(SD15_TEXT);
        double[] flops = new double[3];
        long[] params = new long[3];
        double[] base = new double[1];
        StepClock clock = rt.call(() -> {
            long t0 = System.nanoTime();
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.of(
                            AutoencoderModel.create(AutoencoderKLConfig.parse(SD15_VAE)),
                            TextEncoderModel.create(tc), ClipTokenizer.fromFolder(folder.resolve("tokenizer")),
                            VideoUNetModel.create(uc, MotionModuleConfig.mmSdV15()))) {
                // the motion modules are left unallocated: ED-LoRA trains the image UNet alone
                m.vae().initialize(root, 1);
                m.textEncoder().initialize(root, 2);
                m.unet().imageUNet().initialize(root, 3);
                params[0] = m.unet().imageUNet().parameterCount();
                params[1] = m.textEncoder().parameterCount();
                params[2] = m.vae().parameterCount();
                flops[0] = UnetBenchmark.flops(m.unet().imageUNet(), uc, batch);
                // per token: 2 FLOPs per weight of the 12 layers (embeddings are look-ups); attention products
                // 2·2·77·768 per token and layer; one sequence per layer-wise embedding (16) per image
                long layerWeights = m.textEncoder().parameterCount() - (long) tc.vocabSize() * tc.hiddenSize()
                        - 77L * tc.hiddenSize();
                flops[1] = (2.0 * layerWeights + 4.0 * 77 * 768 * tc.numHiddenLayers()) * 77 * 16 * batch;
                out.printf(Locale.ROOT, "concept sd: random weights: UNet %,d, text encoder %,d, VAE %,d parameters "
                        + "(%.2f GB fp32), init %.1f s%n", params[0], params[1], params[2],
                        (params[0] + params[1] + params[2]) * 4 / 1e9, (System.nanoTime() - t0) / 1e9);
                base[0] = PeakMemory.current();
                try (EdLoraTraining t = EdLoraTraining.create(req, images, m, BaseModelId.of(folder),
                        new LinkedHashMap<>(), root)) {
                    StepClock c = new StepClock();
                    c.out = out;
                    c.start();
                    t.run(root, req.workFolder(), c, null, 1 + sdSteps);
                    return c;
                }
            }
        });
        double gflops = SwapBenchmark.matmulGflops(1024);
        double median = clock.median(1);
        // the frozen weights need no weight gradient: the backward is about one more forward (into activations)
        double stepFlops = 2 * (flops[0] + flops[1]);
        double matmulS = stepFlops / (gflops * 1e9);
        out.printf(Locale.ROOT, "concept sd: SD 1.5 size, random weights, %d references of 512x512 (64x64 latents), "
                + "batch %d, 77 tokens, Mix-of-Show's settings (rank %d, 16 layer-wise embeddings); RSS with the "
                + "weights %.2f GB%n", IMAGES, batch, s.rank(), base[0] / 1e9);
        out.printf(Locale.ROOT, "concept sd: same-run reference: 1024^3 matmul %.1f GFLOP/s; load average %s%n", gflops,
                SwapBenchmark.loadAverage());
        out.printf(Locale.ROOT, "concept sd: warm-up step %.1f s; measured %s s -> %.1f s per step; peak RSS %.2f GB "
                + "(+%.2f over the weights)%n", clock.seconds.get(0), clock.measured(1), median, clock.maxPeak() / 1e9,
                (clock.maxPeak() - base[0]) / 1e9);
        out.printf(Locale.ROOT, "concept sd: counted FLOPs per step %.2f TFLOP (UNet fwd %.2f + text encoder fwd %.2f, "
                + "x2 for the backward; VAE encode not counted) -> at the matmul's speed %.1f s, ratio %.2f%n",
                stepFlops / 1e12, flops[0] / 1e12, flops[1] / 1e12, matmulS, matmulS / median);
        int steps = mos.steps() * TrainingSettings.MIX_OF_SHOW_BATCH / batch; // the same images seen at batch 1
        out.printf(Locale.ROOT, "concept sd: per concept, EXTRAPOLATED (not run): %d steps x %.1f s = %.0f s (%.1f h) "
                + "on this CPU%s%n", steps, median, steps * median, steps * median / 3600,
                batch == TrainingSettings.MIX_OF_SHOW_BATCH ? "" : " (batch 1: twice Mix-of-Show's step count)");
        out.printf(Locale.ROOT, "concept sd: Mix-of-Show (README, TencentARC/Mix-of-Show@51270fd): \"We tune each concept "
                + "with 2 A100 GPU\", fp16, xformers, batch 2 per GPU, 500 repeats; no wall-clock time is given%n");
    }

    /** A model folder with SD 1.5's configs and no weights: what the trainer reads the image side and the id from. */
    private static Path sdFolder(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("unet"));
        Files.createDirectories(folder.resolve("vae"));
        Files.createDirectories(folder.resolve("text_encoder"));
        Files.writeString(folder.resolve("unet/config.json"), UnetBenchmark.SD15);
        Files.writeString(folder.resolve("vae/config.json"), SD15_VAE);
        Files.writeString(folder.resolve("text_encoder/config.json"), SD15_TEXT);
        // the sample model's vocabulary and merges (SD's 49408-token files do not ship), SD's 77 positions
        Path tok = Files.createDirectories(folder.resolve("tokenizer"));
        Path sample = SampleModel.shippedFolder().resolve("tokenizer");
        // padded to CLIP's 49408 ids with entries no merge produces: the trainer checks that the tokenizer
        // and the text encoder's table give the concept's new tokens the same ids
        int size = ClipTokenizer.fromFolder(sample).vocabSize();
        String vocab = Files.readString(sample.resolve("vocab.json")).strip();
        StringBuilder padded = new StringBuilder(vocab.substring(0, vocab.lastIndexOf('}')).strip());
        for (int id = size; id < CLIPTextConfig.parse(SD15_TEXT).vocabSize(); id++) {
            padded.append(",\n  \"<bench-unused-").append(id).append(">\": ").append(id);
        }
        Files.writeString(tok.resolve("vocab.json"), padded.append("\n}\n"));
        Files.copy(sample.resolve("merges.txt"), tok.resolve("merges.txt"));
        Files.writeString(tok.resolve("tokenizer_config.json"), """
                {"tokenizer_class": "CLIPTokenizer", "model_max_length": 77, "bos_token": "<|startoftext|>",
                 "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>"}
                """);
        return folder;
    }

    /** MemAvailable of /proc/meminfo in bytes (what can be had without swapping; 0 when unreadable). */
    static double memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: treated as too little, the SD part is not started
        }
        return 0;
    }

    private static TrainingRequest request(Path model, List<Path> refs, TrainingSettings s, Path work) {
        return new TrainingRequest(model, refs, "Two-tone hexagon", "<hexbench1>", "hexagon", "", List.of(), s, work);
    }

    private static TrainingSettings withBatch(TrainingSettings s, int batch) {
        return new TrainingSettings(s.steps(), batch, s.embeddingLr(), s.textEncoderLr(), s.unetLr(), s.rank(),
                s.alpha(), s.weightDecay(), s.noiseOffset(), s.initSigma(), s.embeddingNormLimit(), s.scaleMin(),
                s.checkpointEvery(), s.seed());
    }

    private static List<BufferedImage> read(List<Path> files) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        for (Path p : files) {
            out.add(ImageIO.read(p.toFile()));
        }
        return out;
    }

    /**
     * Each step's wall time (between the trainer's step reports) and peak RSS: the peak mark is read and
     * reset between steps, outside the timed span.
     */
    static final class StepClock implements TrainingListener {
        final List<Double> seconds = new ArrayList<>();
        final List<Double> peaks = new ArrayList<>();
        PrintStream out;
        private long from;

        void start() {
            PeakMemory.reset();
            from = System.nanoTime();
        }

        @Override
        public void step(int step, int steps, double loss, OptionalLong secondsLeft) {
            long now = System.nanoTime();
            seconds.add((now - from) / 1e9);
            try {
                peaks.add(PeakMemory.peak());
            } catch (Exception e) {
                peaks.add(Double.NaN);
            }
            if (out != null) {
                out.printf(Locale.ROOT, "concept sd: ... step %d: %.1f s, loss %.4f, peak RSS %.2f GB%n", step,
                        seconds.get(seconds.size() - 1), loss, peaks.get(peaks.size() - 1) / 1e9);
                out.flush();
            }
            PeakMemory.reset();
            from = System.nanoTime();
        }

        /** The median of the steps from {@code skip} on (all of them when there are no more). */
        double median(int skip) {
            return SwapBenchmark.median(tail(skip));
        }

        double min(int skip) {
            return java.util.Arrays.stream(tail(skip)).min().orElse(Double.NaN);
        }

        double max(int skip) {
            return java.util.Arrays.stream(tail(skip)).max().orElse(Double.NaN);
        }

        String measured(int skip) {
            StringBuilder sb = new StringBuilder();
            for (double v : tail(skip)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
            }
            return sb.toString();
        }

        double maxPeak() {
            return peaks.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        private double[] tail(int skip) {
            List<Double> l = seconds.size() > skip ? seconds.subList(skip, seconds.size()) : seconds;
            return l.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
