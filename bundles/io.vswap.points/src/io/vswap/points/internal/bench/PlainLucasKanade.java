package io.vswap.points.internal.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

import io.vswap.points.api.Position;
import io.vswap.points.api.Trajectory;
import io.vswap.video.api.RgbFrame;

/**
 * The reference the tracker is measured against: OpenCV's pyramidal Lucas–Kanade as it comes
 * (21×21 window, 3 levels, frame to frame from frame 0), a point visible while OpenCV's status
 * says found; a point it loses stays where it was lost, not visible (plain LK has no
 * re-detection).
 */
public final class PlainLucasKanade {

    private PlainLucasKanade() {
    }

    public static List<Trajectory> track(List<RgbFrame> frames, List<Position> starts) {
        int n = frames.size();
        int k = starts.size();
        double[][] x = new double[k][n];
        double[][] y = new double[k][n];
        boolean[][] vis = new boolean[k][n];
        boolean[] alive = new boolean[k];
        for (int i = 0; i < k; i++) {
            x[i][0] = starts.get(i).x();
            y[i][0] = starts.get(i).y();
            vis[i][0] = true;
            alive[i] = true;
        }
        Mat prev = grey(frames.get(0));
        try (Size win = new Size(21, 21);
                TermCriteria crit = new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 30, 0.01)) {
            for (int f = 1; f < n; f++) {
                Mat next = grey(frames.get(f));
                try (Mat from = new Mat(k, 1, CV_32FC2); Mat to = new Mat(); Mat status = new Mat();
                        Mat err = new Mat()) {
                    try (FloatIndexer fi = from.createIndexer()) {
                        for (int i = 0; i < k; i++) {
                            fi.put(i, 0, 0, (float) x[i][f - 1]);
                            fi.put(i, 0, 1, (float) y[i][f - 1]);
                        }
                    }
                    opencv_video.calcOpticalFlowPyrLK(prev, next, from, to, status, err, win, 3, crit, 0, 1e-4);
                    try (FloatIndexer ti = to.createIndexer(); UByteIndexer si = status.createIndexer()) {
                        for (int i = 0; i < k; i++) {
                            alive[i] &= si.get(i, 0) != 0;
                            x[i][f] = alive[i] ? ti.get(i, 0, 0) : x[i][f - 1];
                            y[i][f] = alive[i] ? ti.get(i, 0, 1) : y[i][f - 1];
                            vis[i][f] = alive[i];
                        }
                    }
                } finally {
                    prev.close();
                    prev = next;
                }
            }
        } finally {
            prev.close();
        }
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new Trajectory(x[i], y[i], vis[i], new float[n]));
        }
        return out;
    }

    /** The frame in grey (BT.601 luma), as OpenCV's trackers take it. */
    static Mat grey(RgbFrame f) {
        byte[] rgb = f.rgb();
        byte[] g = new byte[f.width() * f.height()];
        for (int p = 0, i = 0; p < g.length; p++, i += 3) {
            g[p] = (byte) Math.round(0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff));
        }
        Mat m = new Mat(f.height(), f.width(), CV_8UC1);
        m.data().put(g);
        return m;
    }
}
