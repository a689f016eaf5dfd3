package io.vswap.samples.api;

/**
 * What {@link SubjectChecker} read from a frame.
 *
 * @param shape the best-fitting shape, or {@code null} when no subject was found
 * @param color the nearest subject colour by hue, or {@code null} when no subject was found
 * @param centroid mean {@code {x, y}} of the mask's pixels (pixel centres at integers), NaN when none
 * @param mask the subject's pixels, row-major {@code size × size}
 * @param area pixels in the mask
 * @param confidence intersection over union of the mask and the best shape template (clipped to
 *        the frame), 0–1; 0 when no subject was found
 */
public record CheckResult(SubjectShape shape, SubjectColor color, double[] centroid, boolean[] mask, int area,
        double confidence) {

    /** Whether a subject was found. */
    public boolean found() {
        return shape != null;
    }
}
