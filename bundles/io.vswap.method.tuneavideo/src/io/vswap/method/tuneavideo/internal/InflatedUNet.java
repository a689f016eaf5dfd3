package io.vswap.method.tuneavideo.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.UNetModel;

/**
 * The image UNet inflated to a spatio-temporal one as Tune-A-Video does it (§4.1), without forking the
 * UNet: every self-attention layer gets the {@link SparseCausalAttention} processor and a
 * {@link TemporalAttention} of its own; what one-shot tuning trains ({@link #trainable()}) is the
 * query projections of the self- and cross-attention layers ({@code attn1.to_q}, {@code attn2.to_q}:
 * the model's own arrays, tuned in place) and the temporal layers.
 *
 * <p>The model is shared with whoever loaded it, so the query projections' values are copied when
 * this is made and put back, and the model's own attention reinstalled, when it is closed: the
 * caller's model leaves an edit as it came.
 */
public final class InflatedUNet implements AutoCloseable {

    private final UNetModel unet;
    private final NDManager manager;
    private final List<AttentionLayer> selfAttention = new ArrayList<>();
    private final Map<String, TemporalAttention> temporal = new LinkedHashMap<>();
    private final Map<String, NDArray> queryOriginals = new LinkedHashMap<>();
    private boolean withTemporal = true;

    /**
     * @param unet a UNet held in fp32 (the tuning differentiates through it)
     * @param parent the temporal layers and the kept query projections live in a sub-manager of it
     * @param seed the temporal layers' init
     * @throws IllegalArgumentException when the UNet lacks the layers Tune-A-Video needs ({@link #requireLayers})
     */
    public InflatedUNet(UNetModel unet, NDManager parent, long seed) {
        requireLayers(unet);
        this.unet = unet;
        this.manager = parent.newSubManager();
        Map<String, NDArray> params = unet.parameters();
        int i = 0;
        for (AttentionLayer l : unet.attentionLayers()) {
            String q = queryName(l);
            queryOriginals.put(q, params.get(q).duplicate());
            queryOriginals.get(q).attach(manager);
            if (!l.crossAttention()) {
                selfAttention.add(l);
                String block = l.name().substring(0, l.name().lastIndexOf('.'));
                temporal.put(l.name(), new TemporalAttention(block + ".attn_temp", l.heads() * l.headDim(), manager,
                        seed * 1_000_003L + i++));
            }
        }
    }

    /**
     * Refuses, in words, a UNet without what the method trains and replaces: self-attention layers
     * (sparse-causal attention, temporal layers) and a query projection in every attention layer.
     */
    public static void requireLayers(UNetModel unet) {
        requireLayers(unet.attentionLayers(), unet.parameterShapes().keySet());
    }

    /** {@link #requireLayers(UNetModel)} on a UNet's attention layers and parameter names. */
    public static void requireLayers(List<AttentionLayer> layers, java.util.Set<String> parameterNames) {
        if (layers.stream().noneMatch(l -> !l.crossAttention())) {
            throw new IllegalArgumentException("the model's UNet has no self-attention layers, which Tune-A-Video "
                    + "turns into attention across frames: choose a Stable Diffusion-family model");
        }
        for (AttentionLayer l : layers) {
            if (!parameterNames.contains(queryName(l))) {
                throw new IllegalArgumentException("the model's attention layer " + l.name() + " has no query "
                        + "projection (to_q), which Tune-A-Video tunes: choose a Stable Diffusion-family model");
            }
        }
    }

    static String queryName(AttentionLayer l) {
        return l.name() + ".to_q.weight";
    }

    /** Whether the temporal layers run (true unless switched off, as the ablation without them does). */
    public void useTemporalLayers(boolean on) {
        withTemporal = on;
    }

    /** Puts the spatio-temporal attention into the UNet for clips of {@code frames} frames. */
    public void install(int frames) {
        for (AttentionLayer l : selfAttention) {
            unet.setAttentionProcessor(l.name(),
                    new SparseCausalAttention(frames, withTemporal ? temporal.get(l.name()) : null));
        }
    }

    /** The model's own attention again. */
    public void uninstall() {
        unet.setAttentionProcessor(DotProductAttention.DEFAULT);
    }

    public UNetModel unet() {
        return unet;
    }

    /**
     * What tuning trains, by name: the query projections (the model's live arrays), then the temporal
     * layers while they run (a layer left out gets no gradient).
     */
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        Map<String, NDArray> params = unet.parameters();
        queryOriginals.keySet().forEach(q -> out.put(q, params.get(q)));
        if (withTemporal) {
            temporal.values().forEach(t -> out.putAll(t.parameters()));
        }
        return out;
    }

    public int temporalLayers() {
        return temporal.size();
    }

    /**
     * Sets the trainable arrays to {@code values} (tuned weights read back from a file), by name;
     * every trainable one must be there with its shape.
     *
     * @throws IllegalArgumentException naming what is missing or does not fit
     */
    public void load(Map<String, float[]> values) {
        for (var e : trainable().entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null || v.length != e.getValue().size()) {
                throw new IllegalArgumentException("the tuned weights have " + (v == null ? "no " + e.getKey()
                        : e.getKey() + " of " + v.length + " values, " + e.getValue().size() + " expected"));
            }
            e.getValue().set(v);
        }
    }

    /** Puts the query projections back as they were, the model's own attention too, and frees the temporal layers. */
    @Override
    public void close() {
        uninstall();
        Map<String, NDArray> params = unet.parameters();
        for (var e : queryOriginals.entrySet()) {
            NDArray live = params.get(e.getKey());
            live.setRequiresGradient(false);
            live.set(e.getValue().toFloatArray());
        }
        manager.close();
    }
}
