package io.vswap.samples.api;

import io.vswap.samples.internal.check.Segmentation;
import io.vswap.samples.internal.check.ShapeFit;

/**
 * Reads a frame back: which shape of which colour it shows, and where. Used to score what a
 * model generated against what was asked for, and to check the generator against itself.
 * Frames are {@code size × size × 3} floats in [0, 1], RGB interleaved, row-major.
 */
public final class SubjectChecker {

    private SubjectChecker() {
    }

    /**
     * With the frame's background known: the subject is what differs from it (colour fitted
     * against the subject palette; mask where the subject covers at least half a pixel).
     */
    public static CheckResult check(float[] frame, int size, float[] knownBackground) {
        requireSize(frame, size, "frame");
        requireSize(knownBackground, size, "background");
        return classify(Segmentation.againstBackground(frame, knownBackground, size), size);
    }

    /**
     * With nothing known but the frame (e.g. a frame a model generated, blurry and with
     * approximate colours): the subject is the largest connected part of the pixels much more
     * colourful than the muted background; its colour is the subject colour nearest in hue.
     */
    public static CheckResult check(float[] frame, int size) {
        requireSize(frame, size, "frame");
        return classify(Segmentation.byColour(frame, size), size);
    }

    private static CheckResult classify(Segmentation.Found found, int size) {
        if (found == null) {
            return new CheckResult(null, null, new double[] { Double.NaN, Double.NaN }, new boolean[size * size], 0,
                    0);
        }
        boolean[] mask = found.mask();
        double[] centroid = SampleClip.centroid(mask, size);
        int area = 0;
        for (boolean b : mask) {
            area += b ? 1 : 0;
        }
        ShapeFit.Fit fit = new ShapeFit(mask, size).best(centroid[0], centroid[1]);
        return new CheckResult(fit.shape(), found.color(), centroid, mask, area, fit.iou());
    }

    /** The best IoU any of the world's shapes reaches on {@code mask}. */
    static double bestWorldFit(boolean[] mask, int size) {
        double[] c = SampleClip.centroid(mask, size);
        return new ShapeFit(mask, size).best(c[0], c[1]).iou();
    }

    private static void requireSize(float[] rgb, int size, String what) {
        if (rgb.length != size * size * 3) {
            throw new IllegalArgumentException(
                    "a " + size + "×" + size + " " + what + " needs " + size * size * 3 + " floats, not " + rgb.length);
        }
    }
}
