package io.vswap.points.internal.tracking;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

/** One call of OpenCV's pyramidal Lucas–Kanade for a batch of points. */
final class LkFlow {

    /** 21×21 window, 3 pyramid levels above the image: motions up to ~80 px per frame. */
    static final int WINDOW = 21;
    static final int LEVELS = 3;
    /** Sub-pixel stop: 30 iterations or a step under 0.01 px. */
    private static final int ITERATIONS = 30;
    private static final double EPSILON = 0.01;

    private LkFlow() {
    }

    /** Result of tracking n points: positions, OpenCV's status and its error (mean abs. difference per pixel). */
    record Result(float[] x, float[] y, boolean[] found, float[] error) {
    }

    static Result track(Mat from, Mat to, float[] x, float[] y, int n) {
        float[] ox = new float[n];
        float[] oy = new float[n];
        boolean[] ok = new boolean[n];
        float[] err = new float[n];
        if (n == 0) {
            return new Result(ox, oy, ok, err);
        }
        try (Mat prev = new Mat(n, 1, CV_32FC2);
                Mat next = new Mat();
                Mat status = new Mat();
                Mat error = new Mat();
                Size win = new Size(WINDOW, WINDOW);
                TermCriteria crit = new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, ITERATIONS, EPSILON)) {
            try (FloatIndexer pi = prev.createIndexer()) {
                for (int i = 0; i < n; i++) {
                    pi.put(i, 0, 0, x[i]);
                    pi.put(i, 0, 1, y[i]);
                }
            }
            opencv_video.calcOpticalFlowPyrLK(from, to, prev, next, status, error, win, LEVELS, crit, 0, 1e-4);
            try (FloatIndexer ni = next.createIndexer();
                    UByteIndexer si = status.createIndexer();
                    FloatIndexer ei = error.createIndexer()) {
                for (int i = 0; i < n; i++) {
                    ox[i] = ni.get(i, 0, 0);
                    oy[i] = ni.get(i, 0, 1);
                    ok[i] = si.get(i, 0) != 0 && Float.isFinite(ox[i]) && Float.isFinite(oy[i]);
                    err[i] = ei.get(i, 0);
                }
            }
        }
        return new Result(ox, oy, ok, err);
    }
}
