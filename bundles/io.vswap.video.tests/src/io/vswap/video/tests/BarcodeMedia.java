package io.vswap.video.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real files of every kind a studio receives, written by the ffmpeg command line from
 * {@link TestVideos} frames (each carries its number as a barcode): constant and variable rate,
 * intra-only and long-GOP codecs, a header that lies and a file cut short.
 */
final class BarcodeMedia {

    static final int WIDTH = 192;
    static final int HEIGHT = 64;

    /** One kind of file: its name, and the ffmpeg output arguments that make it. */
    enum Kind {
        H264_MP4("h264.mp4", "25", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "60"),
        /** Gaps growing from 40 to 100 ms, as a phone records: frame N at 40·N + ⌊N²/10⌋ ms. */
        H264_VFR_MP4("h264-vfr.mp4", "25", "-vf", "settb=1/1000,setpts=40*N+floor(N*N/10)", "-fps_mode",
                "passthrough", "-enc_time_base:v", "1/1000", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "60"),
        MPEG4_AVI_23976("mpeg4-23976.avi", "24000/1001", "-c:v", "mpeg4", "-q:v", "3", "-g", "60"),
        /** Two frames skipped after every five: AVI stores empty chunks, its header counts them. */
        MPEG4_VFR_AVI("mpeg4-vfr.avi", "25", "-vf", "setpts=N+2*floor(N/5)", "-fps_mode", "passthrough", "-c:v",
                "mpeg4", "-q:v", "3", "-g", "60"),
        /** Packed B-frames, as DivX/Xvid cameras and archives wrote them: the AVI has decoding times only. */
        MPEG4_BFRAMES_AVI("mpeg4-bframes.avi", "25", "-c:v", "mpeg4", "-q:v", "3", "-bf", "2", "-g", "60"),
        /** A broadcast transport stream: timestamps start at 1.4 s, not 0. */
        H264_TS("h264.ts", "30000/1001", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "60"),
        MJPEG_AVI("mjpeg.avi", "25", "-c:v", "mjpeg", "-q:v", "3"),
        FFV1_MKV("ffv1.mkv", "25", "-c:v", "ffv1", "-g", "30"),
        PRORES_MOV("prores.mov", "25", "-c:v", "prores_ks", "-pix_fmt", "yuv422p10le");

        final String fileName;
        final String rate;
        final String[] arguments;

        Kind(String fileName, String rate, String... arguments) {
            this.fileName = fileName;
            this.rate = rate;
            this.arguments = arguments;
        }
    }

    private BarcodeMedia() {
    }

    /** Writes {@code frames} barcode frames as {@code kind} into {@code dir}. */
    static Path write(Path dir, Kind kind, int frames) throws IOException, InterruptedException {
        return write(dir, kind.fileName, kind.rate, frames, kind.arguments);
    }

    /** Writes {@code frames} barcode frames at {@code rate} to {@code dir/fileName} with these ffmpeg output arguments. */
    static Path write(Path dir, String fileName, String rate, int frames, String... arguments)
            throws IOException, InterruptedException {
        Path target = dir.resolve(fileName);
        Path log = dir.resolve(fileName + ".log");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt",
                "rgb24", "-s", WIDTH + "x" + HEIGHT, "-framerate", rate, "-i", "-"));
        command.addAll(List.of(arguments));
        command.add(target.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            for (int i = 0; i < frames; i++) {
                in.write(TestVideos.frame(i, WIDTH, HEIGHT).rgb());
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg could not write " + target + ": " + Files.readString(log));
        }
        return target;
    }

    /** An AVI whose header claims {@code claimed} frames (avih dwTotalFrames and strh dwLength). */
    static Path withLyingHeader(Path avi, int claimed) throws IOException {
        byte[] b = Files.readAllBytes(avi);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(indexOf(b, "avih") + 8 + 16, claimed);
        buf.putInt(indexOf(b, "strh") + 8 + 32, claimed);
        Path out = avi.resolveSibling("lying-" + avi.getFileName());
        Files.write(out, b);
        return out;
    }

    /** The first {@code fraction} of a file, as an interrupted copy leaves it. */
    static Path cutShort(Path file, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Path out = file.resolveSibling("cut-" + file.getFileName());
        Files.write(out, java.util.Arrays.copyOf(b, (int) (b.length * fraction)));
        return out;
    }

    private static int indexOf(byte[] b, String tag) {
        byte[] t = tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer: for (int i = 0; i + t.length <= b.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (b[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no " + tag + " chunk");
    }
}
