package io.vswap.concepts.internal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.batch.api.TimeLeft;
import io.vswap.concepts.api.ConceptInputException;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * Mix-of-Show's gradient fusion (§3.3, its {@code gradient_fusion.py}): one set of weights for several
 * ED-LoRA concepts, found layer by layer as {@code min_W Σ_i ||(W0 + ΔW_i) X_i − W X_i||²}, where {@code X_i}
 * are the layer's inputs when concept i's own prompts run through the model with concept i's LoRA. In its
 * order: (1) the text encoder's adapted layers, inputs from every concept's layer-wise prompts
 * ({@value #TEMPLATE} and the token alone); (2) the UNet's cross-attention keys and values, inputs the fused
 * text encoder's features of those prompts, layer by layer; (3) the other adapted UNet layers, inputs
 * recorded at every step of a {@value #SAMPLING_STEPS}-step sampling of {@value #TEMPLATE} without guidance
 * (seed {@value #SEED} + the member's index, as Mix-of-Show draws fresh noise per concept), with the fused text
 * encoder and keys/values and the concept's own spatial LoRA.
 *
 * <p>One deliberate difference: Mix-of-Show feeds the text encoder unpadded prompts and fits the keys and
 * values only at the concept's tokens and the end token. Here every position of the padded prompt counts, as
 * the UNet's cross-attention attends to all of them and the padding, after the concept's tokens in a causal
 * encoder, carries the concept too; fitted only at the concept's tokens, the fused keys and values dropped a
 * concept's change at the other positions (in the tests, worse than averaging the weights).
 *
 * <p>Solver: Mix-of-Show runs L-BFGS from {@code W0} (500 iterations for the text encoder and keys/values,
 * 50 for the rest). Started at {@code W0}, gradient steps only move W within the span of the inputs, so it
 * converges to the least-squares solution of least change, {@code W = W0 + (Σ ΔW_i G_i)(Σ G_i)⁺} with
 * {@code G_i = X_i X_iᵀ}. That is solved here in closed form, with a ridge of {@value #RIDGE}·mean eigenvalue
 * in place of the pseudo-inverse (directions the inputs hardly reach stay at {@code W0}, as a finite
 * L-BFGS run leaves them).
 *
 * <p>The inputs of the UNet's attention projections are not exposed by the backend: the attention processors
 * see the projections' outputs, so the inputs' Gram matrices are recovered through the concept's own
 * projection weights ({@code x = (WᵀW)⁻¹Wᵀ y}; q, k and v of a self-attention share their input, so the three
 * stacked are well posed); {@code to_out.0}'s input is the processor's output.
 */
public final class GradientFusion {

    public static final String TEMPLATE = "photo of a %s";
    public static final int SAMPLING_STEPS = 20;
    static final double RIDGE = 1e-4;
    public static final long SEED = 0;
    private static final String[] PROJECTIONS = { ".to_q", ".to_k", ".to_v", ".to_out.0" };

    private final VideoDiffusionModel model;
    private final List<MemberWeights> members;
    private final List<String> layers;
    private final String[][][] sub;
    private final Progress progress;
    /** The fused change of every adapted layer's weight, by module, text encoder's and UNet's. */
    private final Map<String, double[]> textDelta = new LinkedHashMap<>();
    private final Map<String, double[]> unetDelta = new LinkedHashMap<>();
    /** Per member, how far the fused layers miss its own outputs (relative squared error, mean over layers). */
    private final Map<String, double[]> fit = new LinkedHashMap<>();

    private GradientFusion(VideoDiffusionModel model, List<MemberWeights> members, IProgressMonitor monitor) {
        this.model = model;
        this.members = members;
        this.layers = EdLoraModel.crossAttentionLayers(model.unet().imageUNet());
        this.sub = new String[members.size()][][];
        Set<String> text = new LinkedHashSet<>();
        Set<String> unet = new LinkedHashSet<>();
        members.forEach(m -> {
            text.addAll(m.text().keySet());
            unet.addAll(m.unet().keySet());
        });
        int prompts = 2 * layers.size();
        this.progress = new Progress(monitor, members.size() * (prompts + layers.size() + SAMPLING_STEPS) + text.size()
                + unet.size());
        members.forEach(m -> fit.put(m.token(), new double[2]));
    }

    /** Which LoRA layers fusion can take: every UNet layer must be an attention projection. */
    public static void requireFusable(MemberWeights m, String name) throws ConceptInputException {
        for (String module : m.unet().keySet()) {
            if (attentionOf(module) == null) {
                throw new ConceptInputException("\"" + name + "\" has LoRA on " + module + ", which fusion cannot take "
                        + "(it fuses the UNet's attention projections, to_q/to_k/to_v/to_out.0)");
            }
        }
    }

    /**
     * Fuses {@code members} on {@code model} (loaded for this alone: its weights are changed along the way and
     * put back at the end) and writes the fused set's weights to {@code out}.
     *
     * @return figures by name (the fit per member)
     * @throws OperationCanceledException when {@code monitor} is cancelled; nothing is written then
     */
    public static Map<String, Double> fuse(VideoDiffusionModel model, List<MemberWeights> members, String setToken,
            Path out, IProgressMonitor monitor, NDManager root) throws IOException {
        GradientFusion f = new GradientFusion(model, members, monitor);
        Map<NDArray, NDArray> kept = new LinkedHashMap<>();
        try (NDManager mgr = root.newSubManager()) {
            for (int j = 0; j < members.size(); j++) {
                MemberWeights m = members.get(j);
                NDArray emb = mgr.create(m.embeddings(), new Shape(f.layers.size(), EdLoraModel.TOKENS,
                        m.embeddings().length / f.layers.size() / EdLoraModel.TOKENS));
                f.sub[j] = EdLoraModel.addTokens(model, m.token(), f.layers.size(), (i, k) -> emb.get(i, k));
            }
            f.fuseTextEncoder(mgr, kept);
            f.fuseCrossKeysValues(mgr, kept);
            f.fuseSpatial(mgr, kept);
            f.progress.stage("writing the fused weights");
            f.write(out, setToken);
        } finally {
            kept.forEach((live, original) -> {
                live.set(EdLoraModel.ALL, original);
                original.close();
            });
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        f.fit.forEach((tok, e) -> figures.put("fitError." + tok.substring(1, tok.length() - 1), e[1] == 0 ? 0
                : e[0] / e[1]));
        return figures;
    }

    // ---- (1) text encoder ------------------------------------------------------------------------------------

    private void fuseTextEncoder(NDManager mgr, Map<NDArray, NDArray> kept) throws IOException {
        Set<String> modules = new LinkedHashSet<>();
        members.forEach(m -> modules.addAll(m.text().keySet()));
        List<Map<String, double[]>> grams = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            progress.stage("text encoder: " + members.get(j).token() + "'s prompts");
            Map<String, double[]> g = new LinkedHashMap<>();
            try (NDManager step = mgr.newSubManager()) {
                Map<String, NDArray> deltas = new LinkedHashMap<>();
                members.get(j).text().forEach((n, d) -> deltas.put(n, array(step, d, model.textEncoder().parameters()
                        .get(n + ".weight").getShape())));
                for (String p : prompts(j)) {
                    for (int i = 0; i < layers.size(); i++) {
                        try (NDManager one = step.newSubManager()) {
                            TextActivations.run(model.textEncoder(), model.tokenizer().encode(layerPrompt(p, j, i)),
                                    deltas, g, one);
                        }
                        if (i % 2 == 1) {
                            progress.worked(2);
                        }
                    }
                }
            }
            grams.add(g);
        }
        solve(modules, model.textEncoder().parameters(), grams, members.stream().map(MemberWeights::text).toList(),
                textDelta, kept, "text encoder");
    }

    // ---- (2) cross-attention keys and values -----------------------------------------------------------------

    private void fuseCrossKeysValues(NDManager mgr, Map<NDArray, NDArray> kept) throws IOException {
        Set<String> modules = new LinkedHashSet<>();
        members.forEach(m -> m.unet().keySet().stream().filter(GradientFusion::isCrossKeyValue).forEach(modules::add));
        List<Map<String, double[]>> grams = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            progress.stage("cross-attention keys and values: " + members.get(j).token());
            Map<String, double[]> g = new LinkedHashMap<>();
            for (int i = 0; i < layers.size(); i++) {
                try (NDManager step = mgr.newSubManager()) {
                    for (String p : prompts(j)) {
                        // every position the UNet attends to, padding included (see the class comment)
                        NDArray h = model.textEncoder().encode(step, new int[][] { model.tokenizer().encode(
                                layerPrompt(p, j, i)) });
                        double[] gram = FusionMath.gram(h);
                        for (String kv : new String[] { ".to_k", ".to_v" }) {
                            g.merge(layers.get(i) + kv, gram.clone(), (x, y) -> {
                                FusionMath.addInto(x, y);
                                return x;
                            });
                        }
                    }
                }
                progress.worked(1);
            }
            grams.add(g);
        }
        solve(modules, model.unet().imageUNet().parameters(), grams, members.stream().map(MemberWeights::unet)
                .toList(), unetDelta, kept, "cross-attention keys and values");
    }

    static boolean isCrossKeyValue(String module) {
        return module.matches(".*\\.attn2\\.to_[kv]");
    }

    // ---- (3) the other attention projections ------------------------------------------------------------------

    private void fuseSpatial(NDManager mgr, Map<NDArray, NDArray> kept) throws IOException {
        UNetModel unet = model.unet().imageUNet();
        Map<String, NDArray> params = unet.parameters();
        Set<String> modules = new LinkedHashSet<>();
        members.forEach(m -> m.unet().keySet().stream().filter(n -> !isCrossKeyValue(n)).forEach(modules::add));
        if (modules.isEmpty()) {
            return;
        }
        Set<String> attentions = new LinkedHashSet<>();
        modules.forEach(n -> attentions.add(attentionOf(n)));
        List<Map<String, double[]>> grams = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            grams.add(recordSpatial(j, modules, attentions, mgr));
        }
        solve(modules, params, grams, members.stream().map(MemberWeights::unet).toList(), unetDelta, kept,
                "UNet attention");
    }

    /**
     * Member j's sampling run with its own UNet LoRA added on {@code modules}: the Gram matrix of each adapted
     * projection's input, by module.
     */
    private Map<String, double[]> recordSpatial(int j, Set<String> modules, Set<String> attentions, NDManager mgr) {
        UNetModel unet = model.unet().imageUNet();
        Map<String, NDArray> params = unet.parameters();
        MemberWeights m = members.get(j);
        progress.stage("sampling \"" + String.format(TEMPLATE, m.token()) + "\"");
        Map<String, double[]> outputs = new LinkedHashMap<>(); // attention → Gram of its projections' outputs
        Map<String, double[]> merged = new LinkedHashMap<>(); // attention → Gram of to_out.0's input
        Map<NDArray, NDArray> own = new LinkedHashMap<>();
        try (NDManager step = mgr.newSubManager()) {
            for (String n : modules) {
                if (m.unet().containsKey(n)) {
                    NDArray w = params.get(n + ".weight");
                    own.put(w, w.duplicate());
                    NDArray d = array(step, m.unet().get(n), w.getShape());
                    w.set(EdLoraModel.ALL, d.add(w));
                }
            }
            for (AttentionLayer a : unet.attentionLayers()) {
                if (attentions.contains(a.name())) {
                    unet.setAttentionProcessor(a.name(), capture(a, outputs, merged));
                }
            }
            sample(step, j);
        } finally {
            own.forEach((w, o) -> {
                w.set(EdLoraModel.ALL, o);
                o.close();
            });
            unet.setAttentionProcessor(DotProductAttention.DEFAULT);
        }
        Map<String, double[]> g = new LinkedHashMap<>();
        for (String a : attentions) {
            boolean self = !unet.attentionLayers().stream().filter(l -> l.name().equals(a)).findFirst()
                    .orElseThrow().crossAttention();
            String[] proj = self ? new String[] { ".to_q", ".to_k", ".to_v" } : new String[] { ".to_q" };
            List<double[]> ws = new ArrayList<>();
            int in = 0;
            int rows = 0;
            for (String p : proj) {
                NDArray w = params.get(a + p + ".weight");
                in = (int) w.getShape().get(1);
                rows += (int) w.getShape().get(0);
                double[] v = w.toType(DataType.FLOAT64, false).toDoubleArray();
                double[] d = m.unet().get(a + p);
                if (d != null) {
                    for (int k = 0; k < v.length; k++) {
                        v[k] += d[k];
                    }
                }
                ws.add(v);
            }
            double[] stack = new double[rows * in];
            int at = 0;
            for (double[] v : ws) {
                System.arraycopy(v, 0, stack, at, v.length);
                at += v.length;
            }
            double[] gx = FusionMath.sandwich(FusionMath.leftInverse(stack, rows, in), outputs.get(a), in, rows);
            for (String p : proj) {
                g.put(a + p, gx);
            }
            g.put(a + ".to_out.0", merged.get(a));
        }
        return g;
    }

    /**
     * What {@link #fuse} records for a single member's UNet layers other than the keys and values, on the model
     * as it is (for tests to check against their own recording): the inputs' Gram matrices by module.
     */
    public static Map<String, double[]> spatialInputGrams(VideoDiffusionModel model, MemberWeights member,
            NDManager root) {
        GradientFusion f = new GradientFusion(model, List.of(member), null);
        try (NDManager mgr = root.newSubManager()) {
            NDArray emb = mgr.create(member.embeddings(), new Shape(f.layers.size(), EdLoraModel.TOKENS,
                    member.embeddings().length / f.layers.size() / EdLoraModel.TOKENS));
            f.sub[0] = EdLoraModel.addTokens(model, member.token(), f.layers.size(), (i, k) -> emb.get(i, k));
            Set<String> modules = new LinkedHashSet<>();
            member.unet().keySet().stream().filter(n -> !isCrossKeyValue(n)).forEach(modules::add);
            Set<String> attentions = new LinkedHashSet<>();
            modules.forEach(n -> attentions.add(attentionOf(n)));
            return f.recordSpatial(0, modules, attentions, mgr);
        }
    }

    /** Mix-of-Show's recording run: the concept's prompt, no guidance, every step recorded. */
    private void sample(NDManager mgr, int j) {
        UNetModel unet = model.unet().imageUNet();
        int side = unet.config().sampleSize();
        DdimScheduler ddim = model.ddim(SAMPLING_STEPS);
        NDArray states = layerWiseStates(mgr, String.format(TEMPLATE, members.get(j).token()), j);
        NDArray z = SeededNoise.normal(mgr, SEED + j, new Shape(1, unet.config().inChannels(), side, side));
        for (int t : ddim.timesteps()) {
            try (NDManager step = mgr.newSubManager()) {
                z.attach(step);
                NDArray eps = unet.forward(z, new float[] { t }, states);
                NDArray next = ddim.step(eps, t, z).sample();
                next.attach(mgr);
                z = next;
            }
            progress.worked(1);
        }
    }

    /** The prompt's encoder states, every cross-attention layer's side by side ({@link FusedEdLora#encode}). */
    private NDArray layerWiseStates(NDManager mgr, String prompt, int j) {
        int[][] ids = new int[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            ids[i] = model.tokenizer().encode(layerPrompt(prompt, j, i));
        }
        NDArray h = model.textEncoder().encode(mgr, ids);
        return h.reshape(1, (long) layers.size() * model.tokenizer().maxLength(), h.getShape().get(2));
    }

    /** Attends as the layer-wise prompt asks and records the Gram matrices of what the projections gave and took. */
    private AttentionProcessor capture(AttentionLayer layer, Map<String, double[]> outputs, Map<String, double[]> merged) {
        int index = layers.indexOf(layer.name());
        long length = model.tokenizer().maxLength();
        return (l, q, k, v) -> {
            NDArray kk = k;
            NDArray vv = v;
            if (index >= 0 && k.getShape().get(1) == layers.size() * length) {
                NDIndex part = new NDIndex(":, {}:{}, :", index * length, (index + 1) * length);
                kk = k.get(part);
                vv = v.get(part);
            }
            NDArray o = DotProductAttention.DEFAULT.attend(l, q, kk, vv);
            long b = q.getShape().get(0) / l.heads();
            NDArray y = l.crossAttention() ? fromHeads(q, b, l)
                    : NDArrays.concat(new NDList(fromHeads(q, b, l), fromHeads(k, b, l), fromHeads(v, b, l)), -1);
            add(outputs, l.name(), FusionMath.gram(y));
            add(merged, l.name(), FusionMath.gram(fromHeads(o, b, l)));
            return o;
        };
    }

    private static NDArray fromHeads(NDArray t, long b, AttentionLayer l) {
        long n = t.getShape().get(1);
        return t.reshape(b, l.heads(), n, l.headDim()).transpose(0, 2, 1, 3).reshape(b * n,
                (long) l.heads() * l.headDim());
    }

    static String attentionOf(String module) {
        for (String p : PROJECTIONS) {
            if (module.endsWith(p) && module.matches(".*\\.attn[12]" + java.util.regex.Pattern.quote(p))) {
                return module.substring(0, module.length() - p.length());
            }
        }
        return null;
    }

    // ---- the solve, shared ------------------------------------------------------------------------------------

    private void solve(Set<String> modules, Map<String, NDArray> params, List<Map<String, double[]>> grams,
            List<Map<String, double[]>> deltas, Map<String, double[]> into, Map<NDArray, NDArray> kept, String what) {
        int done = 0;
        for (String n : modules) {
            progress.stage(what + ": solving layer " + (++done) + " of " + modules.size());
            NDArray w = params.get(n + ".weight");
            int out = (int) w.getShape().get(0);
            int in = (int) w.getShape().get(1);
            double[] den = new double[in * in];
            double[] num = new double[out * in];
            for (int j = 0; j < members.size(); j++) {
                double[] g = grams.get(j).get(n);
                FusionMath.addInto(den, g);
                double[] d = deltas.get(j).get(n);
                if (d != null) {
                    FusionMath.addInto(num, FusionMath.mul(d, g, out, in, in));
                }
            }
            double[] fused = FusionMath.solveRight(den, num, in, out, RIDGE);
            for (int j = 0; j < members.size(); j++) {
                double[] d = deltas.get(j).getOrDefault(n, new double[out * in]);
                double[] e = fit.get(members.get(j).token());
                e[0] += quadratic(diff(fused, d), grams.get(j).get(n), out, in);
                e[1] += quadratic(d, grams.get(j).get(n), out, in);
            }
            into.put(n, fused);
            // later stages see the fused layer, as Mix-of-Show loads each stage's result before the next
            kept.computeIfAbsent(w, NDArray::duplicate);
            try (NDManager tmp = w.getManager().newSubManager()) {
                NDArray d = array(tmp, fused, w.getShape());
                w.set(EdLoraModel.ALL, d.add(kept.get(w)));
            }
            progress.worked(1);
        }
    }

    /** {@code tr(d g dᵀ)}: the squared output of {@code d} on inputs whose Gram matrix is {@code g}. */
    static double quadratic(double[] d, double[] g, int out, int in) {
        double[] dg = FusionMath.mul(d, g, out, in, in);
        double s = 0;
        for (int i = 0; i < dg.length; i++) {
            s += dg[i] * d[i];
        }
        return s;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] -= b[i];
        }
        return c;
    }

    private static NDArray array(NDManager m, double[] d, Shape shape) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return m.create(f, shape);
    }

    private static void add(Map<String, double[]> acc, String key, double[] g) {
        acc.merge(key, g, (a, b) -> {
            FusionMath.addInto(a, b);
            return a;
        });
    }

    // ---- prompts -------------------------------------------------------------------------------------------------

    /** Mix-of-Show's fusion prompts for a concept: {@value #TEMPLATE} and the token alone. */
    private List<String> prompts(int j) {
        String t = members.get(j).token();
        return List.of(String.format(TEMPLATE, t), t);
    }

    private String layerPrompt(String prompt, int j, int layer) {
        return prompt.replace(members.get(j).token(), sub[j][layer][0] + " " + sub[j][layer][1]);
    }

    // ---- output ------------------------------------------------------------------------------------------------

    private void write(Path out, String setToken) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", FusedEdLora.FORMAT).metadata("token", setToken)
                .metadata("tokens", String.join(",", members.stream().map(MemberWeights::token).toList()))
                .metadata("layers", String.join(",", layers))
                .metadata("method", "Mix-of-Show gradient fusion, closed-form least squares, ridge " + RIDGE)
                .metadata("sampling_steps", Integer.toString(SAMPLING_STEPS));
        long hidden = model.textEncoder().config().hiddenSize();
        for (int j = 0; j < members.size(); j++) {
            w.add("member." + j + ".token_embeddings", members.get(j).embeddings(), layers.size(), EdLoraModel.TOKENS,
                    hidden);
        }
        addDeltas(w, EdLoraModel.TEXT_PREFIX, textDelta, model.textEncoder().parameters());
        addDeltas(w, EdLoraModel.UNET_PREFIX, unetDelta, model.unet().imageUNet().parameters());
        w.write(out);
    }

    private static void addDeltas(SafetensorsWriter w, String prefix, Map<String, double[]> deltas,
            Map<String, NDArray> params) {
        deltas.forEach((n, d) -> {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            w.add(prefix + n + FusedEdLora.DELTA, f, params.get(n + ".weight").getShape().getShape());
        });
    }

    /** Stage words, the share done and the time left, and the cancel check, on one monitor. */
    private static final class Progress {
        private final SubMonitor monitor;
        private final int total;
        private final long t0 = System.nanoTime();
        private int done;
        private String stage = "";

        Progress(IProgressMonitor monitor, int total) {
            this.monitor = SubMonitor.convert(monitor, "Fusing concepts", total);
            this.total = total;
        }

        void stage(String words) {
            stage = words;
            show();
        }

        void worked(int n) {
            done += n;
            monitor.worked(n);
            show();
        }

        private void show() {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            String left = TimeLeft.words(Math.min(1, (double) done / total), (System.nanoTime() - t0) / 1e9);
            monitor.subTask(stage + (left.isEmpty() ? "" : String.format(Locale.ROOT, " (%s)", left)));
        }
    }
}
