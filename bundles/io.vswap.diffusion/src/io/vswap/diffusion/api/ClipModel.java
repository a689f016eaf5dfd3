package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.internal.model.WeightFiles;

/**
 * A CLIP model loaded for scoring (CLIP-T: frames against a prompt, CLIP-F: consecutive frames, CLIP-I:
 * frames against reference images): its image tower with projection, its text tower with projection and
 * tokenizer when the folder has them, and its image processor. Embeddings come back as plain L2-normalised
 * float arrays, so callers need no tensors ({@link Embeddings#cosine} compares them); each call runs on
 * the runtime by itself.
 *
 * <p>Folders it reads (safetensors only, F32/F16/BF16):
 * <ul>
 * <li>transformers' {@code CLIPModel} (openai/clip-vit-large-patch14 as the hub has it): {@code config.json}
 * with {@code text_config} and {@code vision_config}, {@code model.safetensors}, the tokenizer's
 * {@code vocab.json} and {@code merges.txt}, optionally {@code preprocessor_config.json};</li>
 * <li>transformers' {@code CLIPVisionModelWithProjection} alone (an IP-Adapter {@code image_encoder}):
 * {@code config.json} and {@code model.safetensors}: images only;</li>
 * <li>a diffusers pipeline's subfolders (Kandinsky 2.2 prior, Versatile Diffusion): {@code image_encoder/}
 * and, for texts, {@code text_encoder/} holding a {@code CLIPTextModelWithProjection} and {@code tokenizer/};
 * the processor from {@code image_processor/} or {@code feature_extractor/} if there is one.</li>
 * </ul>
 * Without a processor config the processor is {@link CLIPImageProcessor#forImageSize CLIP's} for the tower's size.
 */
public final class ClipModel implements AutoCloseable {

    private static final List<String> WEIGHTS = List.of("model.safetensors", "model.fp16.safetensors");
    /** Images per forward pass: ViT-L/14 at 224 holds ~0.3 GB of activations per 8 in fp32. */
    private static final int IMAGE_BATCH = 8;
    private static final int TEXT_BATCH = 32;

    private final TensorRuntime runtime;
    private final NDManager arrays;
    private final String layout;
    private final ImageEncoderModel imageEncoder;
    private final CLIPImageProcessor imageProcessor;
    private final TextEncoderModel textEncoder;
    private final ClipTokenizer tokenizer;
    private final String noText;

    private ClipModel(TensorRuntime runtime, NDManager arrays, String layout, ImageEncoderModel imageEncoder,
            CLIPImageProcessor imageProcessor, TextEncoderModel textEncoder, ClipTokenizer tokenizer, String noText) {
        this.runtime = runtime;
        this.arrays = arrays;
        this.layout = layout;
        this.imageEncoder = imageEncoder;
        this.imageProcessor = imageProcessor;
        this.textEncoder = textEncoder;
        this.tokenizer = tokenizer;
        this.noText = noText;
    }

    /** {@link #load(TensorRuntime, Path, Precision)} in the runtime's precision (fp32 on a CPU). */
    public static ClipModel load(TensorRuntime runtime, Path folder) throws IOException {
        return load(runtime, folder, runtime.precision());
    }

    /**
     * Loads the CLIP in {@code folder} (one of the layouts above), its weights held in {@code precision}.
     *
     * @throws IOException in words, naming the file: no such layout, a config that does not parse, no
     *         safetensors file, missing or wrong-shaped tensors (by name)
     */
    public static ClipModel load(TensorRuntime runtime, Path folder, Precision precision) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "the CLIP model folder does not exist");
        }
        return call(runtime, () -> {
            NDManager arrays = runtime.newManager();
            try {
                return open(runtime, arrays, folder, precision);
            } catch (IOException | RuntimeException e) {
                arrays.close();
                throw e;
            }
        });
    }

    private static ClipModel open(TensorRuntime runtime, NDManager arrays, Path folder, Precision precision)
            throws IOException {
        Path config = folder.resolve("config.json");
        if (Files.isRegularFile(config)) {
            JsonObject c = ConfigJson.read(config, json -> JsonParser.parseString(json).getAsJsonObject());
            boolean full = c.has("vision_config") && c.has("text_config");
            if (!full && !isVisionConfig(c)) {
                throw new IOException(config + " is neither a CLIPModel config (text_config and vision_config) nor a "
                        + "CLIPVisionModelWithProjection one (model_type clip_vision_model)");
            }
            Path weights = WeightFiles.weights(folder, WEIGHTS);
            ImageEncoderModel image = loadImage(CLIPVisionConfig.read(config), config, weights, arrays, precision);
            try {
                CLIPImageProcessor processor = processor(image.config(), folder.resolve("preprocessor_config.json"));
                if (!full) {
                    return new ClipModel(runtime, arrays, "transformers CLIPVisionModelWithProjection", image, processor,
                            null, null, config + " describes an image tower alone");
                }
                if (!Files.isRegularFile(folder.resolve("vocab.json")) || !Files.isRegularFile(folder.resolve("merges.txt"))) {
                    return new ClipModel(runtime, arrays, "transformers CLIPModel", image, processor, null, null,
                            folder + " has no tokenizer (vocab.json and merges.txt)");
                }
                TextEncoderModel text = loadText(CLIPTextConfig.read(config), config, weights, arrays, precision);
                return new ClipModel(runtime, arrays, "transformers CLIPModel", image, processor, text,
                        ClipTokenizer.fromFolder(folder), null);
            } catch (IOException | RuntimeException e) {
                image.close();
                throw e;
            }
        }
        Path imageDir = folder.resolve("image_encoder");
        if (!Files.isDirectory(imageDir)) {
            throw new NoSuchFileException(folder.toString(), null, "not a CLIP model folder: expected config.json and "
                    + "model.safetensors (transformers' CLIPModel or CLIPVisionModelWithProjection) or image_encoder/ "
                    + "(a diffusers pipeline's)");
        }
        Path imageConfig = WeightFiles.config(imageDir, "the image encoder");
        ImageEncoderModel image = loadImage(CLIPVisionConfig.read(imageConfig), imageConfig,
                WeightFiles.weights(imageDir, WEIGHTS), arrays, precision);
        try {
            Path p = folder.resolve("image_processor").resolve("preprocessor_config.json");
            CLIPImageProcessor processor = processor(image.config(), Files.isRegularFile(p) ? p
                    : folder.resolve("feature_extractor").resolve("preprocessor_config.json"));
            String layout = "diffusers image_encoder/";
            Path textDir = folder.resolve("text_encoder");
            Path tokDir = folder.resolve("tokenizer");
            if (!Files.isDirectory(textDir) || !Files.isDirectory(tokDir)) {
                return new ClipModel(runtime, arrays, layout, image, processor, null, null,
                        folder + " has no text_encoder/ and tokenizer/ beside image_encoder/");
            }
            Path textConfig = WeightFiles.config(textDir, "the text encoder");
            Path textWeights = WeightFiles.weights(textDir, WEIGHTS);
            CLIPTextConfig tc = CLIPTextConfig.read(textConfig);
            try (SafetensorsFile f = SafetensorsFile.open(textWeights)) {
                // Stable Diffusion's text_encoder/ is a CLIPTextModel of another CLIP than any image_encoder/ beside it
                if (!f.contains("text_projection.weight")) {
                    return new ClipModel(runtime, arrays, layout, image, processor, null, null, textWeights
                            + " has no text_projection.weight: a CLIPTextModel, not the image encoder's text tower");
                }
            }
            if (tc.projectionDim() != image.config().projectionDim()) {
                return new ClipModel(runtime, arrays, layout, image, processor, null, null, textConfig + " projects to "
                        + tc.projectionDim() + ", " + imageConfig + " to " + image.config().projectionDim()
                        + ": not the same CLIP");
            }
            TextEncoderModel text = loadText(tc, textConfig, textWeights, arrays, precision);
            return new ClipModel(runtime, arrays, layout + " + text_encoder/", image, processor, text,
                    ClipTokenizer.fromFolder(tokDir), null);
        } catch (IOException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    private static boolean isVisionConfig(JsonObject c) {
        return c.has("model_type") && c.get("model_type").getAsString().equals("clip_vision_model")
                || c.has("architectures") && c.get("architectures").toString().contains("CLIPVisionModel");
    }

    private static CLIPImageProcessor processor(CLIPVisionConfig c, Path config) throws IOException {
        CLIPImageProcessor p = Files.isRegularFile(config) ? CLIPImageProcessor.read(config)
                : CLIPImageProcessor.forImageSize(c.imageSize());
        if (p.outputHeight() != c.imageSize() || p.outputWidth() != c.imageSize()) {
            throw new IOException(config + " crops images to " + p.outputHeight() + "x" + p.outputWidth()
                    + " but the image tower takes " + c.imageSize() + "x" + c.imageSize());
        }
        return p;
    }

    private static ImageEncoderModel loadImage(CLIPVisionConfig c, Path config, Path weights, NDManager arrays,
            Precision precision) throws IOException {
        ImageEncoderModel m = ImageEncoderModel.create(c);
        m.setPrecision(precision);
        return loaded(m, weights, arrays, config, "image tower (CLIPVisionModelWithProjection)");
    }

    private static TextEncoderModel loadText(CLIPTextConfig c, Path config, Path weights, NDManager arrays,
            Precision precision) throws IOException {
        TextEncoderModel m = TextEncoderModel.createWithProjection(c);
        m.setPrecision(precision);
        return loaded(m, weights, arrays, config, "text tower (CLIPTextModelWithProjection)");
    }

    private static <M extends DiffusersModel> M loaded(M model, Path weights, NDManager arrays, Path config,
            String what) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            ParameterLoadReport r = model.load(f, arrays);
            if (!r.isComplete()) {
                // the other tower's tensors of a full CLIPModel file are unexpected here, and fine
                StringBuilder b = new StringBuilder(weights + " does not hold the " + what + " that " + config
                        + " describes:");
                if (!r.missing().isEmpty()) {
                    b.append(" missing ").append(shortList(r.missing()));
                }
                if (!r.mismatched().isEmpty()) {
                    b.append(r.missing().isEmpty() ? "" : ";").append(" wrong shape ").append(shortList(r.mismatched()));
                }
                throw new IOException(b.toString());
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static String shortList(List<String> names) {
        return names.size() <= 10 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + " … (" + names.size() + " in all)";
    }

    /** Which layout was read, in words (e.g. {@code transformers CLIPModel}). */
    public String layout() {
        return layout;
    }

    /** The width of the embeddings ({@code projection_dim}: 768 for ViT-L/14). */
    public int dimension() {
        return imageEncoder.config().projectionDim();
    }

    public ImageEncoderModel imageEncoder() {
        return imageEncoder;
    }

    public CLIPImageProcessor imageProcessor() {
        return imageProcessor;
    }

    /** Whether {@link #embedTexts} can run: the folder has the text tower with projection and a tokenizer. */
    public boolean hasTextTower() {
        return textEncoder != null;
    }

    /** Why there is no text tower, in words; null when there is one. */
    public String missingTextTower() {
        return noText;
    }

    /** L2-normalised image embeddings {@code [n][dimension]}, each image preprocessed by {@link #imageProcessor()}. */
    public synchronized float[][] embedImages(List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        for (int from = 0; from < images.size(); from += IMAGE_BATCH) {
            List<RgbImage> batch = images.subList(from, Math.min(images.size(), from + IMAGE_BATCH));
            float[] flat = run(() -> {
                try (NDManager step = arrays.newSubManager()) {
                    return imageEncoder.imageEmbeds(imageProcessor.preprocess(step, batch)).toFloatArray();
                }
            });
            rows(flat, out, from, batch.size());
        }
        return out;
    }

    /**
     * L2-normalised text embeddings {@code [n][dimension]}: each text tokenized (truncated to the
     * tokenizer's length) and pooled at its end-of-text token.
     *
     * @throws IllegalStateException when the folder has no text tower ({@link #missingTextTower()} says why)
     */
    public synchronized float[][] embedTexts(List<String> texts) {
        if (textEncoder == null) {
            throw new IllegalStateException("this CLIP cannot embed texts: " + noText);
        }
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += TEXT_BATCH) {
            int[][] ids = texts.subList(from, Math.min(texts.size(), from + TEXT_BATCH)).stream()
                    .map(tokenizer::encode).toArray(int[][]::new);
            float[] flat = run(() -> {
                try (NDManager step = arrays.newSubManager()) {
                    return textEncoder.textEmbeds(step.create(ids)).toFloatArray();
                }
            });
            rows(flat, out, from, ids.length);
        }
        return out;
    }

    private static void rows(float[] flat, float[][] out, int from, int n) {
        int d = flat.length / n;
        for (int i = 0; i < n; i++) {
            out[from + i] = Embeddings.l2Normalized(java.util.Arrays.copyOfRange(flat, i * d, i * d + d));
        }
    }

    private <T> T run(Callable<T> work) {
        try {
            return runtime.call(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TensorRuntimeException("CLIP failed: " + e.getMessage(), e);
        }
    }

    private static <T> T call(TensorRuntime runtime, Callable<T> work) throws IOException {
        try {
            return runtime.call(work);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            runtime.call(() -> {
                imageEncoder.close();
                if (textEncoder != null) {
                    textEncoder.close();
                }
                arrays.close();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
