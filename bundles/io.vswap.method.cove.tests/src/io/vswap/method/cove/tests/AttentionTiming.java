package io.vswap.method.cove.tests;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.method.cove.internal.CorrespondenceAttention;
import io.vswap.method.cove.internal.CorrespondenceSearch;
import io.vswap.method.cove.internal.Correspondences;
import io.vswap.testing.TestServices;

/**
 * A timing, not a test (its name keeps it out of the suite; run it by name with {@code -Dtest=AttentionTiming}):
 * one call of the correspondence attention at the sample model's first level (16 frames of 16×16 tokens,
 * 4 heads of 16 channels, both halves of guidance), without and with merging, beside plain attention;
 * three calls each, printed in milliseconds.
 */
class AttentionTiming {
    @Test
    void correspondenceAttentionAgainstPlainAttention() throws Exception {
        int F = 16, H = 16, W = 16, N = H * W, HEADS = 4, D = 16, G = 2;
        Random r = new Random(1);
        float[] feat = new float[F * 8 * N];
        for (int i = 0; i < feat.length; i++) feat[i] = (float) r.nextGaussian();
        Correspondences c = new CorrespondenceSearch(9, 3).search(feat, F, 8, H, W, null);
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray[] x = new NDArray[3];
                for (int i = 0; i < 3; i++) {
                    float[] v = new float[G * F * HEADS * N * D];
                    for (int j = 0; j < v.length; j++) v[j] = (float) r.nextGaussian();
                    x[i] = m.create(v, new Shape((long) G * F * HEADS, N, D));
                }
                AttentionLayer l = new AttentionLayer("a.attn1", false, HEADS, D);
                for (double ratio : new double[] { 0, 0.5 }) {
                    CorrespondenceAttention a = new CorrespondenceAttention(F, List.of(c), ratio, false);
                    for (int rep = 0; rep < 3; rep++) {
                        long t0 = System.nanoTime();
                        try (NDManager s = m.newSubManager()) {
                            NDArray q = x[0].duplicate(); q.attach(s);
                            a.attend(l, q, x[1], x[2]).toFloatArray();
                        }
                        System.out.printf(java.util.Locale.ROOT, "correspondence attention, merge ratio %.1f: %.1f ms%n", ratio, (System.nanoTime() - t0) / 1e6);
                    }
                }
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    try (NDManager s = m.newSubManager()) {
                        NDArray q = x[0].duplicate(); q.attach(s);
                        DotProductAttention.attention(q, x[1], x[2]).toFloatArray();
                    }
                    System.out.printf(java.util.Locale.ROOT, "plain attention: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
                }
            }
            return null;
        });
    }
}
