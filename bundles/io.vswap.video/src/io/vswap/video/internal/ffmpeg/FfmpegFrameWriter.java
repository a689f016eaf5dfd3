package io.vswap.video.internal.ffmpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import io.vswap.files.api.AtomicFile;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RenderSet;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;

/** Encodes to a temporary file beside the target and renames it into place on close. */
final class FfmpegFrameWriter implements FrameWriter {

    private static final int ENOSPC = 28;

    private final Path target;
    private final Path temp;
    private final EncodeSettings settings;
    private final FFmpegFrameRecorder recorder;
    private boolean finished;
    private int written;

    private FfmpegFrameWriter(Path target, Path temp, EncodeSettings settings, FFmpegFrameRecorder recorder) {
        this.target = target;
        this.temp = temp;
        this.settings = settings;
        this.recorder = recorder;
    }

    static FfmpegFrameWriter open(Path target, EncodeSettings settings) throws VideoException {
        Path folder = target.toAbsolutePath().getParent();
        Path shown = AtomicFile.shownAs(target); // what a message names: not a staging name
        if (folder == null || !Files.isDirectory(folder)) {
            throw new VideoException(Kind.NOT_WRITABLE, target, "Cannot write " + shown + ": the folder " + folder
                    + " does not exist or is not a folder. Create it or choose another destination.");
        }
        if (!Files.isWritable(folder)) {
            throw new VideoException(Kind.NOT_WRITABLE, target, "Cannot write " + shown + ": "
                    + (RenderSet.onReadOnlyDisk(folder) ? folder + " is on a read-only disk"
                            : "no permission to write in " + folder) + ". Choose another destination.");
        }
        if (Files.isDirectory(target)) {
            throw new VideoException(Kind.NOT_WRITABLE, target,
                    "Cannot write " + shown + ": a folder of that name is in the way. Choose another file name.");
        }
        Path temp = AtomicFile.tempBeside(target);
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), settings.width(), settings.height(), 0);
        r.setFrameRate(settings.frameRate());
        if (settings.format() == VideoFormat.H264_MP4) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            // The default build's H.264 encoder (OpenH264) ignores CRF: give it a generous bitrate
            // (about 0.2 bit per pixel) so deliverables look like their lossless intermediates.
            r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE,
                    Math.max(1_000_000L, Math.round(0.2 * settings.width() * settings.height() * settings.frameRate()))));
            r.setGopSize((int) Math.max(1, Math.round(settings.frameRate())));
            r.setOption("movflags", "+faststart");
        } else {
            r.setFormat("matroska");
            r.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
            r.setPixelFormat(avutil.AV_PIX_FMT_BGR0); // lossless RGB
            r.setVideoOption("level", "3");
            r.setVideoOption("threads", "auto");
        }
        try {
            r.start();
        } catch (Exception e) {
            releaseQuietly(r);
            deleteQuietly(temp);
            throw writeFailure(target, e);
        }
        return new FfmpegFrameWriter(target, temp, settings, r);
    }

    static VideoException writeFailure(Path written, Exception e) {
        Path target = AtomicFile.shownAs(written); // the file the user knows, not a staging name
        String msg = String.valueOf(e.getMessage());
        if (isDiskFull(target, msg)) {
            return new VideoException(Kind.DISK_FULL, target, "Cannot write " + target
                    + ": the disk is full. Free some space or choose another destination; nothing was overwritten.", e);
        }
        // the encoder's own words ("avio_open2() error -13 …") stay in the cause, for the log
        return new VideoException(Kind.NOT_WRITABLE, target, "Cannot write " + target
                + ": the video encoder could not write it there. Choose another destination; nothing was overwritten.",
                e);
    }

    private static boolean isDiskFull(Path target, String msg) {
        if (msg.contains("error -" + ENOSPC + " ") || msg.contains("error -" + ENOSPC + ":")
                || msg.contains("No space left")) {
            return true;
        }
        try {
            return Files.getFileStore(target.toAbsolutePath().getParent()).getUsableSpace() < 64 * 1024;
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    @Override
    public void write(RgbFrame frame) throws VideoException {
        if (finished) {
            throw new IllegalStateException("writer for " + target + " is closed");
        }
        if (frame.width() != settings.width() || frame.height() != settings.height()) {
            throw new IllegalArgumentException(String.format("frame %d is %dx%d but %s was opened for %dx%d",
                    frame.index(), frame.width(), frame.height(), target.getFileName(), settings.width(),
                    settings.height()));
        }
        try {
            recorder.recordImage(frame.width(), frame.height(), Frame.DEPTH_UBYTE, 3, frame.width() * 3,
                    avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(frame.rgb()));
            written++;
        } catch (Exception e) {
            abort();
            throw writeFailure(target, e);
        }
    }

    @Override
    public void close() throws VideoException {
        if (finished) {
            return;
        }
        try {
            recorder.stop();
            recorder.release();
            finished = true;
            // the muxer does not report every failed write (a full disk can cut a file short
            // silently): read the file back and publish it only when every frame is in it
            int back = framesIn(temp);
            if (back != written) {
                throw new IOException("the file holds " + back + " of the " + written + " frames written"
                        + (isDiskFull(target, "") ? " (No space left on device)" : ""));
            }
            AtomicFile.publish(temp, target);
        } catch (Exception e) {
            abort();
            throw writeFailure(target, e);
        }
    }

    /** Decodes {@code file} to its end and counts its frames (0 for a file FFmpeg cannot open). */
    static int framesIn(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            g.stop();
            return n;
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void abort() {
        finished = true;
        releaseQuietly(recorder);
        deleteQuietly(temp);
    }

    private static void releaseQuietly(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (Exception e) {
            // the temporary file is deleted next; nothing else to save
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stray hidden temporary file is harmless
        }
    }
}
