package io.vswap.swap.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;

/**
 * The projection MLPs φ = {φ^l} of §3.4: one per UNet encoder level, point embedding (D) → 128 →
 * that level's channels, as {@code nn.Sequential(Linear, SiLU, Linear)} (the paper gives the widths
 * only; SiLU is our choice, the UNet's own activation). {@link #features} builds the sparse motion
 * features F_c (Algorithm 1) that join the UNet as T2I-Adapter-style down-block residuals (Eq. 1).
 *
 * <p>The parameters live in a manager of their own, closed with the adapter. In a training step,
 * results of operations that start from a parameter are attached to the step's manager, so nothing
 * piles up here.
 */
public final class MotionFeatureAdapter implements AutoCloseable {

    public static final int HIDDEN = 128;

    private final int embeddingDim;
    private final List<Integer> channels;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    private MotionFeatureAdapter(int embeddingDim, List<Integer> channels, NDManager parent) {
        this.embeddingDim = embeddingDim;
        this.channels = List.copyOf(channels);
        this.manager = parent.newSubManager();
    }

    /** Seeded PyTorch-default init (weights and biases uniform ±1/√fan_in), in a sub-manager of {@code parent}. */
    public static MotionFeatureAdapter create(int embeddingDim, List<Integer> channels, NDManager parent, long seed) {
        MotionFeatureAdapter a = new MotionFeatureAdapter(embeddingDim, channels, parent);
        Random r = new Random(seed);
        for (int l = 0; l < channels.size(); l++) {
            a.init(name(l, 0, "weight"), r, embeddingDim, HIDDEN, embeddingDim);
            a.init(name(l, 0, "bias"), r, embeddingDim, HIDDEN);
            a.init(name(l, 2, "weight"), r, HIDDEN, channels.get(l), HIDDEN);
            a.init(name(l, 2, "bias"), r, HIDDEN, channels.get(l));
        }
        return a;
    }

    private void init(String name, Random r, int fanIn, long... shape) {
        long n = new Shape(shape).size();
        float[] v = new float[(int) n];
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
        put(name, manager.create(v, new Shape(shape)));
    }

    private void put(String name, NDArray a) {
        a.setName(name);
        parameters.put(name, a);
    }

    /** {@code mlps.<level>.<0|2>.<weight|bias>}: nn.Sequential's names, weights {@code [out, in]}. */
    static String name(int level, int layer, String kind) {
        return "mlps." + level + "." + layer + "." + kind;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public List<Integer> channels() {
        return channels;
    }

    /** The parameters by name (live arrays: set {@code requiresGradient} to train them). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** An independent copy (same values, own manager under {@code parent}), e.g. to train without touching this one. */
    public MotionFeatureAdapter copy(NDManager parent) {
        MotionFeatureAdapter a = new MotionFeatureAdapter(embeddingDim, channels, parent);
        parameters.forEach((k, v) -> {
            NDArray c = a.manager.create(v.toFloatArray(), v.getShape());
            a.put(k, c);
        });
        return a;
    }

    /**
     * Algorithm 1 and Eq. 1: for each level, {@code φ^l(P_emb(k))} written at every cell the
     * placement gives point k, zero elsewhere, times {@code scale}.
     *
     * @param embeddings {@code [K, D]}, row k for the placement's point k, in {@code step}
     * @return one {@code [F, C_l, h_l, w_l]} map per level, in {@code step}
     */
    public List<NDArray> features(NDArray embeddings, PointPlacement placement, double scale, NDManager step) {
        List<NDArray> out = new ArrayList<>();
        LatentGrid g = placement.grid();
        int frames = placement.frames();
        for (int l = 0; l < channels.size(); l++) {
            int h = g.levelHeight(l);
            int w = g.levelWidth(l);
            int c = channels.get(l);
            if (placement.points() == 0) {
                out.add(step.zeros(new Shape(frames, c, h, w)));
                continue;
            }
            NDArray hidden = linear(embeddings, l, 0, step);
            NDArray projected = linear(ScalarOps.silu(hidden), l, 2, step); // [K, C]
            NDArray map = placement.matrix(l, step).matMul(projected) // [F·h·w, C]
                    .reshape(frames, h, w, c).transpose(0, 3, 1, 2);
            out.add(scale == 1 ? map : ScalarOps.mul(map, scale));
        }
        return out;
    }

    private NDArray linear(NDArray x, int level, int layer, NDManager step) {
        NDArray wt = parameters.get(name(level, layer, "weight")).transpose();
        wt.attach(step); // the transpose starts from a parameter: keep it out of the adapter's manager
        return x.matMul(wt).add(parameters.get(name(level, layer, "bias")));
    }

    /** Writes the MLPs as one F32 safetensors file (atomically), with their sizes in the metadata. */
    public void save(Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "videoswap-motion-mlps")
                .metadata("embedding_dim", Integer.toString(embeddingDim)).metadata("hidden", Integer.toString(HIDDEN))
                .metadata("channels", channels.toString());
        parameters.forEach(w::add);
        w.write(file);
    }

    /** Reads a {@link #save}d file; its sizes must be {@code embeddingDim} and {@code channels}. */
    public static MotionFeatureAdapter load(Path file, int embeddingDim, List<Integer> channels, NDManager parent)
            throws IOException {
        MotionFeatureAdapter a = new MotionFeatureAdapter(embeddingDim, channels, parent);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            MotionFeatureAdapter shapes = create(embeddingDim, channels, parent, 0);
            try (shapes) {
                for (var e : shapes.parameters.entrySet()) {
                    if (!f.contains(e.getKey())) {
                        throw new IOException(file + ": no tensor '" + e.getKey() + "' (MLPs for another model?)");
                    }
                    long[] s = f.entry(e.getKey()).shape();
                    if (!new Shape(s).equals(e.getValue().getShape())) {
                        throw new IOException(file + ": '" + e.getKey() + "' is " + new Shape(s) + ", this model needs "
                                + e.getValue().getShape());
                    }
                    a.put(e.getKey(), f.load(e.getKey(), a.manager));
                }
            }
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
