package io.vswap.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricResult;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/** Warp error (real OpenCV flow) and trajectory error (the real point tracker) on clips that move. */
class TemporalMetricsTest {

    private static Map<String, Metric> metrics;

    @BeforeAll
    static void services() {
        metrics = TestServices.awaitKeyed(Metric.class, Metric::id, "warp-error", "motion-alignment");
    }

    @Test
    void warpErrorOfAnEditThatFollowsTheMotionIsTheSourcesOwnAndFlickerRaisesIt() {
        List<RgbFrame> source = Frames.panning(6, 1.0, 0.5);
        Metric warp = metrics.get("warp-error");
        MetricResult same = warp.measure(EvaluationInput.of("same", source, source), new NullProgressMonitor());
        assertTrue(Double.isNaN(same.perFrame()[0]));
        double floor = number(same.notes(), "the source's own warp error \\(for scale\\): ([0-9.]+)");
        assertEquals(floor, same.summary(), 1e-5, "an edit that is the source scores the source's own");
        assertTrue(number(same.notes(), "the flow follows ([0-9]+) %") >= 80, same.notes().toString());
        assertTrue(floor < 0.002, "the flow follows a smooth pan: " + floor);
        // a frame-by-frame edit's brightness jumps: each frame raised by another amount
        List<RgbFrame> jumpy = Frames.shifted(source, (f, p) -> new int[] { 0, 9, -7, 6, -9, 8 }[f]);
        MetricResult flickering = warp.measure(EvaluationInput.of("jumpy", source, jumpy), new NullProgressMonitor());
        assertTrue(flickering.summary() > 10 * floor, flickering.summary() + " vs " + floor);
    }

    @Test
    void trajectoryErrorIsSmallWhenTheNewSubjectMovesAsTheOldAndGrowsWhenItStays() {
        List<RgbFrame> bg = Frames.panning(Frames.PATCH_FRAMES, 0, 0);
        List<RgbFrame> source = Frames.withPatch(bg, Frames.moving());
        Metric motion = metrics.get("motion-alignment");
        EvaluationInput follows = EvaluationInput.of("follows", source, source).withPoints(Frames.patchPoints("clip"),
                PointEdit.unchanged("none"));
        MetricResult good = motion.measure(follows, new NullProgressMonitor());
        assertTrue(good.summary() < 0.5, "tracked on the result as on the source: " + good.summary());
        int[][] still = new int[Frames.PATCH_FRAMES][];
        for (int f = 0; f < Frames.PATCH_FRAMES; f++) {
            still[f] = Frames.moving()[0];
        }
        EvaluationInput stays = EvaluationInput.of("stays", source, Frames.withPatch(bg, still)).withPoints(Frames.patchPoints("clip"),
                PointEdit.unchanged("none"));
        MetricResult bad = motion.measure(stays, new NullProgressMonitor());
        // frame f is off by f·√5 px: the mean over 8 frames is 3.5·√5 ≈ 7.8 px
        assertTrue(bad.summary() > 5, "a subject that does not move strays: " + bad.summary());
        assertTrue(Double.isNaN(bad.perFrame()[0]), "the keyframe, where the points are placed, measures nothing");

        // points the source's tracker lost after their keyframe give nothing to compare with: said, not 0 px
        PointSet lost = PointSet.empty("clip", Frames.PATCH_FRAMES, Frames.W, Frames.H);
        for (SemanticPoint p : Frames.patchPoints("clip").points()) {
            Trajectory t = p.tracked().orElseThrow();
            boolean[] v = new boolean[Frames.PATCH_FRAMES];
            v[0] = true;
            lost = lost.withPoint(p.withTrajectory(new Trajectory(t.xs(), t.ys(), v, t.confidences())));
        }
        EvaluationInput untracked = EvaluationInput.of("lost", source, source).withPoints(lost,
                PointEdit.unchanged("none"));
        assertTrue(motion.unavailable(untracked).orElseThrow().startsWith("the source's points are lost after their "
                + "keyframes"), motion.unavailable(untracked).toString());

        // a removed point is left out; a dragged one is measured where the drag carries it
        PointEdit edit = new PointEdit("e", java.util.Set.of("p1"), List.of(new PointDrag("p2", 0, 3, 0)));
        MetricResult r = motion.measure(EvaluationInput.of("edited", source, source).withPoints(Frames.patchPoints("clip"), edit),
                new NullProgressMonitor());
        assertTrue(r.notes().contains("2 point(s) followed (1 removed by the edit); 1 where the edit's drags carry them"),
                r.notes().toString());
        // the patch moves as a whole: p2's dragged place moves with it, and is followed there
        assertTrue(r.summary() < 0.8, "p2 is followed 3 px right of where it was, as the drag asks: " + r.summary());
    }

    private static double number(List<String> notes, String regex) {
        Pattern p = Pattern.compile(regex);
        for (String n : notes) {
            Matcher m = p.matcher(n);
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new AssertionError("no note matches " + regex + ": " + notes);
    }
}
