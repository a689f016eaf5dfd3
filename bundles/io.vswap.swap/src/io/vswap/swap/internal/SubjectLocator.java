package io.vswap.swap.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_BGD;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_FGD;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_INIT_WITH_MASK;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_PR_BGD;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_PR_FGD;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.grabCut;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import io.vswap.video.api.RgbFrame;

/**
 * Where a subject lies in a frame, at pixel precision: GrabCut (Rother et al. 2004, OpenCV's
 * {@code grabCut}) seeded by the subject word's cross-attention map. The map's cells at or above
 * {@code threshold} of the frame's range are "probably subject",
 * the cells within {@code margin} cells of them "probably background", the rest background; the
 * subject is the largest connected part GrabCut keeps as foreground, and its centroid is the
 * answer. Why: the attention map's own centroid lies 1–2 px from a subject's true centroid on the
 * 64×64 sample model (docs/results/2026-11-24-guidance-tiny-model.md, "Where the placement
 * guidance's floor lies"), while GrabCut follows the subject's colours to the pixel.
 */
public final class SubjectLocator {

    /** GrabCut's iterations of its colour models; 5 is OpenCV's samples' choice. */
    private static final int ITERATIONS = 5;

    /** A part smaller than this many pixels is no subject (a speck of a stripe). */
    private static final int MIN_PIXELS = 4;

    private final double threshold;
    private final int margin;

    /**
     * @param threshold share of a frame's attention range that counts as probably subject
     * @param margin cells around the subject cells that may still hold subject
     */
    public SubjectLocator(double threshold, int margin) {
        if (!(threshold > 0 && threshold < 1) || margin < 1) {
            throw new IllegalArgumentException("threshold in (0, 1), margin at least one cell: " + threshold + ", "
                    + margin);
        }
        this.threshold = threshold;
        this.margin = margin;
    }

    /**
     * Per frame, the subject's centroid {x, y} in pixels (pixel centres on integers), or null where
     * none was found (a flat map, no background to learn from, nothing kept).
     *
     * @param map the subject's attention {@code [F·h·w]}, frame-major, on the latent grid
     */
    public double[][] centroids(List<RgbFrame> frames, float[] map, int h, int w) {
        double[][] out = new double[frames.size()][];
        int cells = h * w;
        if (map.length != frames.size() * cells) {
            throw new IllegalArgumentException("a map of " + map.length + " cells for " + frames.size() + " frames of "
                    + h + "x" + w);
        }
        for (int f = 0; f < frames.size(); f++) {
            float[] frameMap = new float[cells];
            System.arraycopy(map, f * cells, frameMap, 0, cells);
            out[f] = centroid(frames.get(f), frameMap, h, w);
        }
        return out;
    }

    /** One frame's subject centroid {x, y} in pixels, or null. */
    public double[] centroid(RgbFrame frame, float[] map, int h, int w) {
        byte[] seed = seed(map, h, w, frame.width(), frame.height());
        if (seed == null) {
            return null;
        }
        try (BytePointer pixels = new BytePointer(frame.rgb());
                Mat image = new Mat(frame.height(), frame.width(), CV_8UC3, pixels);
                BytePointer seedPixels = new BytePointer(seed);
                Mat mask = new Mat(frame.height(), frame.width(), CV_8UC1, seedPixels);
                Mat background = new Mat();
                Mat foreground = new Mat();
                Rect unused = new Rect()) {
            grabCut(image, mask, unused, background, foreground, ITERATIONS, GC_INIT_WITH_MASK);
            byte[] labels = new byte[frame.width() * frame.height()];
            mask.data().get(labels);
            byte[] subject = new byte[labels.length];
            for (int i = 0; i < labels.length; i++) {
                subject[i] = (byte) (labels[i] == GC_FGD || labels[i] == GC_PR_FGD ? 255 : 0);
            }
            return largestPartCentroid(subject, frame.width(), frame.height());
        }
    }

    /** GrabCut's initial mask in pixels, or null where the map marks no subject or leaves no background. */
    byte[] seed(float[] map, int h, int w, int width, int height) {
        // the subject cells, normalised per frame as the latent blend's mask is
        boolean[] subject = LatentBlend.mask(map, 1, threshold);
        byte[] cellLabel = new byte[h * w];
        Arrays.fill(cellLabel, (byte) GC_BGD);
        boolean any = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!subject[y * w + x]) {
                    continue;
                }
                any = true;
                for (int dy = -margin; dy <= margin; dy++) {
                    for (int dx = -margin; dx <= margin; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && xx >= 0 && yy < h && xx < w && cellLabel[yy * w + xx] == GC_BGD) {
                            cellLabel[yy * w + xx] = (byte) GC_PR_BGD;
                        }
                    }
                }
            }
        }
        boolean background = false;
        for (int i = 0; i < cellLabel.length; i++) {
            if (subject[i]) {
                cellLabel[i] = (byte) GC_PR_FGD;
            }
            background |= cellLabel[i] == GC_BGD;
        }
        if (!any || !background) {
            return null;
        }
        byte[] px = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int cy = Math.min(h - 1, y * h / height);
            for (int x = 0; x < width; x++) {
                px[y * width + x] = cellLabel[cy * w + Math.min(w - 1, x * w / width)];
            }
        }
        return px;
    }

    private static double[] largestPartCentroid(byte[] subject, int width, int height) {
        try (BytePointer data = new BytePointer(subject);
                Mat binary = new Mat(height, width, CV_8UC1, data);
                Mat labels = new Mat();
                Mat stats = new Mat();
                Mat centres = new Mat()) {
            int parts = connectedComponentsWithStats(binary, labels, stats, centres);
            IntBuffer st = stats.createBuffer();
            DoubleBuffer c = centres.createBuffer();
            int columns = stats.cols();
            int best = -1;
            int bestArea = MIN_PIXELS - 1;
            for (int k = 1; k < parts; k++) { // label 0 is the background
                int area = st.get(k * columns + 4); // CC_STAT_AREA
                if (area > bestArea) {
                    best = k;
                    bestArea = area;
                }
            }
            return best < 0 ? null : new double[] { c.get(best * 2), c.get(best * 2 + 1) };
        }
    }
}
