package io.vswap.diffusion.internal.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.CLIPVisionConfig;
import io.vswap.diffusion.api.ImageEncoderModel;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.internal.nn.LayerNorm;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.StoredModel;

/**
 * transformers' {@code CLIPVisionModelWithProjection}: {@code vision_model.embeddings},
 * {@code vision_model.pre_layrnorm} (sic), {@code vision_model.encoder.layers.i} (no mask),
 * {@code vision_model.post_layernorm} on the class token, then {@code visual_projection} (no bias).
 */
public final class CLIPVisionModelWithProjection extends StoredModel implements ImageEncoderModel {

    private final CLIPVisionConfig config;

    final CLIPVisionEmbeddings embeddings;
    final LayerNorm pre_layrnorm;
    final CLIPEncoder encoder;
    final LayerNorm post_layernorm;
    final Linear visual_projection;

    public CLIPVisionModelWithProjection(CLIPVisionConfig c) {
        super("CLIPVisionModelWithProjection");
        config = c;
        int h = c.hiddenSize();
        embeddings = new CLIPVisionEmbeddings(store, "vision_model.embeddings", c);
        pre_layrnorm = new LayerNorm(store, "vision_model.pre_layrnorm", h, c.layerNormEps());
        encoder = new CLIPEncoder(store, "vision_model.encoder", c.numHiddenLayers(), h, c.numAttentionHeads(),
                c.intermediateSize(), c.hiddenAct(), c.layerNormEps());
        post_layernorm = new LayerNorm(store, "vision_model.post_layernorm", h, c.layerNormEps());
        visual_projection = new Linear(store, "visual_projection", h, c.projectionDim(), false);
    }

    @Override
    public CLIPVisionConfig config() {
        return config;
    }

    @Override
    public NDArray pooledOutput(NDArray pixelValues) {
        return Precision.fp32(pooled(pixelValues));
    }

    @Override
    public NDArray imageEmbeds(NDArray pixelValues) {
        return Precision.fp32(visual_projection.forward(pooled(pixelValues)));
    }

    /** post_layernorm(class token) in the model's precision. */
    private NDArray pooled(NDArray pixelValues) {
        store.requireAllocated();
        Shape s = pixelValues.getShape();
        int size = config.imageSize();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != size || s.get(3) != size) {
            throw new IllegalArgumentException("pixel values must be [B, 3, " + size + ", " + size + "], not " + s);
        }
        NDArray h = pre_layrnorm.forward(embeddings.forward(precision().cast(pixelValues)));
        h = encoder.forward(h, null);
        return post_layernorm.forward(h.get(":, 0, :"));
    }

    @Override
    public void close() {
        store.close();
    }
}
