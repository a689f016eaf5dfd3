package io.vswap.diffusion.api;

import static io.vswap.diffusion.api.ConfigJson.integer;
import static io.vswap.diffusion.api.ConfigJson.number;
import static io.vswap.diffusion.api.ConfigJson.string;

import java.io.IOException;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The fields of a transformers {@code CLIPVisionConfig} (openai/clip-vit-large-patch14: 1024 wide, 24
 * layers of 16 heads, MLP 4096, 224-pixel images in 14-pixel patches, projected to 768, quick_gelu), from
 * a {@code CLIPVisionModelWithProjection} config.json ({@code image_encoder/} in diffusers pipelines) or
 * the {@code vision_config} of a full {@code CLIPConfig}.
 *
 * @param hiddenAct {@code quick_gelu} ({@code x·σ(1.702x)}) or {@code gelu} (exact; OpenCLIP's ViT-H and bigG)
 * @param projectionDim the width of {@code visual_projection}, the image embedding's
 */
public record CLIPVisionConfig(int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
        int imageSize, int patchSize, int projectionDim, String hiddenAct, double layerNormEps) {

    public CLIPVisionConfig {
        ConfigJson.within("image_size", imageSize, 1, 4096);
        ConfigJson.within("patch_size", patchSize, 1, 4096);
        ConfigJson.clipEncoder(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, hiddenAct, layerNormEps,
                projectionDim);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("image_size " + imageSize + " is not a whole number of " + patchSize
                    + "-pixel patches");
        }
    }

    /** Patches per image plus the class token: the length of the position table. */
    public int numPositions() {
        int side = imageSize / patchSize;
        return side * side + 1;
    }

    /** @throws IOException naming the file and the field when the config is damaged or unsupported */
    public static CLIPVisionConfig read(Path configJson) throws IOException {
        return ConfigJson.read(configJson, CLIPVisionConfig::parse);
    }

    /**
     * Parses a transformers config.json: a CLIPVisionConfig, or a full CLIPConfig's {@code vision_config}
     * with the CLIPConfig's own {@code projection_dim} (the one CLIPModel builds {@code visual_projection} with).
     * Defaults are transformers' (ViT-B/32's).
     */
    public static CLIPVisionConfig parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        int projection = integer(o, "projection_dim", CLIPTextConfig.DEFAULT_PROJECTION_DIM);
        if (o.has("vision_config") && o.get("vision_config").isJsonObject()) {
            o = o.getAsJsonObject("vision_config");
        } else if (o.has("text_config")) {
            throw new IllegalArgumentException("a CLIPConfig without a vision_config: no image tower here");
        }
        if (integer(o, "num_channels", 3) != 3) {
            throw new IllegalArgumentException("num_channels " + integer(o, "num_channels", 3)
                    + ": only RGB (3) images are supported");
        }
        return new CLIPVisionConfig(integer(o, "hidden_size", 768), integer(o, "intermediate_size", 3072),
                integer(o, "num_hidden_layers", 12), integer(o, "num_attention_heads", 12),
                integer(o, "image_size", 224), integer(o, "patch_size", 32), projection,
                string(o, "hidden_act", "quick_gelu"), number(o, "layer_norm_eps", 1e-5));
    }
}
