package io.vswap.method.cove.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.UNetModel;

/**
 * The diffusion feature of each source frame (§3.2, Eq. 4): the frame's latent noised to {@code t}
 * (261, after DIFT), one pass of the image UNet with the source prompt, the output of one decoder
 * block. Then the correspondences on every token grid the UNet's self-attention runs at, the
 * feature resampled to each (bilinear, pixel centres as PyTorch's {@code align_corners=False}).
 *
 * @param values {@code [frames, channels, height, width]}, row-major
 */
public record DiffusionFeatures(float[] values, int frames, int channels, int height, int width) {

    /** Frames per UNet pass: bounds the activations at Stable Diffusion's size, whatever the clip's length. */
    static final int CHUNK = 8;

    /**
     * One pass of {@code unet} over {@code latents [F, C, h, w]} noised at {@code timestep} with seeded
     * noise, {@link #CHUNK} frames at a time, up block {@code upBlock}'s output.
     *
     * @param prompt the source prompt's embedding {@code [1, L, dim]}
     */
    public static DiffusionFeatures extract(UNetModel unet, NoiseSchedule schedule, NDArray latents, NDArray prompt,
            int timestep, int upBlock, long seed, IProgressMonitor monitor) {
        int frames = (int) latents.getShape().get(0);
        int cells = Math.toIntExact(latents.getShape().size() / frames);
        Random draws = SeededNoise.draws(seed);
        List<float[]> parts = new ArrayList<>();
        Shape shape = null;
        for (int from = 0; from < frames; from += CHUNK) {
            if (monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            int to = Math.min(frames, from + CHUNK);
            try (NDManager step = latents.getManager().newSubManager()) {
                NDArray z = latents.get(from + ":" + to);
                z.attach(step);
                NDArray text = prompt.repeat(0, to - from);
                text.attach(step);
                NDArray noisy = schedule.addNoise(z, step.create(SeededNoise.next(draws, (to - from) * cells),
                        z.getShape()), timestep);
                NDArray f = unet.upBlockFeatures(noisy, new float[] { timestep }, text, upBlock);
                shape = f.getShape();
                parts.add(f.toFloatArray());
            }
        }
        int per = Math.toIntExact(shape.size() / shape.get(0));
        float[] all = new float[frames * per];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return new DiffusionFeatures(all, frames, (int) shape.get(1), (int) shape.get(2), (int) shape.get(3));
    }

    /**
     * The token grids of a UNet's levels for a latent of {@code height × width}: each level halves the
     * previous one, rounding up as a stride-2 convolution with padding 1 does.
     */
    public static List<int[]> grids(int height, int width, int levels) {
        List<int[]> out = new ArrayList<>();
        int h = height, w = width;
        for (int i = 0; i < levels; i++) {
            out.add(new int[] { h, w });
            h = (h + 1) / 2;
            w = (w + 1) / 2;
        }
        return out;
    }

    /** The correspondences on each of {@code grids}, by {@link #key(int, int)}. */
    public Map<String, Correspondences> correspond(List<int[]> grids, CorrespondenceSearch search,
            IProgressMonitor monitor) {
        Map<String, Correspondences> out = new LinkedHashMap<>();
        for (int[] g : grids) {
            out.putIfAbsent(key(g[0], g[1]), search.search(resized(g[0], g[1]), frames, channels, g[0], g[1], monitor));
        }
        return out;
    }

    /** The name of a grid in a correspondence set. */
    public static String key(int height, int width) {
        return height + "x" + width;
    }

    /** These features bilinearly resampled to {@code h × w} ({@code align_corners=False}; the same values at the same size). */
    public float[] resized(int h, int w) {
        if (h == height && w == width) {
            return values;
        }
        float[] out = new float[frames * channels * h * w];
        double sy = (double) height / h, sx = (double) width / w;
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, height - 1), y1 = Math.min(y0 + 1, height - 1);
            double wy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, width - 1), x1 = Math.min(x0 + 1, width - 1);
                double wx = fx - x0;
                for (int fc = 0; fc < frames * channels; fc++) {
                    int b = fc * height * width;
                    double top = values[b + y0 * width + x0] * (1 - wx) + values[b + y0 * width + x1] * wx;
                    double bottom = values[b + y1 * width + x0] * (1 - wx) + values[b + y1 * width + x1] * wx;
                    out[fc * h * w + y * w + x] = (float) (top * (1 - wy) + bottom * wy);
                }
            }
        }
        return out;
    }
}
