package io.vswap.method.cove.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vswap.method.cove.internal.CorrespondenceSearch;
import io.vswap.method.cove.internal.Correspondences;

/**
 * The sliding-window search (Eq. 7–10) on a synthetic moving pattern whose true correspondence is
 * known: a random feature field translated by a fixed step each frame, so token (y, x) of frame f is
 * token (y + j·dy, x + j·dx) of frame f + j. The best match must be that token for every interior
 * token, near and far frames alike (Eq. 9's chain), forward and backward; the window must bound the
 * search (a step larger than half the window is not found).
 */
class CorrespondenceSearchTest {

    private static final int FRAMES = 6, H = 12, W = 14, C = 16, DY = 1, DX = 2;

    /** A field of random features, frame f the field shifted by (f·dy, f·dx), fresh random features where it enters. */
    private static float[] movingPattern(int dy, int dx) {
        int bigH = H + FRAMES * Math.abs(dy), bigW = W + FRAMES * Math.abs(dx);
        Random r = new Random(5);
        float[][] field = new float[bigH * bigW][C];
        for (float[] v : field) {
            for (int c = 0; c < C; c++) {
                v[c] = (float) r.nextGaussian();
            }
        }
        float[] out = new float[FRAMES * C * H * W];
        for (int f = 0; f < FRAMES; f++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    // the content at (y, x) of frame 0 sits at (y + f·dy, x + f·dx) of frame f
                    float[] v = field[(y - f * dy + FRAMES * Math.abs(dy)) * bigW + (x - f * dx + FRAMES * Math.abs(dx))];
                    for (int c = 0; c < C; c++) {
                        out[((f * C + c) * H + y) * W + x] = v[c];
                    }
                }
            }
        }
        return out;
    }

    @Test
    void findsTheKnownMotionNearAndFarForwardAndBackward() {
        Correspondences c = new CorrespondenceSearch(9, 3).search(movingPattern(DY, DX), FRAMES, C, H, W, null);
        assertEquals((FRAMES - 1) * 3, c.perToken());
        int checked = 0;
        for (int f = 0; f < FRAMES; f++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int j = 0; j < FRAMES; j++) {
                        int ty = y + (j - f) * DY, tx = x + (j - f) * DX;
                        if (j == f || ty < 0 || ty >= H || tx < 0 || tx >= W) {
                            continue; // off the frame: no true match to find
                        }
                        int best = c.of(f, y * W + x, j, 0);
                        assertEquals(j, best / c.tokens(), "frame of the match");
                        assertArrayEquals(new int[] { ty, tx }, c.cell(best), "frame " + f + " (" + y + "," + x
                                + ") in frame " + j);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1000, checked + " checks");
    }

    @Test
    void keepsKDistinctTokensPerFrameAllInsideTheWindowOfTheChain() {
        Correspondences c = new CorrespondenceSearch(5, 3).search(movingPattern(DY, DX), FRAMES, C, H, W, null);
        for (int f = 0; f < FRAMES; f++) {
            for (int p = 0; p < H * W; p++) {
                for (int j = 0; j < FRAMES; j++) {
                    if (j == f) {
                        continue;
                    }
                    Set<Integer> seen = new HashSet<>();
                    int[] anchor = c.cell(c.of(f, p, j, 0));
                    for (int k = 0; k < 3; k++) {
                        int t = c.of(f, p, j, k);
                        assertTrue(t >= 0, "a 5x5 window always holds 3 tokens");
                        assertTrue(seen.add(t), "K distinct tokens");
                        int[] cell = c.cell(t);
                        // Eq. 9: the K tokens of frame j lie in the window around the chain's token of frame j∓1,
                        // so within two windows' reach of the best one
                        assertTrue(Math.abs(cell[0] - anchor[0]) <= 4 && Math.abs(cell[1] - anchor[1]) <= 4);
                    }
                }
            }
        }
    }

    @Test
    void aStepBeyondTheWindowIsNotFound() {
        // a step of 2 columns lies outside a 3x3 window: the search cannot see it, as the paper's l bounds it
        Correspondences c = new CorrespondenceSearch(3, 1).search(movingPattern(DY, DX), FRAMES, C, H, W, null);
        int[] cell = c.cell(c.of(0, 5 * W + 5, 1, 0));
        assertTrue(Math.abs(cell[1] - 5) <= 1, "found column " + cell[1] + " within the window, not 7");
    }
}
