package io.vswap.samples.api;

import io.vswap.samples.internal.check.UnseenFinder;

/**
 * Whether a frame shows one of the {@link UnseenSubject}s, and where: the pixels near its colours,
 * largest connected part, must have the subject's shape (intersection over union with its
 * template, fitted in place, scale and turn, at least {@value #MIN_IOU}, and better than any of the
 * world's shapes fits it), hold each of its colours
 * (at least {@value #MIN_SHARE} each, in parts of their own: the two halves' centroids at least
 * {@value #MIN_PART_SEPARATION} radii apart). Checked on rendered truth with blur and noise over the world's
 * backgrounds, and against the world's own subjects (never taken for one of these).
 */
public final class UnseenSubjectChecker {

    /** The shape's fit a subject needs. */
    public static final double MIN_IOU = 0.6;
    /** Each colour's share a many-coloured subject needs. */
    public static final double MIN_SHARE = 0.2;
    /** How far apart a many-coloured subject's colour parts lie, in radii (a hexagon's halves: about 0.8). */
    public static final double MIN_PART_SEPARATION = 0.3;

    private UnseenSubjectChecker() {
    }

    /**
     * What the check saw.
     *
     * @param found whether the frame shows the subject
     * @param centroid the subject's centroid {x, y}, pixels; NaN when no candidate was found
     * @param mask its pixels (of the candidate, found or not)
     * @param area its pixel count
     * @param shapeIou the shape's fit
     * @param colourShares each colour's share of the pixels
     */
    public record Result(boolean found, double[] centroid, boolean[] mask, int area, double shapeIou,
            double[] colourShares) {
    }

    /** With nothing known but the frame (RGB in [0, 1], {@code size × size × 3}). */
    public static Result check(float[] frame, int size, UnseenSubject subject) {
        return check(frame, size, subject, null);
    }

    /** With the frame's background known (an edit that kept the source's background): pixels on it are not the subject. */
    public static Result check(float[] frame, int size, UnseenSubject subject, float[] knownBackground) {
        if (frame.length != size * size * 3 || knownBackground != null && knownBackground.length != frame.length) {
            throw new IllegalArgumentException("a " + size + "×" + size + " frame and background need " + size * size * 3
                    + " floats each");
        }
        UnseenFinder.Found f = UnseenFinder.find(frame, size, subject.colours(), subject.template(), knownBackground);
        if (f.fit() == null) {
            return new Result(false, new double[] { Double.NaN, Double.NaN }, f.mask(), 0, 0, f.shares());
        }
        boolean colours = true;
        for (double s : f.shares()) {
            colours &= f.shares().length == 1 || s >= MIN_SHARE;
        }
        if (f.shares().length > 1 && colours) {
            // the colours lie in parts of their own (two halves), not mixed pixel by pixel
            double[] a = f.colourCentroids()[0];
            double[] b = f.colourCentroids()[1];
            colours = Math.hypot(a[0] - b[0], a[1] - b[1]) >= MIN_PART_SEPARATION * f.fit().radius();
        }
        // its own shape must fit better than any of the world's (a cyan disc is no crescent)
        boolean shape = f.fit().iou() >= MIN_IOU && f.fit().iou() > SubjectChecker.bestWorldFit(f.mask(), size);
        boolean found = colours && shape;
        return new Result(found, SampleClip.centroid(f.mask(), size), f.mask(), f.area(), f.fit().iou(), f.shares());
    }
}
