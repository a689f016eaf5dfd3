package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A latent video diffusion model loaded from a diffusers-layout folder: {@code vae/},
 * {@code text_encoder/}, {@code tokenizer/}, {@code unet/} and an AnimateDiff motion-module file
 * with its {@link MotionModuleConfig} ({@code motion_module/config.json} in our layout; AnimateDiff's
 * v1 settings when the file has none). Every weight file is checked: a missing or wrong-shaped
 * parameter fails the load naming it. Tensor methods run inside {@link TensorRuntime#call}.
 */
public final class VideoDiffusionModel implements AutoCloseable {

    /** Where the parts of a model live. */
    public record Layout(Path folder, Path motionModule, Path motionConfig) {

        /** Our layout: everything inside {@code folder}, the motion module in {@code motion_module/}. */
        public static Layout of(Path folder) {
            Path mm = folder.resolve("motion_module");
            return new Layout(folder, firstExisting(mm, "motion_module.safetensors", "motion_module.fp16.safetensors"),
                    mm.resolve("config.json"));
        }

        /** A real SD 1.5 folder plus a separate AnimateDiff file ({@code mm_sd_v15*.safetensors}). */
        public static Layout of(Path folder, Path motionModule) {
            return new Layout(folder, motionModule, motionModule.resolveSibling("config.json"));
        }

        /**
         * Every file {@link VideoDiffusionModel#load} reads, as it would choose them now (the first
         * existing of a part's weight files: the full-precision one before the {@code .fp16} one):
         * what a checksum check must cover. Files that do not exist are left out.
         */
        public List<Path> loadedFiles() {
            List<Path> out = new java.util.ArrayList<>();
            for (String part : new String[] { "vae", "text_encoder", "unet" }) {
                Path dir = folder.resolve(part);
                out.add(dir.resolve("config.json"));
                Path w = firstExisting(dir, weightNames(part));
                if (w != null) {
                    out.add(w);
                }
            }
            out.add(folder.resolve("tokenizer").resolve("vocab.json"));
            out.add(folder.resolve("tokenizer").resolve("merges.txt"));
            if (motionModule != null) {
                out.add(motionModule);
            }
            if (motionConfig != null) {
                out.add(motionConfig);
            }
            return out.stream().filter(Files::isRegularFile).toList();
        }

        /**
         * The image side the model was made for, from its configs without loading it: the UNet's
         * {@code sample_size} (latent cells) times the VAE's downscale (SD 1.5: 64 × 8 = 512).
         *
         * @throws IOException when a config is missing or unreadable
         */
        public int nativeSide() throws IOException {
            UNet2DConditionConfig unet = UNet2DConditionConfig.read(config(folder.resolve("unet")));
            AutoencoderKLConfig vae = AutoencoderKLConfig.read(config(folder.resolve("vae")));
            return unet.sampleSize() * vae.downscale();
        }
    }

    /** A part's weight files, in the order the loader tries them. */
    static String[] weightNames(String part) {
        return part.equals("text_encoder") ? new String[] { "model.safetensors", "model.fp16.safetensors" }
                : new String[] { "diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors" };
    }

    private final AutoencoderModel vae;
    private final TextEncoderModel textEncoder;
    private final ClipTokenizer tokenizer;
    private final VideoUNetModel unet;

    private VideoDiffusionModel(AutoencoderModel vae, TextEncoderModel textEncoder, ClipTokenizer tokenizer,
            VideoUNetModel unet) {
        this.vae = vae;
        this.textEncoder = textEncoder;
        this.tokenizer = tokenizer;
        this.unet = unet;
    }

    /**
     * Builds a model from parts (e.g. freshly initialised ones); it owns and closes them. A part
     * may be null where the caller uses only the others (a benchmark's UNet alone).
     */
    public static VideoDiffusionModel of(AutoencoderModel vae, TextEncoderModel textEncoder, ClipTokenizer tokenizer,
            VideoUNetModel unet) {
        return new VideoDiffusionModel(vae, textEncoder, tokenizer, unet);
    }

    /** Loads every part in fp32 (what training needs); see {@link #load(Layout, NDManager, Precision)}. */
    public static VideoDiffusionModel load(Layout layout, NDManager manager) throws IOException {
        return load(layout, manager, Precision.FP32);
    }

    /**
     * Loads every part under {@code manager}, its weights held in {@code precision} (for inference:
     * usually {@link TensorRuntime#precision()}); the parts still take and give float32. On any
     * problem nothing stays allocated.
     */
    public static VideoDiffusionModel load(Layout layout, NDManager manager, Precision precision)
            throws IOException {
        Path f = layout.folder();
        if (!Files.isDirectory(f)) {
            throw new NoSuchFileException(f.toString(), null, "not a model folder");
        }
        AutoencoderModel vae = null;
        TextEncoderModel text = null;
        VideoUNetModel unet = null;
        try {
            vae = AutoencoderModel.create(AutoencoderKLConfig.read(config(f.resolve("vae"))));
            vae.setPrecision(precision); // each tensor is cast as it loads
            loadChecked(f.resolve("vae"), vae::load, manager, weightNames("vae"));
            text = TextEncoderModel.create(CLIPTextConfig.read(config(f.resolve("text_encoder"))));
            text.setPrecision(precision);
            loadChecked(f.resolve("text_encoder"), text::load, manager, weightNames("text_encoder"));
            ClipTokenizer tok = ClipTokenizer.fromFolder(f.resolve("tokenizer"));
            MotionModuleConfig mc = Files.isRegularFile(layout.motionConfig())
                    ? MotionModuleConfig.read(layout.motionConfig())
                    : MotionModuleConfig.mmSdV15();
            unet = VideoUNetModel.create(UNet2DConditionConfig.read(config(f.resolve("unet"))), mc);
            unet.setPrecision(precision);
            loadChecked(f.resolve("unet"), unet.imageUNet()::load, manager, weightNames("unet"));
            if (layout.motionModule() == null || !Files.isRegularFile(layout.motionModule())) {
                throw new NoSuchFileException(String.valueOf(layout.motionModule()), null,
                        "the motion-module file is missing");
            }
            try (SafetensorsFile mm = SafetensorsFile.open(layout.motionModule())) {
                require(layout.motionModule(), unet.loadMotionModules(mm, manager));
            }
            return new VideoDiffusionModel(vae, text, tok, unet);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] { vae, text, unet }) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // already failing with the real cause
                    }
                }
            }
            throw e;
        }
    }

    private interface Loader {
        ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException;
    }

    private static void loadChecked(Path dir, Loader loader, NDManager manager, String... names) throws IOException {
        Path w = firstExisting(dir, names);
        if (w == null) {
            throw new NoSuchFileException(dir.toString(), null, "no weight file (" + String.join(" or ", names) + ")");
        }
        try (SafetensorsFile file = SafetensorsFile.open(w)) {
            require(w, loader.load(file, manager));
        }
    }

    private static void require(Path file, ParameterLoadReport r) throws IOException {
        if (!r.isComplete()) {
            throw new IOException(file + " does not fit its config: " + r);
        }
    }

    private static Path config(Path dir) throws NoSuchFileException {
        Path c = dir.resolve("config.json");
        if (!Files.isRegularFile(c)) {
            throw new NoSuchFileException(c.toString(), null, "config.json is missing");
        }
        return c;
    }

    private static Path firstExisting(Path dir, String... names) {
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }

    public AutoencoderModel vae() {
        return vae;
    }

    public TextEncoderModel textEncoder() {
        return textEncoder;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public VideoUNetModel unet() {
        return unet;
    }

    /**
     * The UNet's training noise schedule: SD 1.5's (scaled linear, 1000 steps), the schedule of
     * every model this loads (a diffusers folder's scheduler config is not read yet).
     */
    public NoiseSchedule schedule() {
        return NoiseSchedule.stableDiffusion();
    }

    /** How many image pixels one latent cell spans (SD: 8), from the VAE's config. */
    public int vaeScale() {
        return vae.config().downscale();
    }

    /** A DDIM scheduler with SD 1.5's conventions (set_alpha_to_one false, steps_offset 1) over {@code steps}. */
    public DdimScheduler ddim(int steps) {
        return new DdimScheduler(schedule(), false, 1).setTimesteps(steps);
    }

    /** The precision of the networks' weights (the UNet's; all parts share it when loaded here). */
    public Precision precision() {
        return unet.precision();
    }

    /** {@code [prompts, tokens, hidden]} text embeddings in {@code manager}. */
    public NDArray encodePrompts(NDManager manager, List<String> prompts) {
        int[][] ids = new int[prompts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(prompts.get(i));
        }
        return textEncoder.encode(manager, ids);
    }

    @Override
    public void close() {
        // a model built from parts may lack some (a benchmark's UNet alone)
        for (AutoCloseable part : new AutoCloseable[] { unet, textEncoder, vae }) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
