package io.vswap.swap.evaluation.api;

import java.util.ArrayList;
import java.util.List;

import io.vswap.eval.api.Psnr;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectShape;
import io.vswap.video.api.RgbFrame;

/**
 * Scores a swap of a sample clip against the clip's ground truth, frame by frame, with the
 * {@link SubjectChecker} told the source's background (issue 6's figures):
 * <ul>
 * <li>is the target shape there, in the source's colour;</li>
 * <li>how far the swapped subject's centroid lies from the source subject's true centroid;</li>
 * <li>background PSNR: result against source over the pixels outside the union of the source's
 * true subject mask and the checker's mask of the result (8-bit values);</li>
 * <li>how much of the source's structure the swap kept, and how well the result covers the target
 * drawn along the source's path (the <em>target truth</em>: the world renders the target shape
 * with the clip's seed, so in the source's pose on every frame, see {@link SwapTargets#truth}).
 * VideoSwap's point patch loss is there to stop the source structure leaking into the swap
 * (§3.4, Fig. 8b); a swap that reads as the target shape can still keep some of the source's
 * outline, which the shape check alone would not show.</li>
 * </ul>
 */
public final class SwapScoring {

    /** Centroid error that counts as "on the source trajectory" at 64×64 (issue 6). */
    public static final double CENTROID_TOLERANCE_PX = 2.0;

    private SwapScoring() {
    }

    /**
     * One frame's figures.
     *
     * @param shape what the checker read (null: no subject found)
     * @param sourceX the source subject's true centroid, px from the left (pixel centres on integers)
     * @param sourceY the same, px from the top
     * @param offsetX result's centroid minus the source's true centroid, px to the right; NaN when no subject was found
     * @param offsetY the same, px down
     * @param backgroundSquaredError sum of squared 8-bit differences over the background pixels (all channels)
     * @param backgroundValues channel values that sum covers (3 per background pixel)
     * @param sourceOnlyPixels pixels of the source's true mask outside the target truth's: the part of the
     *        source's outline the target does not share
     * @param sourceOnlyKept how many of those the result's mask still covers
     * @param targetOverlap pixels in both the result's mask and the target truth's
     * @param targetUnion pixels in either
     */
    public record FrameScore(int frame, SubjectShape shape, String colour, boolean targetShape, boolean sourceColour,
            double sourceX, double sourceY, double offsetX, double offsetY, double backgroundSquaredError,
            long backgroundValues, int sourceOnlyPixels, int sourceOnlyKept, int targetOverlap, int targetUnion) {

        public boolean found() {
            return shape != null;
        }

        /** px from the source's true centroid; NaN when no subject was found. */
        public double centroidError() {
            return Math.hypot(offsetX, offsetY);
        }

        public boolean onTrajectory() {
            return found() && centroidError() <= CENTROID_TOLERANCE_PX;
        }

        /** This frame's background PSNR in dB; infinite when the background is unchanged. */
        public double backgroundPsnr() {
            return psnr(backgroundSquaredError, backgroundValues);
        }

        /** Share of the source-only outline the result kept, 0 (none) to 1; NaN when the target covers the source. */
        public double sourceStructure() {
            return sourceOnlyPixels == 0 ? Double.NaN : sourceOnlyKept / (double) sourceOnlyPixels;
        }

        /** Intersection over union of the result's mask and the target truth's; NaN when both are empty. */
        public double targetIou() {
            return targetUnion == 0 ? Double.NaN : targetOverlap / (double) targetUnion;
        }
    }

    /**
     * A clip's figures.
     *
     * @param shapeFound share of frames showing the target shape (any colour)
     * @param colourFound share of frames whose subject has the source's colour
     * @param shapeAndColour share of frames with both
     * @param onTrajectory share of frames whose subject's centroid is within {@value #CENTROID_TOLERANCE_PX} px
     *        of the source's (a frame without a subject counts as off)
     * @param meanCentroidError mean over frames where a subject was found (NaN if none)
     * @param backgroundPsnr over all frames' background pixels together (infinite when unchanged)
     * @param minFramePsnr the worst frame's
     * @param sourceStructure source-only pixels kept over all frames together (NaN when there are none)
     * @param targetIou mean over frames of the result's IoU with the target truth
     */
    public record ClipScore(List<FrameScore> frames, double shapeFound, double colourFound, double shapeAndColour,
            double onTrajectory, double meanCentroidError, double backgroundPsnr, double minFramePsnr,
            double sourceStructure, double targetIou) {
    }

    /**
     * Scores {@code result}, a swap of {@code source} whose ideal is {@code targetTruth} (the target
     * shape along the source's path; its shape is the target), every frame.
     */
    public static ClipScore score(SampleClip source, List<RgbFrame> result, SampleClip targetTruth) {
        if (result.size() != source.frameCount() || targetTruth.frameCount() != source.frameCount()) {
            throw new IllegalArgumentException("the result has " + result.size() + " frames, the target truth "
                    + targetTruth.frameCount() + ", the source " + source.frameCount());
        }
        List<FrameScore> frames = new ArrayList<>();
        for (int f = 0; f < result.size(); f++) {
            frames.add(frame(source, f, result.get(f), targetTruth));
        }
        return summarize(frames);
    }

    /** Frame {@code f} of a swap result. */
    public static FrameScore frame(SampleClip source, int f, RgbFrame result, SampleClip targetTruth) {
        SubjectShape target = targetTruth.spec().shape();
        int size = source.size();
        if (targetTruth.size() != size) {
            throw new IllegalArgumentException("a " + size + "x" + size + " target truth expected, not "
                    + targetTruth.size());
        }
        if (result.width() != size || result.height() != size) {
            throw new IllegalArgumentException("a " + size + "x" + size + " result frame expected, not "
                    + result.width() + "x" + result.height());
        }
        CheckResult r = SubjectChecker.check(result.toFloatRgb(), size, source.background(f));
        double[] truth = source.centroid(f);
        double dx = Double.NaN;
        double dy = Double.NaN;
        if (r.found()) {
            dx = r.centroid()[0] - truth[0];
            dy = r.centroid()[1] - truth[1];
        }
        boolean[] sourceMask = source.mask(f);
        boolean[] resultMask = r.mask();
        boolean[] targetMask = targetTruth.mask(f);
        int sourceOnly = 0;
        int kept = 0;
        int overlap = 0;
        int union = 0;
        for (int p = 0; p < size * size; p++) {
            if (sourceMask[p] && !targetMask[p]) {
                sourceOnly++;
                kept += resultMask[p] ? 1 : 0;
            }
            overlap += resultMask[p] && targetMask[p] ? 1 : 0;
            union += resultMask[p] || targetMask[p] ? 1 : 0;
        }
        byte[] src = source.frameRgb(f);
        byte[] out = result.rgb();
        double sse = 0;
        long n = 0;
        for (int p = 0; p < size * size; p++) {
            if (sourceMask[p] || resultMask[p]) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                int d = (src[3 * p + c] & 0xff) - (out[3 * p + c] & 0xff);
                sse += d * d;
            }
            n += 3;
        }
        return new FrameScore(f, r.shape(), r.color() == null ? null : r.color().word(),
                r.found() && r.shape() == target, r.found() && r.color() == source.spec().color(), truth[0], truth[1],
                dx, dy, sse, n, sourceOnly, kept, overlap, union);
    }

    /**
     * How much the subject's placement changes from one frame to the next, at the edges of context
     * windows and inside them: the mean of {@code |offset(f) − offset(f − 1)|} (px; the offset is the
     * result's centroid minus the source's true centroid, so the source's own motion cancels) over the
     * steps into the frames listed in {@code seams}, and over the other steps. Steps into or out of a
     * frame without a subject are left out (NaN where none is left). A seam shows as a larger change at
     * the edges than inside.
     *
     * @param seams frames whose step from the previous frame crosses a window's edge
     */
    public record FrameChange(double atSeams, int seamSteps, double inside, int insideSteps) {
    }

    /** {@link FrameChange} of a scored clip. */
    public static FrameChange frameChange(ClipScore score, java.util.Collection<Integer> seams) {
        double edge = 0;
        double in = 0;
        int ne = 0;
        int ni = 0;
        List<FrameScore> f = score.frames();
        for (int i = 1; i < f.size(); i++) {
            if (!f.get(i).found() || !f.get(i - 1).found()) {
                continue;
            }
            double d = Math.hypot(f.get(i).offsetX() - f.get(i - 1).offsetX(), f.get(i).offsetY() - f.get(i - 1).offsetY());
            if (seams.contains(f.get(i).frame())) {
                edge += d;
                ne++;
            } else {
                in += d;
                ni++;
            }
        }
        return new FrameChange(ne == 0 ? Double.NaN : edge / ne, ne, ni == 0 ? Double.NaN : in / ni, ni);
    }

    /** The clip figures of already scored frames. */
    public static ClipScore summarize(List<FrameScore> frames) {
        int n = frames.size();
        int shape = 0;
        int colour = 0;
        int both = 0;
        int on = 0;
        int found = 0;
        double err = 0;
        double sse = 0;
        long values = 0;
        double minPsnr = Double.POSITIVE_INFINITY;
        for (FrameScore s : frames) {
            shape += s.targetShape() ? 1 : 0;
            colour += s.sourceColour() ? 1 : 0;
            both += s.targetShape() && s.sourceColour() ? 1 : 0;
            on += s.onTrajectory() ? 1 : 0;
            if (s.found()) {
                found++;
                err += s.centroidError();
            }
            sse += s.backgroundSquaredError();
            values += s.backgroundValues();
            minPsnr = Math.min(minPsnr, s.backgroundPsnr());
        }
        return new ClipScore(List.copyOf(frames), shape / (double) n, colour / (double) n, both / (double) n,
                on / (double) n, found == 0 ? Double.NaN : err / found, psnr(sse, values), minPsnr,
                sourceStructure(frames), targetIou(frames));
    }

    /** Source-only pixels kept over {@code frames} together; NaN when they have none. */
    private static double sourceStructure(List<FrameScore> frames) {
        long sourceOnly = 0;
        long kept = 0;
        for (FrameScore s : frames) {
            sourceOnly += s.sourceOnlyPixels();
            kept += s.sourceOnlyKept();
        }
        return sourceOnly == 0 ? Double.NaN : kept / (double) sourceOnly;
    }

    /** Mean over {@code frames} of the IoU with the target truth, frames without one left out; NaN if none. */
    private static double targetIou(List<FrameScore> frames) {
        double iou = 0;
        int counted = 0;
        for (FrameScore s : frames) {
            if (!Double.isNaN(s.targetIou())) {
                iou += s.targetIou();
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : iou / counted;
    }

    /** PSNR of 8-bit values from a sum of squared errors over {@code values} values; infinite for no error ({@link Psnr}). */
    public static double psnr(double squaredError, long values) {
        return Psnr.of(squaredError, values);
    }
}
