package io.vswap.diffusion.api;

import static io.vswap.diffusion.api.ConfigJson.integer;
import static io.vswap.diffusion.api.ConfigJson.number;
import static io.vswap.diffusion.api.ConfigJson.string;

import java.io.IOException;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The fields of a transformers {@code CLIPTextModel} {@code text_encoder/config.json} (SD 1.5:
 * 768 wide, 12 layers of 12 heads, MLP 3072, 77 positions, 49408 tokens, quick_gelu).
 *
 * @param hiddenAct {@code quick_gelu} ({@code x·σ(1.702x)}) or {@code gelu} (exact)
 * @param projectionDim the width of {@code text_projection} (CLIPTextModelWithProjection, CLIPModel); a
 *        CLIPTextModel has no projection and ignores it
 */
public record CLIPTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int maxPositionEmbeddings, String hiddenAct, double layerNormEps, int projectionDim) {

    /** transformers' default {@code projection_dim}. */
    public static final int DEFAULT_PROJECTION_DIM = 512;

    /** A config with transformers' default projection width (what a CLIPTextModel, without projection, needs). */
    public CLIPTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
            int numAttentionHeads, int maxPositionEmbeddings, String hiddenAct, double layerNormEps) {
        this(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, maxPositionEmbeddings,
                hiddenAct, layerNormEps, DEFAULT_PROJECTION_DIM);
    }

    public CLIPTextConfig {
        ConfigJson.within("vocab_size", vocabSize, 1, 1_000_000);
        ConfigJson.within("max_position_embeddings", maxPositionEmbeddings, 1, 4096);
        ConfigJson.clipEncoder(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, hiddenAct, layerNormEps,
                projectionDim);
    }

    /** @throws IOException naming the file and the field when the config is damaged or unsupported */
    public static CLIPTextConfig read(Path configJson) throws IOException {
        return ConfigJson.read(configJson, CLIPTextConfig::parse);
    }

    /**
     * Parses a transformers config.json (the text part of a full CLIPConfig under {@code text_config} too,
     * with the CLIPConfig's own {@code projection_dim}, the one CLIPModel builds its projections with).
     */
    public static CLIPTextConfig parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        int projection = integer(o, "projection_dim", DEFAULT_PROJECTION_DIM);
        if (o.has("text_config") && o.get("text_config").isJsonObject()) {
            o = o.getAsJsonObject("text_config");
        }
        return new CLIPTextConfig(integer(o, "vocab_size", 49408), integer(o, "hidden_size", 512),
                integer(o, "intermediate_size", 2048), integer(o, "num_hidden_layers", 12),
                integer(o, "num_attention_heads", 8), integer(o, "max_position_embeddings", 77),
                string(o, "hidden_act", "quick_gelu"),
                number(o, "layer_norm_eps", 1e-5), projection);
    }
}
