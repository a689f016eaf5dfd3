package io.vswap.points.internal.bench;


import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;
import org.eclipse.core.runtime.NullProgressMonitor;

import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.drag.LocalAffineDragPropagator;
import io.vswap.points.internal.synthetic.SubjectMotion;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.points.internal.tracking.LucasKanadeTracker;
import io.vswap.video.api.RgbFrame;

/**
 * {@code vswap bench track}: our point tracker (32 points, 512×512, 32 frames) against
 * OpenCV's dense DIS optical flow on the same frames in the same run, so that the ratio means
 * something on a busy shared machine; drag propagation over 16 frames (must stay
 * interactive, under 100 ms); and re-acquisition after a full occlusion (issue 28) beside
 * plain OpenCV Lucas–Kanade, on lossless and H.264 clips.
 */
public final class TrackingBenchmark {

    private static final int SIZE = 512;
    private static final int FRAMES = 32;
    private static final int POINTS = 32;
    private static final int REPEATS = 3;

    public void run(PrintStream out) {
        out.println("track: rendering a " + SIZE + "x" + SIZE + " synthetic clip of " + FRAMES
                + " frames (rotating, scaling subject)...");
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION_SCALE, 7, SIZE, FRAMES, false);
        List<Position> starts = clip.subjectPoints(POINTS, 18, 7);
        PointSet set = PointSet.empty("bench", FRAMES, SIZE, SIZE);
        for (int i = 0; i < starts.size(); i++) {
            set = set.withPoint(SemanticPoint.placed("p" + i, 0xff0000, 0, starts.get(i).x(), starts.get(i).y()));
        }
        PointTracker tracker = new LucasKanadeTracker();
        PointSet tracked = tracker.track(clip.frames(), set, new NullProgressMonitor()); // warm-up
        long best = Long.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            tracked = tracker.track(clip.frames(), set, new NullProgressMonitor());
            best = Math.min(best, System.nanoTime() - t0);
        }
        double trackMs = best / 1e6 / FRAMES;
        double err = 0;
        int n = 0;
        for (int i = 0; i < starts.size(); i++) {
            Trajectory t = tracked.points().get(i).trajectory();
            for (int f = 0; f < FRAMES; f++) {
                err += t.position(f).distance(clip.truth(f, starts.get(i)));
                n++;
            }
        }
        double disMs = disPerFrame(clip.frames());
        out.printf("track: LK tracker, %d points: %.2f ms/frame (session incl. grey conversion, forward+backward "
                + "passes; best of %d); mean end-point error %.3f px%n", POINTS, trackMs, REPEATS, err / n);
        out.printf("track: OpenCV DIS dense flow (medium preset): %.2f ms/frame; tracker/DIS = %.2f%n", disMs,
                trackMs / disMs);

        // Drag propagation over a 16-frame clip, as the editor does it on every mouse move.
        PointSet sixteen = firstFrames(tracked, 16);
        LocalAffineDragPropagator drag = new LocalAffineDragPropagator();
        PointDrag d = new PointDrag("p0", 0, 12, -7);
        for (int i = 0; i < 50; i++) {
            drag.propagate(sixteen, d); // warm-up
        }
        int reps = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            drag.propagate(sixteen, new PointDrag("p" + (i % POINTS), 0, 12, -7));
        }
        double dragMs = (System.nanoTime() - t0) / 1e6 / reps;
        out.printf("track: drag propagation, 16 frames, %d neighbours: %.3f ms per drag (goal < 100 ms)%n", POINTS - 1,
                dragMs);
        new OcclusionBenchmark().run(out);
    }

    private static double disPerFrame(List<RgbFrame> frames) {
        List<Mat> grey = new ArrayList<>();
        try (DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM); Mat flow = new Mat()) {
            for (RgbFrame f : frames) {
                grey.add(PlainLucasKanade.grey(f));
            }
            dis.calc(grey.get(0), grey.get(1), flow); // warm-up
            long best = Long.MAX_VALUE;
            for (int r = 0; r < REPEATS; r++) {
                long t0 = System.nanoTime();
                for (int i = 1; i < grey.size(); i++) {
                    dis.calc(grey.get(i - 1), grey.get(i), flow);
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            return best / 1e6 / (grey.size() - 1);
        } finally {
            grey.forEach(Mat::close);
        }
    }

    private static PointSet firstFrames(PointSet s, int count) {
        PointSet out = PointSet.empty(s.clip(), count, s.width(), s.height());
        for (SemanticPoint p : s.points()) {
            Trajectory t = p.trajectory();
            double[] x = new double[count], y = new double[count];
            boolean[] v = new boolean[count];
            float[] c = new float[count];
            for (int i = 0; i < count; i++) {
                x[i] = t.x(i);
                y[i] = t.y(i);
                v[i] = t.visible(i);
                c[i] = t.confidence(i);
            }
            out = out.withPoint(new SemanticPoint(p.name(), p.colour(), p.keyframes(),
                    p.hiddenFrames().stream().filter(f -> f < count).toList(), new Trajectory(x, y, v, c)));
        }
        return out;
    }
}
