package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * Loads a trained UNet (with its motion modules) into one with more layers per level, so that the
 * deeper model computes exactly what the trained one did until training changes it (Net2Net's
 * "deeper", Chen et al. 2016): capacity added to a trained model instead of a new one trained from
 * scratch.
 *
 * <p>At a deepened level the down block's new layers come after its trained ones: each new resnet's
 * last convolution is zero (a resnet adds its output to its input), each new transformer's
 * {@code proj_out} is zero and the rest copies the level's last trained transformer (so its
 * cross-attention maps, which the swap averages, are not random), each new motion module's
 * {@code proj_out} is zero. The down block's skips are popped in reverse by the mirrored up block, so
 * there the new layers go right after the first: the first up resnet still meets the block's last
 * output (identical at the start, and where the swap's motion features join), the trained ones after
 * it still meet the skips they were trained on, and each new up resnet maps the concatenation of its
 * input and its skip to its input alone (a 1×1 shortcut that is the identity on the input's channels
 * and zero on the skip's; last convolution zero).
 */
public final class UNetDeepening {

    private static final Pattern LAYER = Pattern
            .compile("^(down_blocks|up_blocks)\\.(\\d+)\\.(resnets|attentions|motion_modules)\\.(\\d+)\\.(.+)$");

    private UNetDeepening() {
    }

    /**
     * The trained model's name for {@code name} of the deeper model, or null for a parameter of an
     * added layer.
     *
     * @param from layers per level of the trained model
     * @param to layers per level of the deeper one (at least {@code from} at every level)
     */
    public static String sourceName(String name, List<Integer> from, List<Integer> to) {
        Matcher m = LAYER.matcher(name);
        if (!m.matches()) {
            return name;
        }
        int block = Integer.parseInt(m.group(2));
        int layer = Integer.parseInt(m.group(4));
        int n = from.size();
        int source;
        if (m.group(1).equals("down_blocks")) {
            source = layer < from.get(block) ? layer : -1;
        } else {
            int level = n - 1 - block; // up block b mirrors level n-1-b
            int added = to.get(level) - from.get(level);
            source = layer == 0 ? 0 : layer <= added ? -1 : layer - added;
        }
        return source < 0 ? null : m.group(1) + "." + block + "." + m.group(3) + "." + source + "." + m.group(5);
    }

    /**
     * Checks that {@code to} only adds layers to {@code from}.
     *
     * @throws IllegalArgumentException naming the level that would lose layers
     */
    public static void requireDeeper(List<Integer> from, List<Integer> to) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("the base model's UNet has " + from.size() + " levels, asked: " + to);
        }
        for (int i = 0; i < from.size(); i++) {
            if (to.get(i) < from.get(i)) {
                throw new IllegalArgumentException("level " + i + " of the base model's UNet has " + from.get(i)
                        + " layers; a refinement can add layers (" + to + "), not take them away");
            }
        }
    }

    /**
     * Fills {@code target} (built with {@code to} layers, its parameters allocated, e.g. freshly
     * initialised) from the trained weights in {@code unetFile} and {@code motionFile} (built with
     * {@code from} layers).
     *
     * @throws IOException where a trained tensor is missing or misshapen, or one is left unused
     */
    public static void load(SafetensorsFile unetFile, SafetensorsFile motionFile, List<Integer> from, List<Integer> to,
            VideoUNetModel target) throws IOException {
        requireDeeper(from, to);
        copy(unetFile, target.imageUNet().parameters(), from, to);
        copy(motionFile, target.motionParameters(), from, to);
    }

    private static void copy(SafetensorsFile file, Map<String, NDArray> params, List<Integer> from, List<Integer> to)
            throws IOException {
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            String source = sourceName(name, from, to);
            if (source != null) {
                set(p, read(file, source, p));
                used.add(source);
            } else if (name.endsWith(".conv2.weight") || name.endsWith(".conv2.bias")
                    || name.contains(".proj_out.")) {
                set(p, new float[(int) p.size()]);
            } else if (name.contains(".conv_shortcut.")) {
                set(p, identityOnInput(p));
            } else if (name.contains(".attentions.")) {
                String neighbour = neighbourAttention(name, from);
                set(p, read(file, neighbour, p));
            } // other parts of a new layer (norms, first convolution, time projection) keep their init
        }
        Set<String> trained = new HashSet<>();
        file.entries().forEach(en -> trained.add(en.name()));
        trained.removeIf(k -> k.endsWith("pos_encoder.pe") || used.contains(k));
        if (!trained.isEmpty()) {
            throw new IOException(file.path() + ": " + trained.size() + " trained tensors have no place in the deeper "
                    + "UNet, e.g. " + trained.iterator().next());
        }
    }

    /** The trained transformer a new one starts from: the down block's last (or, in an up block, its first). */
    private static String neighbourAttention(String name, List<Integer> from) {
        Matcher m = LAYER.matcher(name);
        if (!m.matches()) {
            throw new IllegalStateException(name);
        }
        int block = Integer.parseInt(m.group(2));
        int source = m.group(1).equals("down_blocks") ? from.get(block) - 1 : 0;
        return m.group(1) + "." + block + "." + m.group(3) + "." + source + "." + m.group(5);
    }

    /** A 1×1 shortcut {@code [out, out + skip, 1, 1]} passing the first {@code out} input channels through. */
    private static float[] identityOnInput(NDArray p) {
        long[] s = p.getShape().getShape();
        float[] w = new float[(int) p.size()];
        if (s.length == 4) {
            int out = (int) s[0];
            int in = (int) s[1];
            for (int o = 0; o < out; o++) {
                w[o * in + o] = 1;
            }
        } // the bias stays zero
        return w;
    }

    private static float[] read(SafetensorsFile file, String name, NDArray like) throws IOException {
        if (!file.contains(name)) {
            throw new IOException(file.path() + " has no tensor " + name + " for the deeper UNet");
        }
        long[] shape = file.entry(name).shape();
        if (!Arrays.equals(shape, like.getShape().getShape())) {
            throw new IOException(file.path() + ": " + name + " is " + Arrays.toString(shape)
                    + ", the deeper UNet's " + like.getShape());
        }
        return file.floats(name);
    }

    private static void set(NDArray p, float[] values) {
        p.set(FloatBuffer.wrap(values));
    }
}
