package io.vswap.concepts.internal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vswap.concepts.api.ConceptFileException;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * One member of a fusion as its single-concept weights file holds it, checked against the model: its token,
 * layer-wise embeddings, and each LoRA pair turned into its full change of the layer's weight,
 * {@code ΔW = (alpha/r)·B A} ({@code [out, in]}, row-major), by module name.
 *
 * @param embeddings {@code [layers, 2, hidden]}, row-major
 */
public record MemberWeights(String token, float[] embeddings, Map<String, double[]> text, Map<String, double[]> unet) {

    /**
     * @throws ConceptFileException naming the file and what does not fit the model, before any work
     */
    public static MemberWeights read(Path file, VideoDiffusionModel model) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!EdLoraModel.FORMAT.equals(meta.get("format"))) {
                throw new ConceptFileException(file, FusedEdLora.FORMAT.equals(meta.get("format"))
                        ? "holds a fused set already: fuse the single concepts it was made of instead"
                        : "is not ED-LoRA weights of this program (format " + meta.get("format") + ")");
            }
            List<String> layers = EdLoraModel.crossAttentionLayers(model.unet().imageUNet());
            if (!String.join(",", layers).equals(meta.get("layers"))) {
                throw new ConceptFileException(file, "was trained for a model with other cross-attention layers: "
                        + "the concept does not fit this model");
            }
            long hidden = model.textEncoder().config().hiddenSize();
            long[] s = f.entry(EdLoraModel.EMBEDDINGS).shape();
            if (s.length != 3 || s[0] != layers.size() || s[1] != EdLoraModel.TOKENS || s[2] != hidden) {
                throw new ConceptFileException(file, "holds token embeddings of shape " + java.util.Arrays.toString(s)
                        + "; this model needs [" + layers.size() + ", " + EdLoraModel.TOKENS + ", " + hidden + "]");
            }
            double scale;
            try {
                scale = Double.parseDouble(meta.get("lora_alpha")) / Integer.parseInt(meta.get("lora_rank"));
            } catch (RuntimeException e) {
                throw new ConceptFileException(file, "does not say its LoRA rank and alpha: it is damaged");
            }
            Map<String, double[]> text = deltas(f, EdLoraModel.TEXT_PREFIX, model.textEncoder().parameters(), scale);
            Map<String, double[]> unet = deltas(f, EdLoraModel.UNET_PREFIX, model.unet().imageUNet().parameters(),
                    scale);
            return new MemberWeights(meta.get("token"), f.floats(EdLoraModel.EMBEDDINGS), text, unet);
        }
    }

    private static Map<String, double[]> deltas(SafetensorsFile f, String prefix,
            Map<String, ai.djl.ndarray.NDArray> params, double scale) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (SafetensorsEntry e : f.entries()) {
            String n = e.name();
            if (!n.startsWith(prefix) || !n.endsWith(".lora_A.weight")) {
                continue;
            }
            String module = n.substring(prefix.length(), n.length() - ".lora_A.weight".length());
            String bName = prefix + module + ".lora_B.weight";
            ai.djl.ndarray.NDArray w = params.get(module + ".weight");
            if (w == null || !f.contains(bName)) {
                throw new ConceptFileException(f.path(), "adapts " + prefix + module + ", a layer this model does not "
                        + "have: the concept does not fit this model");
            }
            long[] a = e.shape();
            long[] b = f.entry(bName).shape();
            long out0 = w.getShape().get(0);
            long in = w.getShape().get(1);
            if (a.length != 2 || b.length != 2 || a[1] != in || b[0] != out0 || a[0] != b[1]) {
                throw new ConceptFileException(f.path(), prefix + module + "'s LoRA does not fit the model's layer ("
                        + in + " → " + out0 + "): the concept does not fit this model");
            }
            float[] av = f.floats(n);
            float[] bv = f.floats(bName);
            int r = (int) a[0];
            double[] d = new double[(int) (out0 * in)];
            for (int i = 0; i < out0; i++) {
                for (int k = 0; k < r; k++) {
                    double bik = scale * bv[i * r + k];
                    for (int j = 0; j < in; j++) {
                        d[(int) (i * in + j)] += bik * av[(int) (k * in + j)];
                    }
                }
            }
            if (java.util.Arrays.stream(d).anyMatch(v -> v != 0)) {
                out.put(module, d); // an adapter that changes nothing is no change to fuse (B = 0, as freshly made)
            }
        }
        return out;
    }
}
