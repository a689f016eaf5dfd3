package io.vswap.points.internal.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.synthetic.OcclusionScore;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.points.internal.tracking.LucasKanadeTracker;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;

/**
 * Re-acquisition after a full occlusion (issue 28): fast subjects (10–25 px a frame, turning
 * and scaling) that a passer-by hides completely for 3–8 frames, 10 points each, 512×512, 20
 * frames; our tracker beside plain OpenCV Lucas–Kanade on the same frames, lossless and through
 * the product's H.264 writer. Re-acquired: within 3 px on one of the 4 frames after the
 * occluder has left the point.
 */
final class OcclusionBenchmark {

    private static final int SIZE = 512;
    private static final int FRAMES = 20;
    private static final int POINTS = 10;
    private static final int HIDE_FROM = 5;
    private static final long[] SEEDS = { 41, 42, 43, 44, 45, 46, 47, 48 };
    private static final int[] HIDDEN = { 3, 5, 7, 8, 4, 6, 8, 3 };

    void run(PrintStream out) {
        out.println("track: re-acquisition after a full occlusion, " + SEEDS.length + " clips of " + FRAMES
                + " frames, " + POINTS + " points each (rendering...)");
        Optional<VideoCodec> codec = codec();
        OcclusionScore[] ours = { new OcclusionScore(), new OcclusionScore() };
        OcclusionScore[] plain = { new OcclusionScore(), new OcclusionScore() };
        long trackNanos = 0;
        for (int k = 0; k < SEEDS.length; k++) {
            SyntheticClip clip = SyntheticClip.renderFast(SEEDS[k], SIZE, FRAMES, HIDE_FROM, HIDDEN[k], true);
            List<Position> starts = clip.subjectPoints(POINTS, 18, SEEDS[k]);
            for (int v = 0; v < 2; v++) {
                List<RgbFrame> frames = v == 0 ? clip.frames() : codec.map(c -> h264(c, clip.frames())).orElse(null);
                if (frames == null) {
                    continue;
                }
                long t0 = System.nanoTime();
                ours[v].add(clip, starts, track(frames, starts));
                trackNanos += v == 0 ? System.nanoTime() - t0 : 0;
                plain[v].add(clip, starts, PlainLucasKanade.track(frames, starts));
            }
        }
        String[] names = { "lossless", "H.264" };
        for (int v = 0; v < 2; v++) {
            if (v == 1 && codec.isEmpty()) {
                out.println("track: H.264 skipped (no video codec service)");
                continue;
            }
            out.printf("track: occlusion, %s: ours: %s%n", names[v], ours[v].summary());
            out.printf("track: occlusion, %s: plain LK: %s%n", names[v], plain[v].summary());
        }
        out.printf("track: occlusion clips tracked at %.1f ms/frame (lossless, %d points)%n",
                trackNanos / 1e6 / SEEDS.length / FRAMES, POINTS);
    }

    private static List<Trajectory> track(List<RgbFrame> frames, List<Position> starts) {
        PointSet set = PointSet.empty("occlusion", FRAMES, SIZE, SIZE);
        for (int i = 0; i < starts.size(); i++) {
            set = set.withPoint(SemanticPoint.placed("p" + i, 0xff0000, 0, starts.get(i).x(), starts.get(i).y()));
        }
        PointSet tracked = new LucasKanadeTracker().track(frames, set, new NullProgressMonitor());
        return tracked.points().stream().map(SemanticPoint::trajectory).toList();
    }

    /** The frames after a round trip through the product's H.264 writer and reader. */
    private static List<RgbFrame> h264(VideoCodec codec, List<RgbFrame> frames) {
        try {
            Path file = Files.createTempFile("vswap-occlusion", ".mp4");
            try {
                FrameWriter w = codec.openWriter(file, new EncodeSettings(VideoFormat.H264_MP4, SIZE, SIZE, 25));
                for (RgbFrame f : frames) {
                    w.write(f);
                }
                w.close();
                List<RgbFrame> back = new ArrayList<>();
                try (FrameReader r = codec.openReader(file)) {
                    for (RgbFrame f = r.next(); f != null; f = r.next()) {
                        back.add(f);
                    }
                }
                return back;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (VideoException e) {
            throw new IllegalStateException("H.264 round trip failed: " + e.getMessage(), e);
        }
    }

    /** The FFmpeg codec from the running framework (absent outside OSGi). */
    private static Optional<VideoCodec> codec() {
        Bundle bundle = FrameworkUtil.getBundle(OcclusionBenchmark.class);
        if (bundle == null || bundle.getBundleContext() == null) {
            return Optional.empty();
        }
        ServiceTracker<VideoCodecRegistry, VideoCodecRegistry> t = new ServiceTracker<>(bundle.getBundleContext(),
                VideoCodecRegistry.class, null);
        t.open();
        try {
            VideoCodecRegistry registry = t.waitForService(10_000);
            return registry == null ? Optional.empty() : registry.byId("ffmpeg");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            t.close();
        }
    }
}
