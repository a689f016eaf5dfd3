package io.vswap.swap.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Latent blend (§6.1): the subject mask of a timestep is the union of the subject word's
 * cross-attention masks during inversion and during editing, {@code M^t = M_inv^t ∪ M_den^t}, and
 * {@code z^t = (1 − M^t)·z_inv^t + M^t·z_den^t} keeps the source latents, bit for bit, outside it.
 */
public final class LatentBlend {

    private LatentBlend() {
    }

    /**
     * A subject mask from an attention map {@code [F·h·w]}: each frame normalised to [0, 1]
     * (min–max), then 1 where it reaches {@code threshold}.
     */
    public static boolean[] mask(float[] map, int frames, double threshold) {
        int cells = map.length / frames;
        boolean[] m = new boolean[map.length];
        for (int f = 0; f < frames; f++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = f * cells; i < (f + 1) * cells; i++) {
                lo = Math.min(lo, map[i]);
                hi = Math.max(hi, map[i]);
            }
            float range = hi - lo;
            for (int i = f * cells; i < (f + 1) * cells; i++) {
                m[i] = range > 0 && (map[i] - lo) / range >= threshold;
            }
        }
        return m;
    }

    /** {@code a ∪ b}. */
    public static boolean[] union(boolean[] a, boolean[] b) {
        boolean[] m = new boolean[a.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = a[i] || b[i];
        }
        return m;
    }

    /**
     * {@code (1 − M)·zInv + M·zDen}, taking each element from one side exactly.
     *
     * @param mask {@code [F·h·w]}, broadcast over the latent channels
     * @return in {@code manager}
     */
    public static NDArray blend(NDArray inverted, NDArray denoised, boolean[] mask, NDManager manager) {
        Shape s = inverted.getShape();
        byte[] bytes = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            bytes[i] = (byte) (mask[i] ? 1 : 0);
        }
        NDArray m = manager.create(bytes, new Shape(s.get(0), 1, s.get(2), s.get(3))).toType(DataType.BOOLEAN, false)
                .broadcast(s);
        return NDArrays.where(m, denoised, inverted);
    }
}
