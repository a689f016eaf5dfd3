package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.synthetic.OcclusionScore;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoFormat;

/**
 * Issue 28: a fast subject (10–25 px a frame, turning and scaling) that a passer-by hides
 * completely for 3–8 frames. The tracker must carry the points through the gap by the set's
 * extrapolated motion and find them again by their look: at least 90 % within 3 px in the
 * frames after the occluder, never a wrong position shown as visible. Several seeds, each with
 * its own motion, occluder speed and gap. The figures are printed.
 */
class OcclusionReacquisitionTest {

    private static final int SIZE = 512;
    private static final int FRAMES = 20;
    private static final int POINTS = 10;
    /** The first frame on which the occluder hides every point. */
    private static final int HIDE_FROM = 5;

    private final PointTracker tracker = TestServices.await(PointTracker.class);

    @TempDir
    Path dir;

    private OcclusionScore run(long seed, int hidden, VideoFormat through) throws Exception {
        SyntheticClip clip = SyntheticClip.renderFast(seed, SIZE, FRAMES, HIDE_FROM, hidden, true);
        List<Position> starts = clip.subjectPoints(POINTS, 18, seed);
        List<RgbFrame> frames = through == null ? clip.frames()
                : SyntheticClips.roundTrip(clip.frames(), through, dir.resolve("fast-" + seed + "." + through.extension()));
        assertEquals(FRAMES, frames.size());
        for (Position p : starts) {
            for (int n = HIDE_FROM; n < HIDE_FROM + hidden; n++) {
                assertTrue(clip.covered(n, clip.truth(n, p)), "the occluder hides every point on frame " + n);
            }
        }
        PointSet tracked = tracker.track(frames, SyntheticClips.placedOnFrame0(starts, FRAMES, SIZE),
                new NullProgressMonitor());
        List<Trajectory> tracks = tracked.points().stream().map(SemanticPoint::trajectory).toList();
        OcclusionScore s = new OcclusionScore();
        s.add(clip, starts, tracks);
        System.out.printf("re-acquisition seed %d, hidden %d frames%s: %s%n", seed, hidden,
                through == null ? "" : " via " + through, s.summary());
        assertEquals(POINTS, s.occludedPoints(), "every point was hidden");
        return s;
    }

    @Test
    void pointsComeBackAfterAFullOcclusionOnLosslessClips() throws Exception {
        OcclusionScore all = new OcclusionScore();
        long[] seeds = { 41, 42, 43, 44 };
        int[] hidden = { 3, 5, 7, 8 };
        for (int k = 0; k < seeds.length; k++) {
            OcclusionScore s = run(seeds[k], hidden[k], null);
            // a wrong position shown as visible is the failure that matters downstream
            assertTrue(s.maxVisibleError() <= OcclusionScore.REACQUIRE_PX, "seed " + seeds[k] + ": " + s.summary());
            assertTrue(s.visibleMean() <= 0.1, "seed " + seeds[k] + ": " + s.summary());
            all.add(s);
        }
        System.out.println("re-acquisition, all lossless clips: " + all.summary());
        assertTrue(all.reacquiredShare() >= 0.9, all.summary());
    }

    @Test
    void pointsComeBackAfterAFullOcclusionThroughH264() throws Exception {
        OcclusionScore all = new OcclusionScore();
        long[] seeds = { 43, 44, 45, 46, 47, 48 };
        int[] hidden = { 7, 8, 4, 6, 8, 3 };
        for (int k = 0; k < seeds.length; k++) {
            OcclusionScore s = run(seeds[k], hidden[k], VideoFormat.H264_MP4);
            // The frames after a large, fast occluder are the encoder's worst (about 24 dB PSNR
            // against 30 dB before it at the writer's 0.2 bit per pixel): a little slack over the
            // 3 px for visible frames there, none for a jump.
            assertTrue(s.maxVisibleError() <= 5, "seed " + seeds[k] + " via H.264: " + s.summary());
            all.add(s);
        }
        System.out.println("re-acquisition, all H.264 clips: " + all.summary());
        assertTrue(all.reacquiredShare() >= 0.9, all.summary());
        assertTrue(all.visibleMean() <= 0.6, all.summary());
    }
}
