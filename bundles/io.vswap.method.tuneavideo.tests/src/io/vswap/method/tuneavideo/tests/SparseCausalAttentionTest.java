package io.vswap.method.tuneavideo.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.method.tuneavideo.internal.SparseCausalAttention;
import io.vswap.method.tuneavideo.internal.TemporalAttention;
import io.vswap.testing.TestServices;

/**
 * The sparse-causal attention against a direct computation on small tensors (every frame's queries
 * over the first and the previous frame's keys, softmax written out), two clips in one batch as under
 * classifier-free guidance; equal to plain self-attention on a one-frame clip; and a fresh temporal
 * layer (zero output projection) passes its input through unchanged.
 */
class SparseCausalAttentionTest {

    private static final int CLIPS = 2, FRAMES = 3, HEADS = 2, TOKENS = 4, DIM = 3;

    @Test
    void eachFrameAttendsToTheFirstAndThePreviousFrame() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                int rows = CLIPS * FRAMES * HEADS;
                float[] q = random(1, rows * TOKENS * DIM), k = random(2, rows * TOKENS * DIM),
                        v = random(3, rows * TOKENS * DIM);
                Shape shape = new Shape(rows, TOKENS, DIM);
                NDArray out = new SparseCausalAttention(FRAMES, null).attend(new AttentionLayer("attn1", false, HEADS, DIM),
                        m.create(q, shape), m.create(k, shape), m.create(v, shape));
                assertEquals(shape, out.getShape());
                assertArrayEquals(direct(q, k, v), out.toFloatArray(), 1e-5f);
            }
            return null;
        });
    }

    @Test
    void aOneFrameClipGetsPlainSelfAttention() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                Shape shape = new Shape(CLIPS * HEADS, TOKENS, DIM);
                NDArray q = m.create(random(4, (int) shape.size()), shape);
                NDArray k = m.create(random(5, (int) shape.size()), shape);
                NDArray v = m.create(random(6, (int) shape.size()), shape);
                assertArrayEquals(DotProductAttention.attention(q, k, v).toFloatArray(),
                        SparseCausalAttention.attention(q, k, v, 1, HEADS).toFloatArray(), 1e-6f);
            }
            return null;
        });
    }

    @Test
    void aFreshTemporalLayerChangesNothing() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                Shape shape = new Shape(CLIPS * FRAMES * HEADS, TOKENS, DIM);
                float[] x = random(7, (int) shape.size());
                TemporalAttention t = new TemporalAttention("block.attn_temp", HEADS * DIM, m, 1);
                assertArrayEquals(x, t.forward(m.create(x, shape), FRAMES, HEADS).toFloatArray(), 0f);
                assertEquals(5, t.parameters().size(), "to_q, to_k, to_v, to_out.0 weight and bias");
            }
            return null;
        });
    }

    /** softmax(q·kᵀ/√d)·v per row, the keys of row (clip, frame, head) those of frame 0 then frame max(f-1, 0). */
    private static float[] direct(float[] q, float[] k, float[] v) {
        float[] out = new float[q.length];
        for (int c = 0; c < CLIPS; c++) {
            for (int f = 0; f < FRAMES; f++) {
                for (int h = 0; h < HEADS; h++) {
                    int row = (c * FRAMES + f) * HEADS + h;
                    int[] keyRows = { (c * FRAMES) * HEADS + h, (c * FRAMES + Math.max(f - 1, 0)) * HEADS + h };
                    for (int i = 0; i < TOKENS; i++) {
                        double[] scores = new double[2 * TOKENS];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int s = 0; s < 2; s++) {
                            for (int j = 0; j < TOKENS; j++) {
                                double dot = 0;
                                for (int d = 0; d < DIM; d++) {
                                    dot += q[(row * TOKENS + i) * DIM + d] * k[(keyRows[s] * TOKENS + j) * DIM + d];
                                }
                                scores[s * TOKENS + j] = dot / Math.sqrt(DIM);
                                max = Math.max(max, scores[s * TOKENS + j]);
                            }
                        }
                        double sum = 0;
                        for (int j = 0; j < scores.length; j++) {
                            scores[j] = Math.exp(scores[j] - max);
                            sum += scores[j];
                        }
                        for (int d = 0; d < DIM; d++) {
                            double o = 0;
                            for (int s = 0; s < 2; s++) {
                                for (int j = 0; j < TOKENS; j++) {
                                    o += scores[s * TOKENS + j] / sum * v[(keyRows[s] * TOKENS + j) * DIM + d];
                                }
                            }
                            out[(row * TOKENS + i) * DIM + d] = (float) o;
                        }
                    }
                }
            }
        }
        return out;
    }

    private static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }
}
