package io.vswap.points.internal.tracking;

import java.util.List;

import io.vswap.points.api.Keyframe;

/**
 * Joins a forward and a backward pass into one track that hits every keyframe exactly: on a
 * frame n between keyframes a and b the position is {@code (b−n)/(b−a)·F(n) + (n−a)/(b−a)·B(n)}
 * (F forward from a, B backward from b), so each keyframe's own track dominates near it and
 * the drift of either is spread over the span. Before the first keyframe only the backward
 * pass exists, after the last only the forward one. Where one pass has lost the point and
 * the other still sees it, the one that sees it wins.
 */
final class SpanBlend {

    private SpanBlend() {
    }

    /** Writes frames {@code lo..hi} of track {@code fi}/{@code bi} of the passes into the output arrays. */
    static void blend(List<Keyframe> keys, Sweep forward, int fi, Sweep backward, int bi, int lo, int hi, double[] x,
            double[] y, boolean[] visible, float[] confidence) {
        for (int n = lo; n <= hi; n++) {
            Keyframe a = null;
            Keyframe b = null;
            for (Keyframe k : keys) {
                if (k.frame() <= n) {
                    a = k;
                }
                if (k.frame() >= n && b == null) {
                    b = k;
                }
            }
            if (a != null && a == b) {
                x[n] = a.x();
                y[n] = a.y();
                visible[n] = true;
                confidence[n] = 1f;
                continue;
            }
            double wf = a == null ? 0 : b == null ? 1 : (double) (b.frame() - n) / (b.frame() - a.frame());
            double wb = 1 - wf;
            boolean vf = wf > 0 && forward.visible[fi][n];
            boolean vb = wb > 0 && backward.visible[bi][n];
            if (vf != vb) {
                // only one pass sees the point: take that one
                wf = vf ? 1 : 0;
                wb = 1 - wf;
            }
            double fx = wf > 0 ? forward.x[fi][n] : 0;
            double fy = wf > 0 ? forward.y[fi][n] : 0;
            double bx = wb > 0 ? backward.x[bi][n] : 0;
            double by = wb > 0 ? backward.y[bi][n] : 0;
            x[n] = wf * fx + wb * bx;
            y[n] = wf * fy + wb * by;
            visible[n] = vf || vb;
            float cf = wf > 0 ? forward.confidence[fi][n] : 0;
            float cb = wb > 0 ? backward.confidence[bi][n] : 0;
            confidence[n] = (float) Math.max(0, Math.min(1, wf * cf + wb * cb));
        }
    }
}
