package io.vswap.samples.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vswap.samples.internal.render.Rasterizer;
import io.vswap.samples.internal.render.ShapeGeometry;

/**
 * A rendered sample: square frames of a subject moving over a background, with its ground
 * truth (pose, coverage, mask, named points) on every frame. Immutable; every accessor
 * returns a copy.
 * <p>
 * Coordinates are pixels with x right, y down and pixel centres at integers (as
 * {@code io.vswap.points.api.Position}): pixel {@code (i, j)} covers
 * {@code [i − ½, i + ½] × [j − ½, j + ½]} and the frame spans {@code [−½, size − ½]}.
 * Images are {@code size × size × 3} floats in [0, 1], RGB interleaved, rows top to bottom.
 */
public final class SampleClip {

    private final SampleSpec spec;
    private final int size;
    private final SubjectPose[] poses;
    private final float[][] frames;
    private final float[][] backgrounds;
    private final float[][] coverages;

    SampleClip(SampleSpec spec, int size, SubjectPose[] poses, float[][] frames, float[][] backgrounds,
            float[][] coverages) {
        this.spec = spec;
        this.size = size;
        this.poses = poses;
        this.frames = frames;
        this.backgrounds = backgrounds;
        this.coverages = coverages;
    }

    public SampleSpec spec() {
        return spec;
    }

    /** {@code spec().caption()}, e.g. {@code "a red disc on a blue striped background"}. */
    public String caption() {
        return spec.caption();
    }

    /** Width and height of every frame, pixels. */
    public int size() {
        return size;
    }

    public int frameCount() {
        return frames.length;
    }

    /** Frame {@code f}: RGB floats in [0, 1], interleaved, row-major. */
    public float[] frame(int f) {
        return frames[f].clone();
    }

    /** Frame {@code f} as 8-bit RGB, interleaved, row-major (each value rounded to the nearest of 0–255). */
    public byte[] frameRgb(int f) {
        return toBytes(frames[f]);
    }

    /** Frame {@code f} without the subject. */
    public float[] background(int f) {
        return backgrounds[f].clone();
    }

    /** How much of each pixel of frame {@code f} the subject covers, 0–1 in steps of 1/16 (4 × 4 samples). */
    public float[] coverage(int f) {
        return coverages[f].clone();
    }

    /** The pixels of frame {@code f} the subject covers at least half of. */
    public boolean[] mask(int f) {
        float[] c = coverages[f];
        boolean[] m = new boolean[c.length];
        for (int i = 0; i < c.length; i++) {
            m[i] = c[i] >= 0.5f;
        }
        return m;
    }

    /** Pixels in {@link #mask(int)}. */
    public int area(int f) {
        int n = 0;
        for (float c : coverages[f]) {
            n += c >= 0.5f ? 1 : 0;
        }
        return n;
    }

    /**
     * The mean position {@code {x, y}} of the pixels in {@link #mask(int)} (pixel centres at
     * integers), i.e. of the part of the subject inside the frame.
     */
    public double[] centroid(int f) {
        return centroid(mask(f), size);
    }

    /** The subject's pose on frame {@code f}: its true centre may lie off the mask's centroid when it is partly out. */
    public SubjectPose pose(int f) {
        return poses[f];
    }

    /**
     * Each of {@code spec().shape().pointNames()} (in that order) → per frame
     * {@code {x, y, visible}}, visible 1 when the point lies inside the frame, else 0.
     */
    public Map<String, double[][]> points() {
        List<String> names = spec.shape().pointNames();
        List<double[]> unit = ShapeGeometry.points(spec.shape());
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            double[][] track = new double[poses.length][];
            for (int f = 0; f < poses.length; f++) {
                SubjectPose p = poses[f];
                double c = StrictMath.cos(p.rotation());
                double s = StrictMath.sin(p.rotation());
                double u = unit.get(k)[0];
                double v = unit.get(k)[1];
                double x = p.x() + p.radius() * (c * u - s * v);
                double y = p.y() + p.radius() * (s * u + c * v);
                boolean visible = x >= -0.5 && x <= size - 0.5 && y >= -0.5 && y <= size - 0.5;
                track[f] = new double[] { x, y, visible ? 1 : 0 };
            }
            out.put(names.get(k), track);
        }
        return out;
    }

    /** Whether some part of the subject lies outside the frame on frame {@code f}. */
    public boolean partlyOut(int f) {
        SubjectPose p = poses[f];
        float[] full = Rasterizer.coverage(spec.shape(),
                new SubjectPose(p.x() + size, p.y() + size, p.radius(), p.rotation()), 3 * size, 4);
        double inside = 0;
        for (float c : coverages[f]) {
            inside += c;
        }
        double total = 0;
        for (float c : full) {
            total += c;
        }
        return inside < total - 1e-6;
    }

    static byte[] toBytes(float[] rgb) {
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            float v = rgb[i] < 0 ? 0 : rgb[i] > 1 ? 1 : rgb[i];
            out[i] = (byte) (int) (v * 255f + 0.5f);
        }
        return out;
    }

    static double[] centroid(boolean[] mask, int size) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                if (mask[j * size + i]) {
                    sx += i;
                    sy += j;
                    n++;
                }
            }
        }
        return n == 0 ? new double[] { Double.NaN, Double.NaN } : new double[] { sx / n, sy / n };
    }
}
