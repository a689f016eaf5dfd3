package io.vswap.swap.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.Embeddings;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.points.api.Trajectory;

/**
 * Point embeddings from DIFT features (§3.3; Tang et al. 2023): each frame's latent noised to
 * {@code t} (an ensemble of seeded noise draws), one pass of the <em>image</em> UNet (DIFT is an
 * image feature: the motion modules would mix frames) with the prompt "a photo of a <subject>",
 * the output of up block {@code upBlock} averaged over the draws. A point's feature on a frame is
 * that map sampled bilinearly at its position; its embedding is the mean over the frames it is
 * visible on. A frame whose feature has cosine similarity below {@code similarity} to that mean
 * (occlusion the tracker missed, a drifted track) counts as not visible, and the mean is taken
 * again without it.
 */
public final class DiftEmbeddings {

    private final UNetModel unet;
    private final NoiseSchedule schedule;
    private final int timestep;
    private final int upBlock;
    private final int ensemble;
    private final double similarity;

    public DiftEmbeddings(UNetModel unet, NoiseSchedule schedule, int timestep, int upBlock, int ensemble,
            double similarity) {
        this.unet = unet;
        this.schedule = schedule;
        this.timestep = timestep;
        this.upBlock = upBlock;
        this.ensemble = ensemble;
        this.similarity = similarity;
    }

    /** The DIFT prompt for a subject word, as in DIFT's and VideoSwap's code. */
    public static String prompt(String subjectWord) {
        return "a photo of a " + subjectWord;
    }

    /**
     * The ensemble-averaged feature maps {@code [F, D, h, w]} as floats, frame-major.
     *
     * @param latents {@code [F, C, H, W]}
     * @param prompt {@code [1, L, dim]}
     */
    public FeatureMaps featureMaps(NDArray latents, NDArray prompt, long seed) {
        int frames = (int) latents.getShape().get(0);
        float[] sum = null;
        Shape shape = null;
        for (int e = 0; e < ensemble; e++) {
            try (NDManager step = latents.getManager().newSubManager()) {
                float[] noise = SeededNoise.normal(seed * 7919 + e, Math.toIntExact(latents.getShape().size()));
                NDArray f = pass(latents, 0, frames, noise, prompt, step);
                float[] v = f.toFloatArray();
                if (sum == null) {
                    sum = v;
                    shape = f.getShape();
                } else {
                    for (int i = 0; i < v.length; i++) {
                        sum[i] += v[i];
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= ensemble;
        }
        return new FeatureMaps(sum, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2), (int) shape.get(3));
    }

    /** Up block {@code upBlock}'s output for frames {@code [from, to)} of {@code latents} noised with {@code noise}, in {@code step}. */
    private NDArray pass(NDArray latents, int from, int to, float[] noise, NDArray prompt, NDManager step) {
        NDArray z = latents.get(from + ":" + to);
        z.attach(step);
        NDArray text = prompt.repeat(0, to - from);
        text.attach(step);
        NDArray noisy = schedule.addNoise(z, step.create(noise, z.getShape()), timestep);
        return unet.upBlockFeatures(noisy, new float[] { timestep }, text, upBlock);
    }

    /**
     * The points' embeddings from the clip's latents, {@code chunk} frames at a time: each chunk's
     * features are sampled at the points and let go, and each draw's noise continues from chunk to
     * chunk, so the noise is the whole clip's ({@link SeededNoise}) and memory and work are linear in
     * the clip's length. The same embeddings as {@link #embed(FeatureMaps, Map, int, int)} on the whole
     * clip's maps (the draws averaged after sampling instead of before: bilinear sampling is linear).
     */
    public PointEmbeddings embed(NDArray latents, NDArray prompt, long seed, int chunk,
            Map<String, Trajectory> trajectories, int clipWidth, int clipHeight) {
        int frames = (int) latents.getShape().get(0);
        int cells = Math.toIntExact(latents.getShape().size() / frames);
        List<String> names = new ArrayList<>(trajectories.keySet());
        for (String name : names) {
            checkedFrames(name, trajectories.get(name), frames);
        }
        float[][][] perFrame = new float[names.size()][frames][];
        int channels = 0;
        for (int e = 0; e < ensemble; e++) {
            java.util.Random draws = SeededNoise.draws(seed * 7919 + e);
            for (int from = 0; from < frames; from += chunk) {
                int to = Math.min(frames, from + chunk);
                try (NDManager step = latents.getManager().newSubManager()) {
                    NDArray f = pass(latents, from, to, SeededNoise.next(draws, (to - from) * cells), prompt, step);
                    Shape sh = f.getShape();
                    FeatureMaps maps = new FeatureMaps(f.toFloatArray(), (int) sh.get(0), (int) sh.get(1),
                            (int) sh.get(2), (int) sh.get(3));
                    channels = maps.channels();
                    for (int k = 0; k < names.size(); k++) {
                        Trajectory t = trajectories.get(names.get(k));
                        for (int fr = from; fr < to; fr++) {
                            if (t.visible(fr)) {
                                float[] v = maps.sample(fr - from, t.x(fr), t.y(fr), clipWidth, clipHeight);
                                float[] acc = perFrame[k][fr] == null ? (perFrame[k][fr] = new float[v.length])
                                        : perFrame[k][fr];
                                for (int c = 0; c < v.length; c++) {
                                    acc[c] += v[c] / ensemble;
                                }
                            }
                        }
                    }
                }
            }
        }
        return embed(names, perFrame, trajectories, channels);
    }

    /** Feature maps {@code [frames, channels, height, width]}, row-major. */
    public record FeatureMaps(float[] values, int frames, int channels, int height, int width) {

        /**
         * The feature at clip pixel ({@code x}, {@code y}) of a {@code clipWidth}×{@code clipHeight}
         * clip, bilinear between the cells around it (cell centres aligned with pixel centres, as
         * {@code F.interpolate(align_corners=False)} upsampling to the clip size would give).
         */
        public float[] sample(int frame, double x, double y, int clipWidth, int clipHeight) {
            double u = clamp((x + 0.5) * width / clipWidth - 0.5, width - 1);
            double v = clamp((y + 0.5) * height / clipHeight - 0.5, height - 1);
            int x0 = (int) Math.floor(u);
            int y0 = (int) Math.floor(v);
            int x1 = Math.min(x0 + 1, width - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            double ax = u - x0;
            double ay = v - y0;
            float[] out = new float[channels];
            int plane = width * height;
            int base = frame * channels * plane;
            for (int c = 0; c < channels; c++) {
                int o = base + c * plane;
                double top = values[o + y0 * width + x0] * (1 - ax) + values[o + y0 * width + x1] * ax;
                double bottom = values[o + y1 * width + x0] * (1 - ax) + values[o + y1 * width + x1] * ax;
                out[c] = (float) (top * (1 - ay) + bottom * ay);
            }
            return out;
        }

        private static double clamp(double v, double max) {
            return Math.max(0, Math.min(max, v));
        }
    }

    /** Embeddings of the points ({@code trajectories} in clip pixels, by name) from the clip's DIFT maps. */
    public PointEmbeddings embed(FeatureMaps maps, Map<String, Trajectory> trajectories, int clipWidth,
            int clipHeight) {
        List<String> names = new ArrayList<>(trajectories.keySet());
        float[][][] perFrame = new float[names.size()][maps.frames()][];
        for (int k = 0; k < names.size(); k++) {
            Trajectory t = checkedFrames(names.get(k), trajectories.get(names.get(k)), maps.frames());
            for (int f = 0; f < maps.frames(); f++) {
                if (t.visible(f)) {
                    perFrame[k][f] = maps.sample(f, t.x(f), t.y(f), clipWidth, clipHeight);
                }
            }
        }
        return embed(names, perFrame, trajectories, maps.channels());
    }

    private static Trajectory checkedFrames(String name, Trajectory t, int frames) {
        if (t.frameCount() != frames) {
            throw new IllegalArgumentException("point '" + name + "' has " + t.frameCount() + " frames, the clip "
                    + frames);
        }
        return t;
    }

    /** The embeddings from each point's feature on each frame it is visible on ({@code perFrame[k][f]}, null elsewhere). */
    private PointEmbeddings embed(List<String> names, float[][][] perFrame, Map<String, Trajectory> trajectories,
            int channels) {
        float[][] emb = new float[names.size()][channels];
        boolean[][] visible = new boolean[names.size()][];
        for (int k = 0; k < names.size(); k++) {
            Trajectory t = trajectories.get(names.get(k));
            int frames = perFrame[k].length;
            visible[k] = new boolean[frames];
            for (int f = 0; f < frames; f++) {
                visible[k][f] = t.visible(f);
            }
            float[] mean = mean(perFrame[k], visible[k]);
            if (mean == null) {
                continue; // never visible: a zero embedding that is written nowhere
            }
            boolean dropped = false;
            for (int f = 0; f < frames; f++) {
                if (visible[k][f] && Embeddings.cosine(perFrame[k][f], mean) < similarity) {
                    visible[k][f] = false;
                    dropped = true;
                }
            }
            float[] kept = dropped ? mean(perFrame[k], visible[k]) : mean;
            emb[k] = kept != null ? kept : mean;
        }
        return new PointEmbeddings(names, emb, visible);
    }

    private static float[] mean(float[][] perFrame, boolean[] use) {
        float[] m = null;
        int n = 0;
        for (int f = 0; f < perFrame.length; f++) {
            if (!use[f]) {
                continue;
            }
            if (m == null) {
                m = new float[perFrame[f].length];
            }
            for (int c = 0; c < m.length; c++) {
                m[c] += perFrame[f][c];
            }
            n++;
        }
        if (m != null) {
            for (int c = 0; c < m.length; c++) {
                m[c] /= n;
            }
        }
        return m;
    }
}
