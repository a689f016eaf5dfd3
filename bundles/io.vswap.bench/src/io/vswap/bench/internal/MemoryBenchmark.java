package io.vswap.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.MemoryCheck;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * Peak live heap of the prepare and export jobs on a 1080p clip of each length (100 and 1 000
 * frames by default): streaming keeps it flat, so the ratio of the longest to the shortest should
 * stay near 1. Reference, same run: the whole clip read into memory and written from the list, as
 * export did before it streamed (skipped where the heap cannot hold the clip).
 */
final class MemoryBenchmark {

    private static final int W = 1920;
    private static final int H = 1080;
    private static final long SAMPLE_MILLIS = 50;
    private final List<Integer> lengths;
    private final boolean reference;

    MemoryBenchmark(List<Integer> lengths, boolean reference) {
        this.lengths = lengths.stream().sorted().toList();
        this.reference = reference;
    }

    void run(PrintStream out) throws Exception {
        BundleContext ctx = FrameworkUtil.getBundle(MemoryBenchmark.class).getBundleContext();
        ProjectStore store = service(ctx, ProjectStore.class);
        VideoCodecRegistry codecs = service(ctx, VideoCodecRegistry.class);
        Path dir = Files.createTempDirectory("vswap-bench-memory");
        try {
            int longest = lengths.get(lengths.size() - 1);
            Path source = dir.resolve("source-1080p.mp4");
            out.printf(Locale.ROOT, "memory: generating %d frames of %dx%d H.264 …%n", longest, W, H);
            generate(codecs, source, longest);
            Project p = store.create(dir.resolve("project"), "memory bench");
            for (int n : lengths) {
                p = store.importShot(p, source, "f" + n, "main",
                        new ClipSettings(0, n, 1, new CropRect(0, 0, W, H), true, W, H), null);
            }
            out.printf(Locale.ROOT, "memory: heap limit %s; live heap sampled every %d ms after a full collection%n",
                    MemoryCheck.gigabytes(Runtime.getRuntime().maxMemory()), SAMPLE_MILLIS);
            Map<String, Map<Integer, Long>> figures = new LinkedHashMap<>();
            for (int n : lengths) {
                figures.computeIfAbsent("prepare", k -> new LinkedHashMap<>()).put(n,
                        measure(out, "prepare", n, () -> runJob(ctx, "prepare", dir, n)));
                figures.computeIfAbsent("export", k -> new LinkedHashMap<>()).put(n,
                        measure(out, "export", n, () -> runJob(ctx, "export", dir, n)));
                if (reference) {
                    Project proj = p;
                    figures.computeIfAbsent("export holding the clip (reference)", k -> new LinkedHashMap<>()).put(n,
                            measure(out, "whole-clip export", n, () -> wholeClipExport(store, codecs, proj, n)));
                }
            }
            report(out, figures);
        } finally {
            deleteTree(dir);
        }
    }

    /** The step's peak live-heap rise in bytes, or -1 when it was refused for want of memory. */
    private static long measure(PrintStream out, String what, int n, Step step) throws Exception {
        long t0 = System.nanoTime();
        try (HeapPeak peak = new HeapPeak(SAMPLE_MILLIS)) {
            String result = step.run();
            out.printf(Locale.ROOT, "memory: %s %d frames: peak live heap +%.0f MB (%d samples, %.1f s): %s%n", what, n,
                    peak.rise() / 1e6, peak.samples(), (System.nanoTime() - t0) / 1e9, result);
            return peak.rise();
        } catch (MemoryCheck.NotEnoughMemoryException e) {
            out.printf(Locale.ROOT, "memory: %s %d frames: refused: %s%n", what, n, e.getMessage());
            return -1;
        }
    }

    private static void report(PrintStream out, Map<String, Map<Integer, Long>> figures) {
        for (var e : figures.entrySet()) {
            Map<Integer, Long> byLength = e.getValue();
            StringBuilder line = new StringBuilder("memory 1080p " + e.getKey() + ": ");
            List<Integer> ns = new ArrayList<>(byLength.keySet());
            for (int n : ns) {
                long b = byLength.get(n);
                line.append(String.format(Locale.ROOT, "%d frames %s | ", n, b < 0 ? "refused" : Math.round(b / 1e6) + " MB"));
            }
            long first = byLength.get(ns.get(0));
            long last = byLength.get(ns.get(ns.size() - 1));
            line.append(first > 0 && last >= 0 ? String.format(Locale.ROOT, "ratio %d/%d %.2f", ns.get(ns.size() - 1),
                    ns.get(0), last / (double) first) : "ratio n/a");
            if (!e.getKey().contains("reference")) {
                line.append(" (goal <= 1.5: flat in clip length)");
            }
            out.println(line);
        }
    }

    private static String runJob(BundleContext ctx, String type, Path dir, int n) throws Exception {
        BatchJobType job = jobType(ctx, type);
        String json = String.format(Locale.ROOT, "{\"type\": \"%s\", \"project\": \"project\", \"shot\": \"f%d\"}", type, n);
        return job.parse(JobSpecs.fromJson(json, dir)).run(new NullProgressMonitor());
    }

    /** Export as it was before it streamed: the whole clip in a list, then the video and the sheet from it. */
    private static String wholeClipExport(ProjectStore store, VideoCodecRegistry codecs, Project p, int n)
            throws Exception {
        Shot s = p.shots().stream().filter(x -> x.name().equals("f" + n)).findFirst().orElseThrow();
        Clip c = s.clips().get(0);
        List<RgbFrame> frames = store.readClipFrames(p, s, c, null);
        Path mp4 = p.folder().resolve("whole-" + n + ".mp4");
        codecs.writeVideo(mp4, VideoFormat.H264_MP4, frames, s.probe().frameRate(), null);
        byte[] sheet = ContactSheet.png(frames, null);
        Files.delete(mp4);
        return frames.size() + " frames held, sheet " + sheet.length / 1000 + " kB";
    }

    /** With the ffmpeg CLI where there is one (fast); else with our own writer. */
    private static void generate(VideoCodecRegistry codecs, Path target, int frames) throws Exception {
        List<String> cmd = List.of("ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + W + "x" + H + ":rate=25", "-frames:v", String.valueOf(frames), "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", target.toString());
        try {
            Process proc = new ProcessBuilder(cmd).inheritIO().start();
            if (proc.waitFor() == 0 && Files.size(target) > 0) {
                return;
            }
        } catch (IOException e) {
            // no ffmpeg CLI: write it ourselves
        }
        FrameWriter w = codecs.writerFor(VideoFormat.H264_MP4).orElseThrow()
                .openWriter(target, new EncodeSettings(VideoFormat.H264_MP4, W, H, 25));
        try {
            for (int f = 0; f < frames; f++) {
                byte[] rgb = new byte[W * H * 3];
                for (int i = 0; i < rgb.length; i += 3) {
                    int x = (i / 3) % W;
                    int y = (i / 3) / W;
                    rgb[i] = (byte) (x + 4 * f);
                    rgb[i + 1] = (byte) (y + 2 * f);
                    rgb[i + 2] = (byte) ((x + y) >> 3);
                }
                w.write(new RgbFrame(f, W, H, rgb));
            }
            w.close();
        } catch (Exception e) {
            w.abort();
            throw e;
        }
    }

    /** The job type's service, waiting a little for DS to register it. */
    private static BatchJobType jobType(BundleContext ctx, String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            for (ServiceReference<BatchJobType> r : ctx.getServiceReferences(BatchJobType.class, null)) {
                BatchJobType t = ctx.getService(r);
                if (t != null && t.type().equals(type)) {
                    return t;
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("no \"" + type + "\" job type registered");
    }

    private static <T> T service(BundleContext ctx, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        T s = t.waitForService(TimeUnit.SECONDS.toMillis(30));
        if (s == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " service: is Declarative Services running?");
        }
        return s;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        String run() throws Exception;
    }
}
