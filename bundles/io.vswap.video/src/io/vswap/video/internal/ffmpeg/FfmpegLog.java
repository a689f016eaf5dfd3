package io.vswap.video.internal.ffmpeg;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's own messages ("[mov] partial file", "Invalid NAL unit size") explain a failure to a
 * developer, not to an editor: they go to a log file, and to the terminal only when the user asks
 * for detail ({@code vswap --verbose}, system property {@value #VERBOSE}). What the user needs is
 * in our own errors; the log keeps the detail for a bug report.
 */
final class FfmpegLog extends LogCallback {

    /** System property: {@code true} echoes FFmpeg's messages on standard error too. */
    static final String VERBOSE = "vswap.verbose";
    /** System property: the folder of the log file (default {@code ~/.vswap/logs}). */
    static final String LOG_DIR = "vswap.logDir";
    /** A log longer than this is moved aside to {@code ffmpeg.log.1} (one generation kept). */
    private static final long MAX_BYTES = 4L << 20;

    private static FfmpegLog installed;

    private final Path file;
    private final boolean verbose;
    private PrintStream out;

    private FfmpegLog(Path file, boolean verbose) {
        this.file = file;
        this.verbose = verbose;
    }

    /** Routes FFmpeg's messages (warnings and worse) to the log file; once per framework. */
    static synchronized Path install() {
        if (installed == null) {
            String dir = System.getProperty(LOG_DIR);
            Path folder = dir != null && !dir.isBlank() ? Path.of(dir)
                    : Path.of(System.getProperty("user.home"), ".vswap", "logs");
            installed = new FfmpegLog(folder.resolve("ffmpeg.log"), Boolean.getBoolean(VERBOSE));
            installed.retainReference(); // FFmpeg keeps calling it: never collected
            avutil.av_log_set_level(avutil.AV_LOG_WARNING);
            avutil.setLogCallback(installed);
        }
        return installed.file;
    }

    @Override
    public void call(int level, BytePointer message) {
        if (level > avutil.AV_LOG_WARNING) {
            return;
        }
        String line = message.getString(StandardCharsets.UTF_8).stripTrailing();
        if (line.isEmpty()) {
            return;
        }
        write(Instant.now() + " " + (level <= avutil.AV_LOG_ERROR ? "error " : "warning ") + line);
        if (verbose) {
            System.err.println("ffmpeg: " + line);
        }
    }

    private synchronized void write(String line) {
        try {
            if (out == null || Files.size(file) > MAX_BYTES) {
                open();
            }
            out.println(line);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // a log that cannot be written must not break decoding; the message is only detail
        }
    }

    private void open() throws IOException {
        if (out != null) {
            out.close();
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(file.getParent());
        out = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), false,
                StandardCharsets.UTF_8);
    }
}
