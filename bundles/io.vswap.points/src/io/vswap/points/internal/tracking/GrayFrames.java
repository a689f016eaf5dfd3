package io.vswap.points.internal.tracking;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

import io.vswap.video.api.RgbFrame;

/**
 * A clip's frames in grayscale, once: as OpenCV images for Lucas–Kanade and as Java floats for
 * the appearance checks (sampled point by point, cheaper in Java than through JNI).
 */
final class GrayFrames implements AutoCloseable {

    final int width;
    final int height;
    private final List<Mat> mats = new ArrayList<>();
    private final List<float[]> floats = new ArrayList<>();

    GrayFrames(List<RgbFrame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to track through");
        }
        width = frames.get(0).width();
        height = frames.get(0).height();
        try {
            for (RgbFrame f : frames) {
                if (f.width() != width || f.height() != height) {
                    throw new IllegalArgumentException("frame " + f.index() + " is " + f.width() + "x" + f.height()
                            + " but the first is " + width + "x" + height + "; a clip's frames share one size");
                }
                float[] g = f.luma();
                byte[] g8 = new byte[g.length];
                for (int p = 0; p < g.length; p++) {
                    g8[p] = (byte) Math.min(255, Math.round(g[p]));
                }
                Mat m = new Mat(height, width, CV_8UC1);
                m.data().put(g8);
                mats.add(m);
                floats.add(g);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int count() {
        return mats.size();
    }

    Mat mat(int frame) {
        return mats.get(frame);
    }

    float[] gray(int frame) {
        return floats.get(frame);
    }

    /** Bilinear sample; clamps at the border. */
    float sample(int frame, double x, double y) {
        float[] g = floats.get(frame);
        double cx = Math.max(0, Math.min(width - 1.001, x));
        double cy = Math.max(0, Math.min(height - 1.001, y));
        int x0 = (int) cx;
        int y0 = (int) cy;
        float fx = (float) (cx - x0);
        float fy = (float) (cy - y0);
        int i = y0 * width + x0;
        float top = g[i] + fx * (g[i + 1] - g[i]);
        float bottom = g[i + width] + fx * (g[i + width + 1] - g[i + width]);
        return top + fy * (bottom - top);
    }

    boolean inside(double x, double y, double margin) {
        return x >= margin && y >= margin && x <= width - 1 - margin && y <= height - 1 - margin;
    }

    @Override
    public void close() {
        for (Mat m : mats) {
            m.close();
        }
        mats.clear();
        floats.clear();
    }
}
