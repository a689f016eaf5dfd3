package io.vswap.samples.internal.render;

import io.vswap.samples.api.SubjectPose;
import io.vswap.samples.api.SubjectShape;

/**
 * Per-pixel coverage of a posed shape by supersampling the analytic inside test on a regular
 * grid inside each pixel. Pixel centres are at integer coordinates, so pixel {@code (i, j)}
 * covers {@code [i − ½, i + ½] × [j − ½, j + ½]}.
 */
public final class Rasterizer {

    private Rasterizer() {
    }

    /**
     * @param samples samples per pixel side ({@code samples²} per pixel); 1 samples the centre
     * @return coverage in [0, 1], row-major {@code size × size}; pixels outside the shape's
     *         bounding box are 0
     */
    public static float[] coverage(SubjectShape shape, SubjectPose pose, int size, int samples) {
        return coverage(ShapeTemplate.of(shape), pose, size, samples);
    }

    /** {@link #coverage(SubjectShape, SubjectPose, int, int)} of any template. */
    public static float[] coverage(ShapeTemplate shape, SubjectPose pose, int size, int samples) {
        float[] out = new float[size * size];
        double c = StrictMath.cos(pose.rotation());
        double s = StrictMath.sin(pose.rotation());
        double inv = 1.0 / pose.radius();
        double reach = shape.maxExtent() * pose.radius() + 1;
        int x0 = Math.max(0, (int) Math.floor(pose.x() - reach));
        int x1 = Math.min(size - 1, (int) Math.ceil(pose.x() + reach));
        int y0 = Math.max(0, (int) Math.floor(pose.y() - reach));
        int y1 = Math.min(size - 1, (int) Math.ceil(pose.y() + reach));
        double step = 1.0 / samples;
        float perSample = 1f / (samples * samples);
        for (int j = y0; j <= y1; j++) {
            for (int i = x0; i <= x1; i++) {
                int hits = 0;
                for (int sy = 0; sy < samples; sy++) {
                    double dy = j - 0.5 + (sy + 0.5) * step - pose.y();
                    for (int sx = 0; sx < samples; sx++) {
                        double dx = i - 0.5 + (sx + 0.5) * step - pose.x();
                        // inverse rotation into the unit shape's frame
                        double u = (c * dx + s * dy) * inv;
                        double v = (-s * dx + c * dy) * inv;
                        if (shape.contains(u, v)) {
                            hits++;
                        }
                    }
                }
                out[j * size + i] = hits * perSample;
            }
        }
        return out;
    }
}
