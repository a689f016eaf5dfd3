package io.vswap.bench.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
import io.vswap.eval.api.Metric;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * The cost of each installed evaluation metric per frame, beside decoding the same clip (lossless,
 * as a render is read) in the same run: a moving textured subject on a panning background, the
 * result the source with its subject recoloured and the background a little changed.
 */
final class MetricsBenchmark {

    private static final int FRAMES = 16;
    private final int size;
    private final Optional<Path> clip;

    MetricsBenchmark(int size, Optional<Path> clipFolder) {
        this.size = size;
        this.clip = clipFolder;
    }

    void run(PrintStream out) throws Exception {
        List<RgbFrame> source = frames(false);
        List<RgbFrame> result = frames(true);
        Path dir = Files.createTempDirectory("vswap-bench-metrics");
        try {
            Path mkv = dir.resolve("result.mkv");
            VideoCodec codec = service(VideoCodecRegistry.class).writerFor(VideoFormat.FFV1_MKV).orElseThrow();
            FrameWriter w = codec.openWriter(mkv, new EncodeSettings(VideoFormat.FFV1_MKV, size, size, 24));
            for (RgbFrame f : result) {
                w.write(f);
            }
            w.close();
            double decodeMs = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                try (FrameReader reader = codec.openReader(mkv)) {
                    while (reader.next() != null) {
                        // read every frame, as the evaluator does
                    }
                }
                decodeMs = Math.min(decodeMs, (System.nanoTime() - t0) / 1e6 / FRAMES);
            }
            EvaluationInput in = input(source, result);
            List<Metric> metrics = new ArrayList<>(service(Evaluator.class).metrics());
            metrics.sort(Comparator.comparing(Metric::id));
            out.printf(Locale.ROOT, "metrics: %d frames of %dx%d; reference: decoding them (FFV1) %.2f ms/frame%n", FRAMES,
                    size, size, decodeMs);
            for (Metric m : metrics) {
                Optional<String> why = m.unavailable(in);
                if (why.isPresent()) {
                    out.printf(Locale.ROOT, "metric %-20s unavailable: %s%n", m.id(), why.get());
                    continue;
                }
                m.measure(in, new NullProgressMonitor()); // warm-up (a CLIP loads, OpenCV initialises)
                double best = Double.MAX_VALUE;
                for (int r = 0; r < 3; r++) {
                    // a new input each time: the CLIP metrics keep the last frames' embeddings
                    EvaluationInput fresh = input(source, result);
                    long t0 = System.nanoTime();
                    m.measure(fresh, new NullProgressMonitor());
                    best = Math.min(best, (System.nanoTime() - t0) / 1e6 / FRAMES);
                }
                out.printf(Locale.ROOT, "metric %-20s %8.2f ms/frame | decode %.2f ms/frame | ratio %.1f%n", m.id(), best,
                        decodeMs, best / decodeMs);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private EvaluationInput input(List<RgbFrame> source, List<RgbFrame> result) {
        EvaluationInput in = EvaluationInput.of("bench", source, new ArrayList<>(result)).withEditMasks(masks())
                .withPoints(points(), PointEdit.unchanged("bench")).withTargetPrompt("a blue square");
        return clip.isEmpty() ? in
                : in.withModelFolder(clip.get()).withConceptImages(List.of(result.get(0), result.get(8)));
    }

    private int side() {
        return size / 4;
    }

    private int[] at(int f) {
        return new int[] { size / 8 + f * size / 64, size / 4 + f * size / 128 };
    }

    /** A panning texture with a textured square moving on it; the result's square is blue-tinted. */
    private List<RgbFrame> frames(boolean edited) {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] rgb = new byte[size * size * 3];
            int[] a = at(f);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean subject = x >= a[0] && x < a[0] + side() && y >= a[1] && y < a[1] + side();
                    for (int c = 0; c < 3; c++) {
                        double v = subject
                                ? 128 + 100 * Math.sin((x - a[0]) / 2.3 + c) * Math.cos((y - a[1]) / 3.1)
                                : 128 + 60 * Math.sin((x - 2 * f) / 5.0 + c) * Math.cos(y / 7.0) + (edited ? 2 : 0);
                        if (subject && edited && c == 2) {
                            v = Math.min(255, v + 80);
                        }
                        rgb[(y * size + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
            out.add(new RgbFrame(f, size, size, rgb));
        }
        return out;
    }

    private FrameMasks masks() {
        int cells = size / 8;
        boolean[] bits = new boolean[FRAMES * cells * cells];
        for (int f = 0; f < FRAMES; f++) {
            int[] a = at(f);
            for (int y = a[1] / 8; y <= (a[1] + side()) / 8 && y < cells; y++) {
                for (int x = a[0] / 8; x <= (a[0] + side()) / 8 && x < cells; x++) {
                    bits[(f * cells + y) * cells + x] = true;
                }
            }
        }
        return new FrameMasks(FRAMES, cells, cells, bits);
    }

    private PointSet points() {
        PointSet set = PointSet.empty("bench", FRAMES, size, size);
        for (int i = 0; i < 4; i++) {
            double[] x = new double[FRAMES];
            double[] y = new double[FRAMES];
            boolean[] v = new boolean[FRAMES];
            float[] c = new float[FRAMES];
            for (int f = 0; f < FRAMES; f++) {
                x[f] = at(f)[0] + side() * (0.3 + 0.4 * (i % 2));
                y[f] = at(f)[1] + side() * (0.3 + 0.4 * (i / 2));
                v[f] = true;
                c[f] = 1;
            }
            set = set.withPoint(new SemanticPoint("p" + i, 0xff0000, List.of(new Keyframe(0, x[0], y[0])),
                    new Trajectory(x, y, v, c)));
        }
        return set;
    }

    private static <T> T service(Class<T> type) throws InterruptedException {
        var ctx = FrameworkUtil.getBundle(MetricsBenchmark.class).getBundleContext();
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        T s = t.waitForService(TimeUnit.SECONDS.toMillis(30));
        if (s == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " service: is its bundle installed?");
        }
        return s;
    }
}
