package io.vswap.eval.internal.metrics;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

import io.vswap.video.api.RgbFrame;

/**
 * Dense optical flow between two frames: OpenCV's DIS (Kroeger et al. 2016, its "medium" preset)
 * on the frames' luma. Warp error reads the source's motion with it.
 */
final class DenseFlow implements AutoCloseable {

    private final DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);

    /**
     * The flow from {@code from} to {@code to}: for each pixel of {@code from}, where it went in
     * {@code to}, {@code (dx, dy)} interleaved, rows top to bottom.
     */
    float[] flow(RgbFrame from, RgbFrame to) {
        try (Mat a = grey(from); Mat b = grey(to); Mat flow = new Mat()) {
            dis.calc(a, b, flow);
            if (!flow.isContinuous() || flow.rows() != from.height() || flow.cols() != from.width()) {
                throw new IllegalStateException("OpenCV's flow came back as " + flow.cols() + "×" + flow.rows());
            }
            float[] out = new float[from.width() * from.height() * 2];
            try (FloatPointer data = new FloatPointer(flow.data())) {
                data.get(out);
            }
            return out;
        }
    }

    private static Mat grey(RgbFrame f) {
        float[] g = f.luma();
        byte[] b = new byte[g.length];
        for (int i = 0; i < g.length; i++) {
            b[i] = (byte) Math.min(255, Math.round(g[i]));
        }
        Mat m = new Mat(f.height(), f.width(), CV_8UC1);
        m.data().put(b);
        return m;
    }

    @Override
    public void close() {
        dis.close();
    }
}
