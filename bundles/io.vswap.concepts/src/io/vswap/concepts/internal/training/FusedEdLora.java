package io.vswap.concepts.internal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * A fused set of ED-LoRA concepts (Mix-of-Show gradient fusion, {@link GradientFusion}) on a loaded model:
 * every member's layer-wise tokens, one set of fused weights for the text encoder and the UNet, and the
 * layer-wise attention processors. Any member tokens may share one prompt.
 *
 * <p>Weights file, safetensors:
 * <ul>
 * <li>{@code member.<j>.token_embeddings} {@code [layers, 2, hidden]}: member j's (in the order of the
 * {@code tokens} metadata), as in a single concept's file;</li>
 * <li>{@code text_encoder.<module>.delta} and {@code unet.<module>.delta} {@code [out, in]}: the fused weight
 * minus the base model's, for every linear layer a member's LoRA touched (full rank: fusion does not keep the
 * low rank);</li>
 * <li>metadata {@code format} ({@value #FORMAT}), {@code token} (the set's), {@code tokens} (the members',
 * comma-separated), {@code layers} (the cross-attention layers), and how it was fused.</li>
 * </ul>
 * Applying adds the deltas to the model's weights (kept aside first); {@link #close} puts the kept weights back
 * exactly.
 */
public final class FusedEdLora implements ConceptPrompt {

    public static final String FORMAT = "vswap-edlora-fused-1";
    static final String DELTA = ".delta";

    private final VideoDiffusionModel model;
    private final String token;
    private final List<String> tokens;
    private final List<String> layers;
    private final String[][][] subTokens; // [member][layer][k]
    private final AttentionProcessor delegate;
    private final NDManager arrays;
    private final List<NDArray[]> applied = new ArrayList<>(); // {live weight, kept original, delta}
    private double multiplier = 1;

    private FusedEdLora(VideoDiffusionModel model, String token, List<String> tokens, List<String> layers,
            String[][][] subTokens, AttentionProcessor delegate, NDManager arrays) {
        this.model = model;
        this.token = token;
        this.tokens = List.copyOf(tokens);
        this.layers = List.copyOf(layers);
        this.subTokens = subTokens;
        this.delegate = delegate;
        this.arrays = arrays;
    }

    /** What {@link ConceptPrompt#load} does with a fused set's weights file. */
    public static FusedEdLora load(VideoDiffusionModel model, Path file, AttentionProcessor delegate,
            NDManager manager) throws IOException {
        NDManager arrays = manager.newSubManager();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new ConceptFileException(file, "is not a fused set of concepts of this program (format "
                        + meta.get("format") + ", expected " + FORMAT + ")");
            }
            List<String> layers = EdLoraModel.crossAttentionLayers(model.unet().imageUNet());
            if (!String.join(",", layers).equals(meta.get("layers"))) {
                throw new ConceptFileException(file, "was fused for a model whose cross-attention layers are "
                        + meta.get("layers") + "; this model's are " + String.join(",", layers)
                        + ": the set does not fit this model");
            }
            List<String> tokens = Arrays.asList(meta.getOrDefault("tokens", "").split(","));
            long hidden = model.textEncoder().config().hiddenSize();
            List<NDArray> embeddings = new ArrayList<>();
            for (int j = 0; j < tokens.size(); j++) {
                String name = "member." + j + ".token_embeddings";
                if (!f.contains(name)) {
                    throw new ConceptFileException(file, "has no embeddings for " + tokens.get(j) + ": it is damaged");
                }
                NDArray e = f.load(name, arrays);
                if (!e.getShape().equals(new Shape(layers.size(), EdLoraModel.TOKENS, hidden))) {
                    throw new ConceptFileException(file, "holds token embeddings of shape " + e.getShape()
                            + "; this model needs (" + layers.size() + ", " + EdLoraModel.TOKENS + ", " + hidden + ")");
                }
                embeddings.add(e);
            }
            Map<String, NDArray> text = model.textEncoder().parameters();
            Map<String, NDArray> unet = model.unet().imageUNet().parameters();
            Map<NDArray, NDArray> deltas = new LinkedHashMap<>();
            for (SafetensorsEntry e : f.entries()) {
                if (!e.name().endsWith(DELTA)) {
                    continue;
                }
                boolean isText = e.name().startsWith(EdLoraModel.TEXT_PREFIX);
                String prefix = isText ? EdLoraModel.TEXT_PREFIX : EdLoraModel.UNET_PREFIX;
                String module = e.name().substring(prefix.length(), e.name().length() - DELTA.length());
                NDArray w = (isText ? text : unet).get(module + ".weight");
                if (!e.name().startsWith(prefix) || w == null) {
                    throw new ConceptFileException(file, "changes " + e.name() + ", a layer this model does not have: "
                            + "the set does not fit this model");
                }
                NDArray d = f.load(e.name(), arrays);
                if (!d.getShape().equals(w.getShape())) {
                    throw new ConceptFileException(file, e.name() + " is " + d.getShape() + ", the model's layer is "
                            + w.getShape() + ": the set does not fit this model");
                }
                deltas.put(w, d);
            }
            String[][][] sub = new String[tokens.size()][][];
            for (int j = 0; j < tokens.size(); j++) {
                NDArray emb = embeddings.get(j);
                sub[j] = EdLoraModel.addTokens(model, tokens.get(j), layers.size(), (i, k) -> emb.get(i, k));
            }
            FusedEdLora set = new FusedEdLora(model, meta.getOrDefault("token", tokens.get(0)), tokens, layers, sub,
                    delegate, arrays);
            for (var d : deltas.entrySet()) {
                set.applied.add(new NDArray[] { d.getKey(), d.getKey().duplicate(), d.getValue() });
            }
            set.applied.forEach(a -> a[1].attach(arrays));
            set.setLoraMultiplier(1);
            UNetModel u = model.unet().imageUNet();
            for (int i = 0; i < layers.size(); i++) {
                u.setAttentionProcessor(layers.get(i), set.processor(i));
            }
            return set;
        } catch (IOException | RuntimeException e) {
            arrays.close();
            throw e;
        }
    }

    /** The set's own token (its name in the library); prompts write the members' tokens. */
    @Override
    public String token() {
        return token;
    }

    /** The members' tokens, each usable in a prompt. */
    public List<String> tokens() {
        return tokens;
    }

    @Override
    public List<String> layers() {
        return layers;
    }

    /** Every layer's copy of each prompt, each member's token replaced by that layer's two tokens (b-major). */
    List<String> layerPrompts(List<String> prompts) {
        List<String> out = new ArrayList<>(prompts.size() * layers.size());
        for (String p : prompts) {
            for (int i = 0; i < layers.size(); i++) {
                String q = p;
                for (int j = 0; j < tokens.size(); j++) {
                    q = q.replace(tokens.get(j), subTokens[j][i][0] + " " + subTokens[j][i][1]);
                }
                out.add(q);
            }
        }
        return out;
    }

    @Override
    public NDArray encode(NDManager manager, List<String> prompts) {
        return prompts().encode(manager, prompts);
    }

    @Override
    public AttentionProcessor processor(int layer) {
        return processor(layer, delegate);
    }

    @Override
    public AttentionProcessor processor(int layer, AttentionProcessor around) {
        return prompts().processor(layer, around);
    }

    @Override
    public int[] wordPositions(String prompt, String word) {
        return prompts().wordPositions(prompt, word);
    }

    private LayerwisePrompts prompts() {
        return new LayerwisePrompts(model, layers.size(), this::layerPrompts);
    }

    /** Scales the fused change of the weights (1: fused, 0: the base model's weights). */
    @Override
    public void setLoraMultiplier(double m) {
        for (NDArray[] a : applied) {
            try (NDManager tmp = arrays.newSubManager()) {
                NDArray d = a[2].toType(a[1].getDataType(), true);
                d.attach(tmp);
                NDArray w = a[1].add(d.mul(m));
                w.attach(tmp);
                a[0].set(EdLoraModel.ALL, w);
            }
        }
        multiplier = m;
    }

    double multiplier() {
        return multiplier;
    }

    @Override
    public void close() {
        for (NDArray[] a : applied) {
            a[0].set(EdLoraModel.ALL, a[1]);
        }
        applied.clear();
        arrays.close();
        UNetModel unet = model.unet().imageUNet();
        layers.forEach(l -> unet.setAttentionProcessor(l, delegate));
    }
}
