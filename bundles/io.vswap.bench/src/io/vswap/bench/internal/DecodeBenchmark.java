package io.vswap.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * Decode throughput of our VideoCodec on a generated 1080p H.264 clip, beside the ffmpeg
 * command-line tool decoding the same file to raw RGB in the same run. Goal: ratio ≥ 0.8.
 */
final class DecodeBenchmark {

    private static final int W = 1920;
    private static final int H = 1080;
    private final int frames;

    DecodeBenchmark(int frames) {
        this.frames = frames;
    }

    void run(PrintStream out) throws Exception {
        VideoCodec codec = registry().byId("ffmpeg").orElseThrow(() -> new IllegalStateException("the ffmpeg codec is not installed"));
        Path dir = Files.createTempDirectory("vswap-bench");
        try {
            Path clip = dir.resolve("bench-1080p.mp4");
            out.printf(Locale.ROOT, "decode: generating %d frames of %dx%d H.264 …%n", frames, W, H);
            generate(codec, clip);
            out.printf(Locale.ROOT, "decode: clip %s, %.1f MB%n", clip.getFileName(), Files.size(clip) / 1e6);
            // Alternate the two, twice each, and keep each one's best run: the machine is shared.
            double ours = 0;
            double ffmpeg = 0;
            for (int round = 0; round < 2; round++) {
                ours = Math.max(ours, oursFps(codec, clip));
                ffmpeg = Math.max(ffmpeg, ffmpegFps(clip));
            }
            out.printf(Locale.ROOT, "decode 1080p H.264 -> RGB: VideoCodec(ffmpeg) %.1f fps | ffmpeg CLI %.1f fps | ratio %.2f (goal >= 0.80)%n",
                    ours, ffmpeg, ffmpeg > 0 ? ours / ffmpeg : Double.NaN);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static VideoCodecRegistry registry() throws InterruptedException {
        var ctx = FrameworkUtil.getBundle(DecodeBenchmark.class).getBundleContext();
        ServiceTracker<VideoCodecRegistry, VideoCodecRegistry> t = new ServiceTracker<>(ctx, VideoCodecRegistry.class, null);
        t.open();
        VideoCodecRegistry r = t.waitForService(TimeUnit.SECONDS.toMillis(30));
        if (r == null) {
            throw new IllegalStateException("no VideoCodecRegistry service: is Declarative Services running?");
        }
        return r;
    }

    /** A moving gradient with noise: compressible like real footage, not like a flat test card. */
    private void generate(VideoCodec codec, Path clip) throws Exception {
        Random rnd = new Random(1);
        byte[] noise = new byte[W * H * 3];
        rnd.nextBytes(noise);
        FrameWriter w = codec.openWriter(clip, new EncodeSettings(VideoFormat.H264_MP4, W, H, 25));
        try {
            for (int f = 0; f < frames; f++) {
                byte[] rgb = new byte[W * H * 3];
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int i = (y * W + x) * 3;
                        int n = (noise[(i + f * 3 * 7) % noise.length] >> 4);
                        rgb[i] = (byte) (((x + 4 * f) & 255) + n);
                        rgb[i + 1] = (byte) (((y + 2 * f) & 255) + n);
                        rgb[i + 2] = (byte) (((x + y) >> 3) + n);
                    }
                }
                w.write(new RgbFrame(f, W, H, rgb));
            }
            w.close();
        } catch (Exception e) {
            w.abort();
            throw e;
        }
    }

    private double oursFps(VideoCodec codec, Path clip) throws Exception {
        long t0 = System.nanoTime();
        int n = 0;
        long checksum = 0;
        try (FrameReader r = codec.openReader(clip)) {
            for (RgbFrame f = r.next(); f != null; f = r.next()) {
                checksum += f.rgb()[n % f.rgb().length];
                n++;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (n != frames) {
            throw new IllegalStateException("decoded " + n + " frames, expected " + frames + " (checksum " + checksum + ")");
        }
        return n / s;
    }

    /** ffmpeg decoding to raw RGB24 on a pipe that we drain (as our reader hands frames to Java). */
    private double ffmpegFps(Path clip) throws IOException, InterruptedException {
        List<String> cmd = List.of("ffmpeg", "-v", "error", "-nostdin", "-i", clip.toString(), "-f", "rawvideo",
                "-pix_fmt", "rgb24", "-");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            System.out.println("decode: the ffmpeg command-line tool is not installed (apt-get install ffmpeg); no reference");
            return 0;
        }
        long t0 = System.nanoTime();
        long bytes = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = p.getInputStream()) {
            for (int r; (r = in.read(buf)) > 0;) {
                bytes += r;
            }
        }
        p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        long n = bytes / ((long) W * H * 3);
        if (n != frames) {
            throw new IllegalStateException("ffmpeg decoded " + n + " frames, expected " + frames);
        }
        return n / s;
    }
}
