package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.internal.clip.CLIPTextModel;

/**
 * The CLIP text encoder ({@code CLIPTextModel}) with transformers' parameter names
 * ({@code text_model.…}), plus tokens added after training (textual inversion, ED-LoRA), each
 * with an embedding row of its own. Its parameters (and what {@link #save} writes) are the
 * checkpoint's, not the added tokens. Made {@link #createWithProjection with a projection} it is
 * {@code CLIPTextModelWithProjection} ({@code text_projection.weight} too: SDXL's {@code text_encoder_2/},
 * or a full CLIPModel checkpoint, whose image tensors are then unexpected, not missing). Tensor methods
 * run inside {@link TensorRuntime#call}.
 */
public interface TextEncoderModel extends DiffusersModel {

    /** A {@code CLIPTextModel}: no projection (Stable Diffusion's {@code text_encoder/}). */
    static TextEncoderModel create(CLIPTextConfig config) {
        return new CLIPTextModel(config);
    }

    /** A {@code CLIPTextModelWithProjection}: {@code text_projection [projection_dim, hidden]} besides the tower. */
    static TextEncoderModel createWithProjection(CLIPTextConfig config) {
        return new CLIPTextModel(config, true);
    }

    CLIPTextConfig config();

    /**
     * Adds {@code token} with a copy of {@code initEmbedding [hidden]} as its own embedding row,
     * a separate parameter (live in {@link #addedTokenEmbeddings()}: set {@code requiresGradient}
     * to train it). Needs allocated parameters; a new load or initialize keeps added tokens.
     *
     * @return its id, {@code vocab_size + (number of tokens added before)}; the same id
     *         {@link ClipTokenizer#addToken} gives when tokens are added to both in the same order
     */
    int addToken(String token, NDArray initEmbedding);

    /** Added tokens to their embedding rows {@code [hidden]}, in id order (live arrays). */
    Map<String, NDArray> addedTokenEmbeddings();

    /** The id of an added token, or -1. */
    int addedTokenId(String token);

    /** Writes the added tokens' embeddings, one tensor per token named by it (diffusers' learned_embeds format). */
    void saveAddedTokens(Path file) throws IOException;

    /** Adds every tensor of a {@link #saveAddedTokens} file as a token, in the file's order. */
    void loadAddedTokens(SafetensorsFile file) throws IOException;

    /** {@link #encode(NDArray)} of ids given as Java arrays, created in {@code manager}. */
    NDArray encode(NDManager manager, int[][] ids);

    /**
     * {@code last_hidden_state [B, L, hidden]} for token ids {@code [B, L]} (int32 or int64),
     * L ≤ max_position_embeddings, with causal self-attention; in the ids' manager.
     */
    NDArray encode(NDArray ids);

    /** Whether it has {@code text_projection} ({@link #createWithProjection}). */
    boolean hasProjection();

    /**
     * {@code pooler_output [B, hidden]}: {@link #encode}'s row at each sequence's highest token id (its
     * end-of-text token, as openai's CLIP and transformers pool; the first of equal ids).
     */
    NDArray pooledOutput(NDArray ids);

    /**
     * {@code text_embeds [B, projection_dim]}: {@link #pooledOutput} through {@code text_projection} (not
     * normalised), what CLIPTextModelWithProjection gives.
     *
     * @throws IllegalStateException when it has no projection
     */
    NDArray textEmbeds(NDArray ids);
}
