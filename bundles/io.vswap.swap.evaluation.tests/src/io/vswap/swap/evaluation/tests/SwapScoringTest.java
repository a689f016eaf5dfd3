package io.vswap.swap.evaluation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.swap.evaluation.api.SwapTargets;
import io.vswap.video.api.RgbFrame;

/** The scoring on real sample frames with known answers. */
class SwapScoringTest {

    private static final long[] SEEDS = { 1, 2, 3, 4, 5, 6, 7, 8 };

    static List<RgbFrame> frames(SampleClip c) {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < c.frameCount(); f++) {
            out.add(new RgbFrame(f, c.size(), c.size(), c.frameRgb(f)));
        }
        return out;
    }

    @Test
    void theSourceScoredAgainstItsOwnTruthIsPerfect() {
        for (long seed : SEEDS) {
            SampleClip c = SampleWorld.clip(seed, 64, 16);
            SwapScoring.ClipScore s = SwapScoring.score(c, frames(c), c);
            String what = c.caption() + " (seed " + seed + ")";
            assertEquals(1.0, s.shapeFound(), what);
            assertEquals(1.0, s.colourFound(), what);
            assertEquals(1.0, s.shapeAndColour(), what);
            assertEquals(1.0, s.onTrajectory(), what);
            assertTrue(s.meanCentroidError() < 0.05, what + ": " + s.meanCentroidError());
            assertEquals(Double.POSITIVE_INFINITY, s.backgroundPsnr(), what);
            assertEquals(Double.POSITIVE_INFINITY, s.minFramePsnr(), what);
            // its own shape: no source-only outline to keep, and the checker's mask is the truth's but for rims
            assertTrue(Double.isNaN(s.sourceStructure()), what + ": " + s.sourceStructure());
            assertTrue(s.targetIou() > 0.9, what + ": IoU " + s.targetIou());
            // the same frames asked for another shape: colour and position right, shape never
            // (a star, for the round shapes: a disc covers a ring, so nothing of a ring's outline would be its own)
            SubjectShape other = c.spec().shape() == SubjectShape.DISC || c.spec().shape() == SubjectShape.RING
                    ? SubjectShape.STAR
                    : SubjectShape.DISC;
            SwapScoring.ClipScore wrong = SwapScoring.score(c, frames(c), SwapTargets.truth(seed, c, other));
            assertEquals(0.0, wrong.shapeFound(), what);
            assertEquals(0.0, wrong.shapeAndColour(), what);
            assertEquals(1.0, wrong.colourFound(), what);
            // nothing swapped: all of the source's outline the other shape does not share is still there
            assertTrue(wrong.sourceStructure() > 0.95, what + ": kept " + wrong.sourceStructure());
            assertTrue(wrong.targetIou() < 0.85, what + ": IoU " + wrong.targetIou());
        }
    }

    @Test
    void aPerfectSwapAlongTheSamePathScoresAsOne() {
        for (long seed : SEEDS) {
            SampleClip c = SampleWorld.clip(seed, 64, 16);
            SampleSpec s = c.spec();
            SubjectShape target = s.shape() == SubjectShape.SQUARE ? SubjectShape.DISC : SubjectShape.SQUARE;
            SampleClip swapped = SampleWorld.clip(seed, 64, 16,
                    new SampleSpec(target, s.color(), s.pattern(), s.background()));
            SwapScoring.ClipScore k = SwapScoring.score(c, frames(swapped), swapped);
            assertEquals(swapped.mask(0).length, c.mask(0).length);
            String what = c.caption() + " → " + target.word() + " (seed " + seed + ")";
            assertEquals(1.0, k.shapeAndColour(), what);
            // the shapes share their centre; only a part cut off by the frame edge moves the centroid
            int inside = 0;
            for (int f = 0; f < 16; f++) {
                if (!c.partlyOut(f) && !swapped.partlyOut(f)) {
                    inside++;
                    assertTrue(k.frames().get(f).centroidError() < 0.6, what + " frame " + f + ": "
                            + k.frames().get(f).centroidError());
                }
            }
            assertTrue(inside > 0, what);
            // the target drawn exactly: none of the source's own outline kept, the target's mask found
            assertTrue(k.sourceStructure() < 0.05, what + ": kept " + k.sourceStructure());
            assertTrue(k.targetIou() > 0.9, what + ": IoU " + k.targetIou());
            // outside both masks the frames differ only in the anti-aliased rims (coverage below one half)
            assertTrue(k.backgroundPsnr() > 25 && Double.isFinite(k.backgroundPsnr()), what + ": " + k.backgroundPsnr());
        }
    }

    @Test
    void aSwapThatKeepsTheSourceOutlineIsMeasuredAsKeepingIt() {
        // the target drawn, and the source's subject pasted over it: the union of the two outlines,
        // as a swap whose source structure leaked in wholly (the paper's Fig. 8b, at its worst)
        int measured = 0;
        for (long seed : SEEDS) {
            SampleClip c = SampleWorld.clip(seed, 64, 16);
            SubjectShape target = c.spec().shape() == SubjectShape.SQUARE ? SubjectShape.TRIANGLE : SubjectShape.SQUARE;
            SampleClip truth = SwapTargets.truth(seed, c, target);
            List<RgbFrame> leaked = new ArrayList<>();
            for (int f = 0; f < 16; f++) {
                byte[] out = truth.frameRgb(f);
                byte[] src = c.frameRgb(f);
                boolean[] subject = c.mask(f);
                for (int p = 0; p < 64 * 64; p++) {
                    if (subject[p]) {
                        System.arraycopy(src, 3 * p, out, 3 * p, 3);
                    }
                }
                leaked.add(new RgbFrame(f, 64, 64, out));
            }
            SwapScoring.ClipScore k = SwapScoring.score(c, leaked, truth);
            String what = c.caption() + " → " + target.word() + " (seed " + seed + ")";
            assertTrue(k.sourceStructure() > 0.95, what + ": kept " + k.sourceStructure());
            // the IoU is the target's share of the union of the two outlines, frame by frame
            for (int f = 0; f < 16; f++) {
                boolean[] s = c.mask(f);
                boolean[] t = truth.mask(f);
                int inT = 0;
                int union = 0;
                for (int p = 0; p < s.length; p++) {
                    inT += t[p] ? 1 : 0;
                    union += s[p] || t[p] ? 1 : 0;
                }
                if (union > 0 && k.frames().get(f).found()) {
                    measured++;
                    assertEquals(inT / (double) union, k.frames().get(f).targetIou(), 0.06, what + " frame " + f);
                }
            }
        }
        assertTrue(measured > 100, "frames measured: " + measured);
    }

    @Test
    void aShiftedSubjectIsOffTheTrajectoryByTheShift() {
        long seed = 3;
        SampleClip c = SampleWorld.clip(seed, 64, 16);
        List<RgbFrame> shifted = new ArrayList<>();
        int dx = 4;
        for (RgbFrame f : frames(c)) {
            byte[] src = f.rgb();
            byte[] out = src.clone();
            for (int y = 0; y < 64; y++) {
                for (int x = dx; x < 64; x++) {
                    System.arraycopy(src, 3 * (y * 64 + x - dx), out, 3 * (y * 64 + x), 3);
                }
            }
            shifted.add(new RgbFrame(f.index(), 64, 64, out));
        }
        SwapScoring.ClipScore k = SwapScoring.score(c, shifted, c);
        int checked = 0;
        for (int f = 0; f < 16; f++) {
            var p = c.pose(f);
            boolean wellInside = p.x() - 1.3 * p.radius() > 0 && p.x() + 1.3 * p.radius() + dx < 63
                    && p.y() - 1.3 * p.radius() > 0 && p.y() + 1.3 * p.radius() < 63;
            if (wellInside) {
                checked++;
                assertEquals(dx, k.frames().get(f).centroidError(), 0.3, "frame " + f);
                // signed: moved right, not down; the truth it is measured from is the source's centroid
                assertEquals(dx, k.frames().get(f).offsetX(), 0.3, "frame " + f);
                assertEquals(0, k.frames().get(f).offsetY(), 0.3, "frame " + f);
                assertEquals(c.centroid(f)[0], k.frames().get(f).sourceX(), 1e-12, "frame " + f);
                assertFalse(k.frames().get(f).onTrajectory(), "frame " + f);
            }
        }
        assertTrue(checked > 0, "some frames have the subject well inside");
        // the background moved too (by little on the smooth backgrounds, but not by nothing)
        assertTrue(Double.isFinite(k.backgroundPsnr()), "shifted background " + k.backgroundPsnr());
    }

    @Test
    void backgroundPsnrCountsOnlyPixelsOutsideBothMasks() {
        SampleClip c = SampleWorld.clip(5, 64, 16);
        List<RgbFrame> frames = frames(c);
        boolean[] mask = c.mask(0);
        // change one channel of one background pixel far from the subject by 50, and every subject pixel wildly
        byte[] rgb = frames.get(0).rgb();
        int far = -1;
        double[] centre = c.centroid(0);
        double best = -1;
        for (int p = 0; p < 64 * 64; p++) {
            double d = Math.hypot(p % 64 - centre[0], p / 64 - centre[1]);
            if (!mask[p] && d > best && (rgb[3 * p] & 0xff) >= 60) {
                best = d;
                far = p;
            }
        }
        rgb[3 * far] = (byte) ((rgb[3 * far] & 0xff) - 50);
        frames.set(0, new RgbFrame(0, 64, 64, rgb));
        SwapScoring.FrameScore s = SwapScoring.frame(c, 0, frames.get(0), c);
        long background = 0;
        for (boolean m : mask) {
            background += m ? 0 : 1;
        }
        // the checker's mask of the result is (nearly) the truth's; pixels in either mask are left out
        assertEquals(background * 3, s.backgroundValues(), 3 * 8);
        assertEquals(10 * Math.log10(255.0 * 255.0 * s.backgroundValues() / 2500.0), s.backgroundPsnr(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, SwapScoring.psnr(0, 10));
        assertEquals(20 * Math.log10(255 / 5.0), SwapScoring.psnr(25 * 7, 7), 1e-9);
    }

    @Test
    void theFrameToFrameChangeIsSplitAtTheWindowEdgesAndLeavesMissingSubjectsOut() {
        // offsets 0, 0, 3 (a jump into frame 2, a window's first frame), 3, then no subject, then 3
        double[] dx = { 0, 0, 3, 3, Double.NaN, 3 };
        List<SwapScoring.FrameScore> frames = new ArrayList<>();
        for (int f = 0; f < dx.length; f++) {
            boolean found = !Double.isNaN(dx[f]);
            frames.add(new SwapScoring.FrameScore(f, found ? SubjectShape.DISC : null, found ? "red" : null, found,
                    found, 10, 10, dx[f], found ? 0 : Double.NaN, 0, 3, 0, 0, 0, 0));
        }
        SwapScoring.ClipScore score = SwapScoring.summarize(frames);
        SwapScoring.FrameChange c = SwapScoring.frameChange(score, List.of(2));
        assertEquals(3.0, c.atSeams(), 1e-12);
        assertEquals(1, c.seamSteps());
        assertEquals(0.0, c.inside(), 1e-12, "steps 0->1 and 2->3; the steps into and out of frame 4 are left out");
        assertEquals(2, c.insideSteps());
        SwapScoring.FrameChange none = SwapScoring.frameChange(score, List.of());
        assertEquals(0, none.seamSteps());
        assertTrue(Double.isNaN(none.atSeams()));
        assertEquals(1.0, none.inside(), 1e-12);
    }
}
