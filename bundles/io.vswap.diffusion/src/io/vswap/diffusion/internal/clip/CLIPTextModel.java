package io.vswap.diffusion.internal.clip;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.internal.nn.StoredModel;
import io.vswap.diffusion.internal.nn.LayerNorm;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * transformers' {@code CLIPTextModel}: {@code text_model.embeddings}, {@code text_model.encoder.layers.i},
 * {@code text_model.final_layer_norm}; causal self-attention; the output is {@code last_hidden_state}
 * (what Stable Diffusion conditions on). With a projection it is {@code CLIPTextModelWithProjection}:
 * {@code text_projection} (no bias) on the pooled output, the text embedding CLIP scores compare.
 */
public final class CLIPTextModel extends StoredModel implements TextEncoderModel {

    private static final float MASKED = -1e9f;

    private final CLIPTextConfig config;

    final CLIPTextEmbeddings embeddings;
    final CLIPEncoder encoder;
    final LayerNorm final_layer_norm;
    final Linear text_projection;

    private final Map<String, NDArray> added = new LinkedHashMap<>();
    private NDManager parent;
    private NDManager addedArrays;

    public CLIPTextModel(CLIPTextConfig c) {
        this(c, false);
    }

    /** @param withProjection whether it has {@code text_projection [projection_dim, hidden]} (CLIPTextModelWithProjection) */
    public CLIPTextModel(CLIPTextConfig c, boolean withProjection) {
        super(withProjection ? "CLIPTextModelWithProjection" : "CLIPTextModel");
        config = c;
        int h = c.hiddenSize();
        embeddings = new CLIPTextEmbeddings(store, "text_model.embeddings", c.vocabSize(), c.maxPositionEmbeddings(),
                h);
        encoder = new CLIPEncoder(store, "text_model.encoder", c.numHiddenLayers(), h, c.numAttentionHeads(),
                c.intermediateSize(), c.hiddenAct(), c.layerNormEps());
        final_layer_norm = new LayerNorm(store, "text_model.final_layer_norm", h, c.layerNormEps());
        text_projection = withProjection ? new Linear(store, "text_projection", h, c.projectionDim(), false) : null;
    }

    @Override
    public CLIPTextConfig config() {
        return config;
    }

    @Override
    public void initialize(NDManager manager, long seed) {
        super.initialize(manager, seed);
        parent = manager;
    }

    @Override
    public ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException {
        parent = manager;
        return super.load(file, manager);
    }

    @Override
    public int addToken(String token, NDArray initEmbedding) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an added token needs a name");
        }
        if (added.containsKey(token)) {
            throw new IllegalArgumentException("token '" + token + "' was already added");
        }
        if (!initEmbedding.getShape().equals(new Shape(config.hiddenSize()))) {
            throw new IllegalArgumentException("the embedding of '" + token + "' must be [" + config.hiddenSize()
                    + "], not " + initEmbedding.getShape());
        }
        if (parent == null) {
            throw new IllegalStateException("initialize or load the text encoder before adding tokens");
        }
        if (addedArrays == null) {
            addedArrays = parent.newSubManager();
        }
        NDArray row = addedArrays.create(initEmbedding.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .toFloatArray(), new Shape(config.hiddenSize()));
        row.setName(token);
        added.put(token, row);
        return config.vocabSize() + added.size() - 1;
    }

    @Override
    public Map<String, NDArray> addedTokenEmbeddings() {
        return Collections.unmodifiableMap(added);
    }

    @Override
    public int addedTokenId(String token) {
        int i = 0;
        for (String t : added.keySet()) {
            if (t.equals(token)) {
                return config.vocabSize() + i;
            }
            i++;
        }
        return -1;
    }

    @Override
    public void saveAddedTokens(Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        w.metadata("format", "pt");
        added.forEach(w::add);
        w.write(file);
    }

    @Override
    public void loadAddedTokens(SafetensorsFile file) throws IOException {
        if (parent == null) {
            throw new IllegalStateException("initialize or load the text encoder before adding tokens");
        }
        for (SafetensorsEntry e : file.entries()) {
            try (NDManager tmp = parent.newSubManager()) {
                addToken(e.name(), tmp.create(file.floats(e.name()), new Shape(e.shape())));
            }
        }
    }

    @Override
    public NDArray encode(NDManager manager, int[][] ids) {
        int b = ids.length;
        int l = ids[0].length;
        int[] flat = new int[b * l];
        for (int i = 0; i < b; i++) {
            if (ids[i].length != l) {
                throw new IllegalArgumentException("rows of different lengths: " + l + " and " + ids[i].length);
            }
            System.arraycopy(ids[i], 0, flat, i * l, l);
        }
        return encode(manager.create(flat, new Shape(b, l)));
    }

    @Override
    public NDArray encode(NDArray ids) {
        return Precision.fp32(lastHiddenState(ids));
    }

    @Override
    public boolean hasProjection() {
        return text_projection != null;
    }

    @Override
    public NDArray pooledOutput(NDArray ids) {
        return Precision.fp32(pooled(ids));
    }

    @Override
    public NDArray textEmbeds(NDArray ids) {
        if (text_projection == null) {
            throw new IllegalStateException("this text encoder has no text_projection (a CLIPTextModel): create it "
                    + "with TextEncoderModel.createWithProjection and load a CLIPTextModelWithProjection or CLIPModel");
        }
        return Precision.fp32(text_projection.forward(pooled(ids)));
    }

    /**
     * The final layer norm's output at each row's highest token id, as openai's CLIP and transformers (its
     * configs with {@code eos_token_id} 2, openai/clip-vit-large-patch14's) pool: the end-of-text token,
     * the highest id of CLIP's vocabulary; the first of equal ids (eos padding) is taken.
     */
    private NDArray pooled(NDArray ids) {
        NDArray h = lastHiddenState(ids);
        long[] flat = ids.toType(DataType.INT64, false).toLongArray();
        int len = (int) ids.getShape().get(1);
        NDList rows = new NDList();
        for (int b = 0; b < flat.length / len; b++) {
            int at = 0;
            for (int i = 1; i < len; i++) {
                if (flat[b * len + i] > flat[b * len + at]) {
                    at = i;
                }
            }
            rows.add(h.get(b + ", " + at));
        }
        return NDArrays.stack(rows);
    }

    /** {@code last_hidden_state} in the model's precision. */
    private NDArray lastHiddenState(NDArray ids) {
        store.requireAllocated();
        Shape s = ids.getShape();
        if (s.dimension() != 2 || s.get(1) > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("ids must be [B, L ≤ " + config.maxPositionEmbeddings() + "], not " + s);
        }
        int max = config.vocabSize() + added.size();
        for (long id : ids.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray()) {
            if (id < 0 || id >= max) {
                throw new IllegalArgumentException("token id " + id + " outside [0, " + max + ")");
            }
        }
        int len = (int) s.get(1);
        float[] m = new float[len * len];
        for (int i = 0; i < len; i++) {
            for (int j = i + 1; j < len; j++) {
                m[i * len + j] = MASKED;
            }
        }
        NDArray mask = ids.getManager().create(m, new Shape(len, len));
        NDArray h = embeddings.forward(ids, new ArrayList<>(added.values()));
        return final_layer_norm.forward(encoder.forward(h, mask));
    }

    @Override
    public void close() {
        store.close();
        if (addedArrays != null) {
            addedArrays.close();
            addedArrays = null;
        }
        added.clear();
    }
}
