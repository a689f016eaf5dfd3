package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.clip.CLIPTextModel;

/**
 * The CLIP text encoder ({@code CLIPTextModel}) with transformers' parameter names
 * ({@code text_model.…}), plus tokens added after training (textual inversion, ED-LoRA), each
 * with an embedding row of its own. Tensor methods run inside {@link TensorRuntime#call}.
 */
public interface TextEncoderModel extends AutoCloseable {

    static TextEncoderModel create(CLIPTextConfig config) {
        return new CLIPTextModel(config);
    }

    CLIPTextConfig config();

    /** The checkpoint's parameters (not the added tokens), name to shape. */
    Map<String, Shape> parameterShapes();

    long parameterCount();

    /** The allocated checkpoint parameters by name (live arrays). */
    Map<String, NDArray> parameters();

    void initialize(NDManager manager, long seed);

    ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException;

    /** The precision the parameters are held in and the network runs in (fp32 unless set). */
    Precision precision();

    /**
     * Holds the parameters in {@code precision} (allocated ones are cast, later loads too).
     * Tensor methods still take and return float32; norms and softmax compute in fp32.
     */
    void setPrecision(Precision precision);

    /** Writes the checkpoint parameters (not the added tokens) as F32 under their names. */
    void save(Path file) throws IOException;

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

    @Override
    void close();
}
