package io.vswap.video.internal.ffmpeg;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoProbe;

/**
 * Decodes one file to RGB frames with FFmpegFrameGrabber, rotating them upright. Frame N is the
 * N-th frame the file stores in presentation order ({@link FrameIndex}); every decoded frame is
 * checked against that order by its timestamp, so a wrong frame is refused, never returned.
 */
final class FfmpegFrameReader implements FrameReader {

    private static final System.Logger LOG = System.getLogger(FfmpegFrameReader.class.getName());

    private final FFmpegFrameGrabber grabber;
    private final VideoProbe probe;
    private final FrameIndex index;
    /** The stream's start, which FFmpegFrameGrabber adds to every time it is asked to seek to. */
    private final long startMicros;
    private final int codedWidth;
    private final int codedHeight;
    private int nextIndex;
    /** The frame a seek landed on, decoded already and returned by the next {@link #next()}. */
    private RgbFrame pending;
    /** Cleared once a seek misses: from then on frames are found by decoding from the start. */
    private boolean exactSeek = true;

    private FfmpegFrameReader(FFmpegFrameGrabber grabber, VideoProbe probe, FrameIndex index, long startMicros) {
        this.grabber = grabber;
        this.probe = probe;
        this.index = index;
        this.startMicros = startMicros;
        this.codedWidth = grabber.getImageWidth();
        this.codedHeight = grabber.getImageHeight();
    }

    static FfmpegFrameReader open(Path source) throws VideoException {
        SourceFiles.requireNonEmptyFile(source);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        g.setVideoOption("threads", "auto");
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(g);
            throw openFailure(source, e);
        }
        try {
            FrameIndex index = FrameIndex.of(source, requireVideo(source, g));
            return new FfmpegFrameReader(g, StreamProbe.probe(source, g, index), index, startMicros(g));
        } catch (VideoException | RuntimeException e) {
            releaseQuietly(g);
            throw e;
        }
    }

    private static VideoException openFailure(Path source, Exception e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("codec not found") || msg.contains("avcodec_find_decoder")) {
            return new VideoException(Kind.UNSUPPORTED, source, source.getFileName()
                    + " uses a video codec this FFmpeg build cannot decode. Transcode it (e.g. to H.264 or FFV1) and import that.",
                    e);
        }
        String container = SourceFiles.recognisedContainer(source);
        if (container != null) {
            return new VideoException(Kind.CORRUPT, source, source.getFileName() + " looks like " + container
                    + " but cannot be opened: it is damaged or cut short (an interrupted copy, download or render). "
                    + "Copy it again from the original.", e);
        }
        return new VideoException(Kind.NOT_A_VIDEO, source, source.getFileName()
                + " is not a video file that can be read here. Choose a video file (MP4, MOV, MKV, AVI, …).", e);
    }

    /** The index of the video stream; a file without one is refused here. */
    private static int requireVideo(Path source, FFmpegFrameGrabber g) throws VideoException {
        int streamIndex = g.getVideoStream();
        if (streamIndex < 0 || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            throw new VideoException(Kind.NOT_A_VIDEO, source,
                    source.getFileName() + " has no video stream (is it audio only?). Choose a file with video.");
        }
        return streamIndex;
    }

    /** What FFmpegFrameGrabber.setVideoTimestamp adds to the time it is given: the video stream's start. */
    private static long startMicros(FFmpegFrameGrabber g) {
        AVFormatContext fc = g.getFormatContext();
        AVStream stream = fc.streams(g.getVideoStream());
        if (stream.start_time() != avutil.AV_NOPTS_VALUE) {
            return 1_000_000L * stream.start_time() * stream.time_base().num() / stream.time_base().den();
        }
        return fc.start_time() != avutil.AV_NOPTS_VALUE ? fc.start_time() : 0;
    }

    @Override
    public VideoProbe probe() {
        return probe;
    }

    @Override
    public double frameTimeSeconds(int frame) {
        return (index.timeMicros(frame) - index.timeMicros(0)) / 1e6;
    }

    @Override
    public int frameAt(double seconds) {
        return index.frameAt(index.timeMicros(0) + Math.round(seconds * 1e6));
    }

    @Override
    public RgbFrame next() throws VideoException {
        if (nextIndex >= probe.frameCount()) {
            return null;
        }
        if (pending != null) {
            RgbFrame landed = pending;
            pending = null;
            nextIndex++;
            return landed;
        }
        Frame f = grab();
        if (f == null) {
            throw new VideoException(Kind.CORRUPT, probe.source(), String.format(
                    "%s stores %d frames but only the first %d can be decoded: it is damaged. Copy it again from the "
                            + "original, or choose a clip that ends before frame %d.",
                    probe.source().getFileName(), probe.frameCount(), nextIndex, nextIndex));
        }
        if (index.timestamped()) {
            int position = index.positionOf(f.timestamp);
            if (position != nextIndex) {
                // Never hand out a frame under another frame's number.
                throw new VideoException(Kind.CORRUPT, probe.source(), String.format(
                        "%s is damaged near frame %d: the decoder gave %s where frame %d belongs. Copy it again from "
                                + "the original, or re-encode it (e.g. to FFV1) and import that.",
                        probe.source().getFileName(), nextIndex,
                        position < 0 ? "a picture no frame of the file is timed at" : "frame " + position, nextIndex));
            }
        }
        RgbFrame frame = toRgb(f);
        nextIndex++;
        return frame;
    }

    private RgbFrame toRgb(Frame f) {
        byte[] rgb = copyPacked((ByteBuffer) f.image[0], f.imageStride, codedWidth, codedHeight);
        return Rotation.apply(new RgbFrame(nextIndex, codedWidth, codedHeight, rgb), probe.rotationDegrees());
    }

    private Frame grab() throws VideoException {
        try {
            Frame f = grabber.grabImage();
            return f == null || f.image == null ? null : f;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoException(Kind.CORRUPT, probe.source(), probe.source().getFileName()
                    + " is damaged at frame " + nextIndex + ". Copy it again from the original.", e);
        }
    }

    private static byte[] copyPacked(ByteBuffer buf, int strideBytes, int width, int height) {
        int row = width * 3;
        byte[] out = new byte[row * height];
        ByteBuffer src = buf.duplicate();
        for (int y = 0; y < height; y++) {
            src.position(y * strideBytes);
            src.get(out, y * row, row);
        }
        return out;
    }

    @Override
    public RgbFrame read(int target) throws VideoException {
        if (target < 0 || target >= probe.frameCount()) {
            throw new VideoException(Kind.OUT_OF_RANGE, probe.source(), String.format(
                    "Frame %d does not exist: %s has frames 0–%d.", target, probe.source().getFileName(),
                    probe.frameCount() - 1));
        }
        boolean seekable = index.timestamped() && exactSeek;
        if (target < nextIndex
                || (seekable && target > nextIndex && index.keyFrameBetween(Math.max(0, nextIndex - 1), target))) {
            seekBefore(target);
        }
        while (nextIndex < target) {
            skip();
        }
        return next();
    }

    /**
     * Positions the decoder at or before {@code target}, on a frame whose number is known from
     * its time. FFmpeg seeks to a key frame no later than the asked time; where a file's index
     * is wrong and the landing is after the target, or the file has no usable times, decoding
     * starts again from the first frame (slow, said once in the log).
     */
    private void seekBefore(int target) throws VideoException {
        pending = null;
        if (index.timestamped() && exactSeek) {
            try {
                grabber.setVideoTimestamp(index.timeMicros(target) - startMicros);
                Frame landing = grabber.grabImage();
                int position = landing == null || landing.image == null ? -1 : index.positionOf(landing.timestamp);
                if (position >= 0 && position <= target) {
                    nextIndex = position;
                    pending = toRgb(landing);
                    return;
                }
            } catch (FrameGrabber.Exception | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "seek failed in " + probe.source(), e);
            }
            exactSeek = false;
            LOG.log(System.Logger.Level.WARNING, probe.source().getFileName()
                    + " cannot be seeked exactly; frames are found by decoding from its start (slower).");
        }
        restart();
    }

    private void restart() throws VideoException {
        try {
            grabber.restart();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoException(Kind.CORRUPT, probe.source(),
                    probe.source().getFileName() + " cannot be read again from its start: it is damaged.", e);
        }
        nextIndex = 0;
        pending = null;
    }

    private void skip() throws VideoException {
        int position = nextIndex;
        if (next() == null) {
            throw new VideoException(Kind.CORRUPT, probe.source(),
                    probe.source().getFileName() + " ends at frame " + position + ". Copy it again from the original.");
        }
    }

    @Override
    public void close() {
        releaseQuietly(grabber);
    }

    private static void releaseQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception e) {
            // nothing left to save
        }
    }
}
