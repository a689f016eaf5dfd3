package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.CLIPVisionConfig;
import io.vswap.diffusion.api.SafetensorsDtype;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.AtomicFolder;

/**
 * Writes the sample model's CLIP as a transformers {@code CLIPModel} folder, the layout
 * {@code io.vswap.diffusion.api.ClipModel} reads: {@code config.json} ({@code text_config} = the sample
 * model's text encoder config, {@code vision_config}, {@code projection_dim}), {@code model.safetensors}
 * in F16 (the text tower's tensors copied from the sample model's file as they are, so it is the same
 * text encoder bit for bit; the trained image tower, both projections and {@code logit_scale}), the
 * tokenizer files, {@code preprocessor_config.json} and {@code training-clip.json}. Assembled beside the
 * target and swapped in by renames.
 */
final class SampleClipExport {

    static final String TEXT_PROJECTION = "text_projection.weight";
    static final String LOGIT_SCALE = "logit_scale";
    static final String RECORD = "training-clip.json";
    private static final List<String> TOKENIZER_FILES = List.of("vocab.json", "merges.txt", "tokenizer_config.json",
            "special_tokens_map.json");

    /** Makes the training record once the folder's weights are written (it may measure them). */
    interface Record {
        JsonObject of(Path folder) throws IOException;
    }

    private SampleClipExport() {
    }

    /** The text encoder's weight file in {@code textDir}: full precision first, as the model loader prefers. */
    static Path textWeights(Path textDir) throws IOException {
        for (String name : List.of("model.safetensors", "model.fp16.safetensors")) {
            if (Files.isRegularFile(textDir.resolve(name))) {
                return textDir.resolve(name);
            }
        }
        throw new IOException(textDir + " has no model.safetensors or model.fp16.safetensors: not a sample model's "
                + "text encoder");
    }

    static void write(Path output, Path modelFolder, ClipTrainingSettings settings, Map<String, NDArray> vision,
            NDArray textProjection, NDArray logitScale, Record record) throws IOException {
        Path textDir = modelFolder.resolve("text_encoder");
        JsonObject textConfig = JsonParser.parseString(Files.readString(textDir.resolve("config.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, Integer> vocab = vocabulary(modelFolder.resolve("tokenizer"));
        AtomicFolder.replace(output, tmp -> {
            var gson = new GsonBuilder().setPrettyPrinting().create();
            AtomicFile.writeString(tmp.resolve("config.json"), gson.toJson(config(textConfig, settings.vision(), vocab)));
            SafetensorsWriter w = new SafetensorsWriter();
            w.metadata("format", "pt");
            w.metadata("model", "CLIPModel");
            try (SafetensorsFile text = SafetensorsFile.open(textWeights(textDir))) {
                for (SafetensorsEntry e : text.entries()) {
                    SafetensorsDtype dtype = e.dtype() == SafetensorsDtype.F16 ? SafetensorsDtype.F16 : SafetensorsDtype.F32;
                    w.add(e.name(), dtype, text.floats(e.name()), e.shape());
                }
            }
            vision.forEach((k, v) -> w.add(k, SafetensorsDtype.F16, v));
            w.add(TEXT_PROJECTION, SafetensorsDtype.F16, textProjection);
            // transformers' logit_scale is a 0-d parameter
            w.add(LOGIT_SCALE, SafetensorsDtype.F32, logitScale.toFloatArray());
            w.write(tmp.resolve("model.safetensors"));
            for (String name : TOKENIZER_FILES) {
                Files.copy(modelFolder.resolve("tokenizer").resolve(name), tmp.resolve(name));
            }
            AtomicFile.writeString(tmp.resolve("preprocessor_config.json"),
                    gson.toJson(preprocessor(settings.vision().imageSize())));
            AtomicFile.writeString(tmp.resolve(RECORD), gson.toJson(record.of(tmp)));
        });
    }

    private static Map<String, Integer> vocabulary(Path tokenizerDir) throws IOException {
        JsonObject v = JsonParser.parseString(Files.readString(tokenizerDir.resolve("vocab.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        return Map.of("bos", v.get("<|startoftext|>").getAsInt(), "eos", v.get("<|endoftext|>").getAsInt());
    }

    /**
     * A {@code CLIPConfig}: the sample text encoder's own config as {@code text_config}, with the token ids
     * transformers pools by (its end-of-text token is the vocabulary's highest id, as in openai's CLIP).
     */
    private static JsonObject config(JsonObject textConfig, CLIPVisionConfig v, Map<String, Integer> tokens) {
        JsonObject text = textConfig.deepCopy();
        text.remove("architectures");
        text.addProperty("model_type", "clip_text_model");
        text.addProperty("projection_dim", v.projectionDim());
        text.addProperty("bos_token_id", tokens.get("bos"));
        text.addProperty("eos_token_id", tokens.get("eos"));
        text.addProperty("pad_token_id", tokens.get("eos"));
        JsonObject vision = new JsonObject();
        vision.addProperty("model_type", "clip_vision_model");
        vision.addProperty("hidden_size", v.hiddenSize());
        vision.addProperty("intermediate_size", v.intermediateSize());
        vision.addProperty("num_hidden_layers", v.numHiddenLayers());
        vision.addProperty("num_attention_heads", v.numAttentionHeads());
        vision.addProperty("image_size", v.imageSize());
        vision.addProperty("patch_size", v.patchSize());
        vision.addProperty("num_channels", 3);
        vision.addProperty("hidden_act", v.hiddenAct());
        vision.addProperty("layer_norm_eps", v.layerNormEps());
        vision.addProperty("projection_dim", v.projectionDim());
        JsonObject c = new JsonObject();
        com.google.gson.JsonArray arch = new com.google.gson.JsonArray();
        arch.add("CLIPModel");
        c.add("architectures", arch);
        c.addProperty("model_type", "clip");
        c.addProperty("projection_dim", v.projectionDim());
        c.addProperty("logit_scale_init_value", 2.6592);
        c.add("text_config", text);
        c.add("vision_config", vision);
        c.addProperty("torch_dtype", "float16");
        return c;
    }

    /** transformers' CLIPImageProcessor for the tower's size (a 64-pixel frame passes unresampled). */
    private static JsonObject preprocessor(int size) {
        JsonObject p = new JsonObject();
        p.addProperty("crop_size", size);
        p.addProperty("do_center_crop", true);
        p.addProperty("do_normalize", true);
        p.addProperty("do_resize", true);
        p.addProperty("feature_extractor_type", "CLIPFeatureExtractor");
        p.addProperty("image_processor_type", "CLIPImageProcessor");
        com.google.gson.JsonArray mean = new com.google.gson.JsonArray();
        com.google.gson.JsonArray std = new com.google.gson.JsonArray();
        for (int c = 0; c < 3; c++) {
            mean.add(io.vswap.diffusion.api.CLIPImageProcessor.OPENAI_CLIP_MEAN[c]);
            std.add(io.vswap.diffusion.api.CLIPImageProcessor.OPENAI_CLIP_STD[c]);
        }
        p.add("image_mean", mean);
        p.add("image_std", std);
        p.addProperty("resample", 3);
        p.addProperty("size", size);
        return p;
    }

    /** The machine's load averages (1, 5, 15 min) where Linux tells them, else empty: how shared the CPU was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
