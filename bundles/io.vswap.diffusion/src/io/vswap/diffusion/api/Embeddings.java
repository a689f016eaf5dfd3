package io.vswap.diffusion.api;

/** Feature vectors compared by direction: CLIP embeddings (CLIP-T/F/I), DIFT point embeddings. */
public final class Embeddings {

    private Embeddings() {
    }

    /** Cosine similarity, summed in double; 0 when either vector is all zeros. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** {@code v / ‖v‖₂} (norm in double) into a new array; all zeros stay zeros. */
    public static float[] l2Normalized(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        double scale = n > 0 ? 1 / Math.sqrt(n) : 0;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * scale);
        }
        return out;
    }
}
