package io.vswap.method.cove.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
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
 * The correspondence-guided attention on real tensors of the backend, against plain attention:
 * <ul>
 * <li>with K covering every token of a frame and a window covering the grid, and no merging, each
 * token attends to every token of every frame once: exactly dense spatio-temporal attention (its
 * keys and values are the whole clip's);</li>
 * <li>with the paper's K = 3 it differs from the image model's per-frame attention (else it would do
 * nothing);</li>
 * <li>on a still clip (every frame the same) a token's corresponding tokens in different frames are
 * equal, and ToMe's merging with proportional attention is then exact: merging half of them changes
 * nothing;</li>
 * <li>cross-attention layers are left to plain attention.</li>
 * </ul>
 */
class CorrespondenceAttentionTest {

    private static final int FRAMES = 3, H = 3, W = 4, N = H * W, HEADS = 2, D = 8, C = 6;
    private static final AttentionLayer SELF = new AttentionLayer("down_blocks.0.attentions.0.transformer_blocks.0.attn1",
            false, HEADS, D);

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static Correspondences correspondences(int window, int k, boolean still) {
        float[] features = random(FRAMES * C * N, 3);
        if (still) {
            for (int f = 1; f < FRAMES; f++) {
                System.arraycopy(features, 0, features, f * C * N, C * N);
            }
        }
        return new CorrespondenceSearch(window, k).search(features, FRAMES, C, H, W, null);
    }

    /** q, k, v {@code [groups·frames·heads, N, D]}; with {@code still} every frame's tokens are frame 0's. */
    private static NDArray[] qkv(NDManager m, int groups, boolean still) {
        NDArray[] out = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            float[] v = random(groups * FRAMES * HEADS * N * D, 10 + i);
            if (still) {
                int frame = HEADS * N * D;
                for (int g = 0; g < groups; g++) {
                    for (int f = 1; f < FRAMES; f++) {
                        System.arraycopy(v, g * FRAMES * frame, v, (g * FRAMES + f) * frame, frame);
                    }
                }
            }
            out[i] = m.create(v, new Shape((long) groups * FRAMES * HEADS, N, D));
        }
        return out;
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void withEveryTokenCorrespondingItIsDenseSpatioTemporalAttention() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                int groups = 2; // the two halves of classifier-free guidance
                NDArray[] x = qkv(m, groups, false);
                var attention = new CorrespondenceAttention(FRAMES, List.of(correspondences(2 * Math.max(H, W) + 1, N,
                        false)), 0, false);
                NDArray cga = attention.attend(SELF, x[0], x[1], x[2]);
                // dense: every (group, frame, head) row attends to its group's keys of all frames, per head
                NDArray k = allFrames(x[1], groups);
                NDArray v = allFrames(x[2], groups);
                NDArray dense = DotProductAttention.attention(x[0], k, v, Long.MAX_VALUE);
                double diff = maxAbs(cga, dense);
                System.out.printf(Locale.ROOT, "K = all tokens: max |CGA - dense spatio-temporal| = %.2e%n", diff);
                assertTrue(diff < 1e-5, "differs by " + diff);
                // with the spatio-temporal attention kept: the clip's tokens, then the other frames' once more
                NDArray withClip = new CorrespondenceAttention(FRAMES, List.of(correspondences(2 * Math.max(H, W) + 1,
                        N, false)), 0, true).attend(SELF, x[0], x[1], x[2]);
                NDArray expected = clipThenOthers(x, groups);
                double clipDiff = maxAbs(withClip, expected);
                System.out.printf(Locale.ROOT, "K = all tokens, spatio-temporal kept: max |CGA - dense over the clip and "
                        + "the other frames| = %.2e%n", clipDiff);
                assertTrue(clipDiff < 1e-5, "differs by " + clipDiff);
                assertTrue(maxAbs(withClip, cga) > 1e-3, "keeping the spatio-temporal attention changed nothing");
                // rows in chunks (a large clip's scores do not fit at once): the same numbers, whole blocks of rows
                // (40 rows of 60 scores) or parts of a block (10 rows), with and without the clip's tokens
                for (long budget : new long[] { 40 * 60 * 12, 10 * 60 * 12 }) {
                    System.setProperty(CorrespondenceAttention.CHUNK_PROPERTY, Long.toString(budget));
                    try {
                        NDArray chunked = new CorrespondenceAttention(FRAMES, List.of(correspondences(
                                2 * Math.max(H, W) + 1, N, false)), 0, true).attend(SELF, x[0], x[1], x[2]);
                        NDArray chunkedOwn = attention.attend(SELF, x[0], x[1], x[2]);
                        assertTrue(maxAbs(chunked, expected) < 1e-5, "chunks of " + budget + " bytes: "
                                + maxAbs(chunked, expected));
                        assertTrue(maxAbs(chunkedOwn, dense) < 1e-5, "own frame, chunks of " + budget + " bytes: "
                                + maxAbs(chunkedOwn, dense));
                    } finally {
                        System.clearProperty(CorrespondenceAttention.CHUNK_PROPERTY);
                    }
                }
            }
            return null;
        });
    }

    /**
     * Plain attention of each (group, frame) block's queries over its group's keys and values of every
     * frame followed by those of every other frame: {@code [G·F·heads, N, D]}.
     */
    private static NDArray clipThenOthers(NDArray[] x, int groups) {
        NDArray q = x[0].reshape(groups, FRAMES, HEADS, N, D);
        NDArray k = x[1].reshape(groups, FRAMES, HEADS, N, D);
        NDArray v = x[2].reshape(groups, FRAMES, HEADS, N, D);
        ai.djl.ndarray.NDList out = new ai.djl.ndarray.NDList();
        for (int g = 0; g < groups; g++) {
            for (int f = 0; f < FRAMES; f++) {
                ai.djl.ndarray.NDList keys = new ai.djl.ndarray.NDList(), values = new ai.djl.ndarray.NDList();
                for (int pass = 0; pass < 2; pass++) {
                    for (int o = 0; o < FRAMES; o++) {
                        if (pass == 1 && o == f) {
                            continue;
                        }
                        keys.add(k.get(g).get(o)); // [HEADS, N, D]
                        values.add(v.get(g).get(o));
                    }
                }
                out.add(DotProductAttention.attention(q.get(g).get(f), ai.djl.ndarray.NDArrays.concat(keys, 1),
                        ai.djl.ndarray.NDArrays.concat(values, 1), Long.MAX_VALUE));
            }
        }
        return ai.djl.ndarray.NDArrays.stack(out).reshape((long) groups * FRAMES * HEADS, N, D);
    }

    /** {@code [G·F·heads, N, D]} → each row's keys of every frame of its group: {@code [G·F·heads, F·N, D]}. */
    private static NDArray allFrames(NDArray x, int groups) {
        NDArray perGroup = x.reshape(groups, FRAMES, HEADS, N, D).transpose(0, 2, 1, 3, 4)
                .reshape(groups, 1, HEADS, (long) FRAMES * N, D);
        return perGroup.broadcast(new Shape(groups, FRAMES, HEADS, (long) FRAMES * N, D))
                .reshape((long) groups * FRAMES * HEADS, (long) FRAMES * N, D);
    }

    @Test
    void withThePapersKItChangesTheOutputAndMergingAStillClipChangesNothing() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray[] x = qkv(m, 1, false);
                NDArray plain = DotProductAttention.attention(x[0], x[1], x[2], Long.MAX_VALUE);
                NDArray cga = new CorrespondenceAttention(FRAMES, List.of(correspondences(3, 3, false)), 0, false)
                        .attend(SELF, x[0], x[1], x[2]);
                double changed = maxAbs(cga, plain);
                assertTrue(changed > 0.05, "the correspondence attention changes the output by " + changed);

                NDArray[] still = qkv(m, 1, true);
                List<Correspondences> grid = List.of(correspondences(3, 3, true));
                NDArray unmerged = new CorrespondenceAttention(FRAMES, grid, 0, false).attend(SELF, still[0], still[1], still[2]);
                NDArray merged = new CorrespondenceAttention(FRAMES, grid, 0.5, false).attend(SELF, still[0], still[1], still[2]);
                double mergeDiff = maxAbs(unmerged, merged);
                System.out.printf(Locale.ROOT, "K = 3: max |CGA - per-frame attention| = %.3f; still clip, merged "
                        + "against unmerged: %.2e%n", changed, mergeDiff);
                assertTrue(mergeDiff < 1e-5, "merging equal tokens changed the output by " + mergeDiff);
                // and on a moving clip merging does change it: the merge is not a no-op
                NDArray movingMerged = new CorrespondenceAttention(FRAMES, List.of(correspondences(3, 3, false)), 0.5, false)
                        .attend(SELF, x[0], x[1], x[2]);
                assertTrue(maxAbs(movingMerged, cga) > 1e-4, "merging unequal tokens changed nothing");

                AttentionLayer cross = new AttentionLayer("x.attn2", true, HEADS, D);
                NDArray crossOut = new CorrespondenceAttention(FRAMES, List.of(correspondences(3, 3, false)), 0.5, false)
                        .attend(cross, x[0], x[1], x[2]);
                assertTrue(maxAbs(crossOut, plain) < 1e-6, "cross-attention is left alone");
            }
            return null;
        });
    }
}
