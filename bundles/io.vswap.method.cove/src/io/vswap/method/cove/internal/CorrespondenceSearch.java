package io.vswap.method.cove.internal;

import java.util.Arrays;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * COVE's sliding-window correspondence search (§3.2, Eq. 7–10): a token of frame i is compared, by
 * cosine similarity of its diffusion feature, only with the tokens of frame i+1 (and i−1) inside an
 * {@code l × l} window around its own cell, and keeps the K most similar. Frames further away are
 * reached by a chain (Eq. 9): the best match in i+1 stands for the token when searching i+2, and so
 * on, so the cost is {@code O((N−1)·H·W·l²·d)} instead of the full {@code O(N²·H²·W²·d)} of Eq. 5.
 */
public final class CorrespondenceSearch {

    private final int window;
    private final int topK;

    /**
     * @param window l, odd: the side of the search window in cells
     * @param topK K: tokens kept per frame
     */
    public CorrespondenceSearch(int window, int topK) {
        if (window < 1 || window % 2 == 0 || topK < 1) {
            throw new IllegalArgumentException("the window's side is odd and positive, K positive: " + window + ", " + topK);
        }
        this.window = window;
        this.topK = topK;
    }

    /**
     * The correspondences of every token of {@code features}.
     *
     * @param features {@code [frames, channels, height, width]}, row-major (need not be normalised)
     * @param monitor checked for cancellation once per frame pair; may be null
     */
    public Correspondences search(float[] features, int frames, int channels, int height, int width,
            IProgressMonitor monitor) {
        int n = height * width;
        if (features.length != (long) frames * channels * n) {
            throw new IllegalArgumentException(features.length + " feature values for " + frames + " frames of "
                    + channels + "x" + height + "x" + width);
        }
        float[][][] tokens = normalisedTokens(features, frames, channels, n);
        // Eq. 8 both ways: next[f] are frame f's matches in f+1, previous[f] in f−1
        int[][] next = new int[frames][];
        int[][] previous = new int[frames][];
        for (int f = 0; f + 1 < frames; f++) {
            if (monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            next[f] = matches(tokens[f], tokens[f + 1], channels, height, width);
            previous[f + 1] = matches(tokens[f + 1], tokens[f], channels, height, width);
        }
        Correspondences shape = new Correspondences(frames, height, width, topK,
                new int[frames * n * (frames - 1) * topK]);
        int[] index = shape.index();
        int per = shape.perToken();
        for (int f = 0; f < frames; f++) {
            for (int p = 0; p < n; p++) {
                int base = (f * n + p) * per;
                // Eq. 9: walk forward and backward along the best match, taking K at each frame
                chain(next, f, p, +1, frames, n, shape, index, base);
                chain(previous, f, p, -1, frames, n, shape, index, base);
            }
        }
        return shape;
    }

    private void chain(int[][] matches, int f, int p, int direction, int frames, int n, Correspondences shape,
            int[] index, int base) {
        int at = p;
        for (int j = f + direction; j >= 0 && j < frames; j += direction) {
            int[] m = matches[j - direction];
            int from = at * topK;
            for (int k = 0; k < topK; k++) {
                int q = m[from + k];
                index[base + shape.slot(f, j, k)] = q < 0 ? -1 : j * n + q;
            }
            at = m[from]; // the best match always exists: a window holds at least its centre
        }
    }

    /** Per token of {@code a}, its K best tokens of {@code b} in the window around its cell, best first (-1: none). */
    int[] matches(float[][] a, float[][] b, int channels, int height, int width) {
        int half = window / 2;
        int n = height * width;
        int[] out = new int[n * topK];
        Arrays.fill(out, -1);
        float[] best = new float[topK];
        int[] which = new int[topK];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                Arrays.fill(best, Float.NEGATIVE_INFINITY);
                Arrays.fill(which, -1);
                float[] t = a[p];
                for (int yy = Math.max(0, y - half); yy <= Math.min(height - 1, y + half); yy++) {
                    for (int xx = Math.max(0, x - half); xx <= Math.min(width - 1, x + half); xx++) {
                        int q = yy * width + xx;
                        float s = dot(t, b[q], channels);
                        insert(best, which, s, q);
                    }
                }
                System.arraycopy(which, 0, out, p * topK, topK);
            }
        }
        return out;
    }

    /** Keeps {@code best} sorted descending; ties keep the earlier token (scan order), so results are reproducible. */
    private static void insert(float[] best, int[] which, float s, int q) {
        int k = best.length;
        if (!(s > best[k - 1])) {
            return;
        }
        int i = k - 1;
        while (i > 0 && s > best[i - 1]) {
            best[i] = best[i - 1];
            which[i] = which[i - 1];
            i--;
        }
        best[i] = s;
        which[i] = q;
    }

    private static float dot(float[] a, float[] b, int c) {
        float s = 0;
        for (int i = 0; i < c; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Per frame, per token, its feature vector of unit length (cosine similarity becomes a dot product). */
    private static float[][][] normalisedTokens(float[] features, int frames, int channels, int n) {
        float[][][] out = new float[frames][n][channels];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                int off = (f * channels + c) * n;
                for (int p = 0; p < n; p++) {
                    out[f][p][c] = features[off + p];
                }
            }
            for (int p = 0; p < n; p++) {
                float[] v = out[f][p];
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
                for (int c = 0; c < channels; c++) {
                    v[c] *= inv;
                }
            }
        }
        return out;
    }
}
