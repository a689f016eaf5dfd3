package io.vswap.concepts.internal.training;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.TextEncoderModel;

/**
 * The CLIP text encoder's forward pass written out from its parameters, so that the input of each of its
 * linear layers can be seen (Mix-of-Show hooks them; the backend's text encoder has no such seam): per layer
 * {@code x + out_proj(attn(ln1 x))}, then {@code + fc2(quick_gelu(fc1(ln2 ·)))}, causal attention. A
 * concept's weight changes can be added on the way ({@code deltas}, by module name).
 */
public final class TextActivations {

    private static final String LAYERS = "text_model.encoder.layers.";
    static final String[] ATTENTION = { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj" };

    private TextActivations() {
    }

    /**
     * Runs one prompt's ids (unpadded: up to its end token) and adds {@code xᵀx} of every linear layer's input
     * rows to {@code grams} (module name → {@code [in, in]}); returns the final layer norm's output
     * {@code [1, L, hidden]} in {@code manager}.
     */
    public static NDArray run(TextEncoderModel text, int[] ids, Map<String, NDArray> deltas, Map<String, double[]> grams,
            NDManager manager) throws ConceptFileException {
        CLIPTextConfig c = text.config();
        if (!c.hiddenAct().equals("quick_gelu")) {
            throw new ConceptFileException(java.nio.file.Path.of("text_encoder"), "uses the activation \"" + c.hiddenAct()
                    + "\"; fusing concepts supports text encoders with quick_gelu (the Stable Diffusion 1.x family)");
        }
        Map<String, NDArray> p = text.parameters();
        Map<Integer, NDArray> added = new HashMap<>();
        text.addedTokenEmbeddings().forEach((name, row) -> added.put(text.addedTokenId(name), row));
        NDArray table = p.get("text_model.embeddings.token_embedding.weight");
        NDList rows = new NDList();
        for (int id : ids) {
            NDArray r = id < c.vocabSize() ? table.get(id) : added.get(id).duplicate();
            r.attach(manager); // results belong to their first input's manager: keep them off the model's
            rows.add(r);
        }
        int len = ids.length;
        NDArray h = NDArrays.stack(rows).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        h.attach(manager);
        NDArray pos = p.get("text_model.embeddings.position_embedding.weight").get("0:" + len);
        pos.attach(manager);
        h = h.add(pos).expandDims(0);
        float[] m = new float[len * len];
        for (int i = 0; i < len; i++) {
            for (int j = i + 1; j < len; j++) {
                m[i * len + j] = -1e9f;
            }
        }
        NDArray mask = manager.create(m, new Shape(len, len));
        int heads = c.numAttentionHeads();
        int hd = c.hiddenSize() / heads;
        for (int n = 0; n < c.numHiddenLayers(); n++) {
            String pre = LAYERS + n + ".";
            NDArray x = norm(h, p, pre + "layer_norm1", c.layerNormEps());
            for (String a : ATTENTION) {
                record(grams, pre + a, x);
            }
            NDArray q = heads(linear(x, p, deltas, pre + "self_attn.q_proj").mul(1.0 / Math.sqrt(hd)), heads, hd);
            NDArray k = heads(linear(x, p, deltas, pre + "self_attn.k_proj"), heads, hd);
            NDArray v = heads(linear(x, p, deltas, pre + "self_attn.v_proj"), heads, hd);
            NDArray o = q.batchMatMul(k.transpose(0, 2, 1)).add(mask).softmax(-1).batchMatMul(v)
                    .reshape(1, heads, len, hd).transpose(0, 2, 1, 3).reshape(1, len, (long) heads * hd);
            record(grams, pre + "self_attn.out_proj", o);
            h = h.add(linear(o, p, deltas, pre + "self_attn.out_proj"));
            NDArray x2 = norm(h, p, pre + "layer_norm2", c.layerNormEps());
            record(grams, pre + "mlp.fc1", x2);
            NDArray f = linear(x2, p, deltas, pre + "mlp.fc1");
            f = f.div(f.mul(-1.702).exp().add(1)); // quick_gelu: x·σ(1.702x)
            record(grams, pre + "mlp.fc2", f);
            h = h.add(linear(f, p, deltas, pre + "mlp.fc2"));
        }
        return norm(h, p, "text_model.final_layer_norm", c.layerNormEps());
    }

    /** The text encoder's linear layers by module name (those with a {@code .weight} of rank 2 under the layers). */
    static List<String> linearModules(TextEncoderModel text) {
        return text.parameters().entrySet().stream().filter(e -> e.getKey().startsWith(LAYERS)
                && e.getKey().endsWith(".weight") && e.getValue().getShape().dimension() == 2)
                .map(e -> e.getKey().substring(0, e.getKey().length() - ".weight".length())).toList();
    }

    private static void record(Map<String, double[]> grams, String module, NDArray x) {
        if (grams != null) {
            double[] g = FusionMath.gram(x);
            grams.merge(module, g, (a, b) -> {
                FusionMath.addInto(a, b);
                return a;
            });
        }
    }

    private static NDArray linear(NDArray x, Map<String, NDArray> p, Map<String, NDArray> deltas, String module) {
        NDArray w = p.get(module + ".weight");
        NDArray d = deltas.get(module);
        NDArray wt = (d == null ? w : d.add(w)).transpose();
        wt.attach(x.getManager());
        NDArray y = x.matMul(wt);
        NDArray b = p.get(module + ".bias");
        return b == null ? y : y.add(b.toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
    }

    private static NDArray heads(NDArray t, int heads, int hd) {
        long n = t.getShape().get(1);
        return t.reshape(1, n, heads, hd).transpose(0, 2, 1, 3).reshape(heads, n, hd);
    }

    private static NDArray norm(NDArray x, Map<String, NDArray> p, String module, double eps) {
        NDArray mean = x.mean(new int[] { -1 }, true);
        NDArray c = x.sub(mean);
        NDArray var = c.square().mean(new int[] { -1 }, true);
        NDArray n = c.div(var.add(eps).sqrt());
        return n.mul(p.get(module + ".weight").toType(ai.djl.ndarray.types.DataType.FLOAT32, false))
                .add(p.get(module + ".bias").toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
    }
}
