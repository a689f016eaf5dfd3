package io.vswap.video.internal.ffmpeg;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoProbe;

/** Decodes one file to RGB frames with FFmpegFrameGrabber, rotating them upright. */
final class FfmpegFrameReader implements FrameReader {

    /** Up to this many frames ahead we decode forward rather than seek (a seek decodes a GOP anyway). */
    private static final int FORWARD_DECODE_LIMIT = 48;

    private final FFmpegFrameGrabber grabber;
    private final VideoProbe probe;
    private final int codedWidth;
    private final int codedHeight;
    private int nextIndex;

    private FfmpegFrameReader(FFmpegFrameGrabber grabber, VideoProbe probe, int codedWidth, int codedHeight) {
        this.grabber = grabber;
        this.probe = probe;
        this.codedWidth = codedWidth;
        this.codedHeight = codedHeight;
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
            VideoProbe probe = probe(source, g);
            return new FfmpegFrameReader(g, probe, g.getImageWidth(), g.getImageHeight());
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
                    + "Copy it again from the original. (FFmpeg: " + msg + ")", e);
        }
        return new VideoException(Kind.NOT_A_VIDEO, source, source.getFileName()
                + " is not a video FFmpeg can read. Choose a video file (MP4, MOV, MKV, AVI, …). (FFmpeg: " + msg + ")",
                e);
    }

    private static VideoProbe probe(Path source, FFmpegFrameGrabber g) throws VideoException {
        int streamIndex = g.getVideoStream();
        if (streamIndex < 0 || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            throw new VideoException(Kind.NOT_A_VIDEO, source,
                    source.getFileName() + " has no video stream (is it audio only?). Choose a file with video.");
        }
        AVFormatContext fc = g.getFormatContext();
        AVStream stream = fc.streams(streamIndex);
        AVCodecParameters par = stream.codecpar();
        String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
        int pixFmt = par.format();
        BytePointer pixName = pixFmt >= 0 ? avutil.av_get_pix_fmt_name(pixFmt) : null;
        String pixelFormat = pixName == null || pixName.isNull() ? "unknown" : pixName.getString();
        if (pixFmt < 0) {
            // Headers readable, pictures not: typically a file cut short right after its index.
            throw new VideoException(Kind.CORRUPT, source, source.getFileName()
                    + " is damaged or cut short: its headers are there but its pictures cannot be read. "
                    + "Copy it again from the original.");
        }
        if (swscale.sws_isSupportedInput(pixFmt) == 0) {
            throw new VideoException(Kind.UNSUPPORTED, source, source.getFileName() + " stores its pictures as "
                    + pixelFormat + ", which cannot be converted to RGB here. Transcode it to an 8-bit YUV or RGB "
                    + "format (e.g. ffmpeg -i in -pix_fmt yuv420p out.mp4) and import that.");
        }
        double fps = g.getFrameRate();
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new VideoException(Kind.CORRUPT, source,
                    source.getFileName() + " does not say its frame rate. Re-wrap it with a frame rate and import that.");
        }
        int frameCount = (int) stream.nb_frames();
        if (frameCount <= 0) {
            frameCount = countVideoPackets(source, streamIndex);
        }
        if (frameCount <= 0) {
            throw new VideoException(Kind.EMPTY, source,
                    source.getFileName() + " has a video stream with no frames in it. Render or copy it again.");
        }
        double duration = fc.duration() > 0 ? fc.duration() / (double) avutil.AV_TIME_BASE : frameCount / fps;
        int rotation = clockwiseRotation(g.getDisplayRotation());
        boolean sideways = rotation == 90 || rotation == 270;
        int width = sideways ? g.getImageHeight() : g.getImageWidth();
        int height = sideways ? g.getImageWidth() : g.getImageHeight();
        return new VideoProbe(source, width, height, fps, frameCount, duration, codec, pixelFormat, rotation);
    }

    /** FFmpeg's display matrix angle is counter-clockwise; players turn the picture the other way. */
    static int clockwiseRotation(double displayRotation) {
        if (Double.isNaN(displayRotation)) {
            return 0;
        }
        long r = Math.round(-displayRotation / 90.0) * 90;
        return (int) (((r % 360) + 360) % 360);
    }

    /** Containers such as Matroska do not store a frame count: count the packets (no decoding). */
    private static int countVideoPackets(Path source, int streamIndex) throws VideoException {
        AVFormatContext fc = new AVFormatContext(null);
        if (avformat.avformat_open_input(fc, source.toString(), null, null) < 0) {
            throw new VideoException(Kind.CORRUPT, source, source.getFileName() + " cannot be read to count frames.");
        }
        AVPacket pkt = avcodec.av_packet_alloc();
        try {
            avformat.avformat_find_stream_info(fc, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            int count = 0;
            while (avformat.av_read_frame(fc, pkt) >= 0) {
                if (pkt.stream_index() == streamIndex) {
                    count++;
                }
                avcodec.av_packet_unref(pkt);
            }
            return count;
        } finally {
            avcodec.av_packet_free(pkt);
            avformat.avformat_close_input(fc);
        }
    }

    @Override
    public VideoProbe probe() {
        return probe;
    }

    @Override
    public RgbFrame next() throws VideoException {
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoException(Kind.CORRUPT, probe.source(), probe.source().getFileName()
                    + " is damaged at frame " + nextIndex + ": " + e.getMessage() + ". Copy it again from the original.",
                    e);
        }
        if (f == null || f.image == null) {
            int missing = probe.frameCount() - nextIndex;
            // Headers may over-count by a frame or two (edit lists); a real truncation loses many.
            if (missing > Math.max(2, probe.frameCount() / 100)) {
                throw new VideoException(Kind.CORRUPT, probe.source(), String.format(
                        "%s ends after %d frames although its header promises %d: it was cut short (an interrupted "
                                + "copy or render). Copy it again from the original.",
                        probe.source().getFileName(), nextIndex, probe.frameCount()));
            }
            return null;
        }
        byte[] rgb = copyPacked((ByteBuffer) f.image[0], f.imageStride, codedWidth, codedHeight);
        RgbFrame frame = Rotation.apply(new RgbFrame(nextIndex, codedWidth, codedHeight, rgb), probe.rotationDegrees());
        nextIndex++;
        return frame;
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
    public RgbFrame read(int index) throws VideoException {
        if (index < 0 || index >= probe.frameCount()) {
            throw new VideoException(Kind.OUT_OF_RANGE, probe.source(), String.format(
                    "Frame %d does not exist: %s has frames 0–%d.", index, probe.source().getFileName(),
                    probe.frameCount() - 1));
        }
        if (index < nextIndex || index - nextIndex > FORWARD_DECODE_LIMIT) {
            try {
                grabber.setVideoFrameNumber(index);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new VideoException(Kind.CORRUPT, probe.source(),
                        "Cannot seek to frame " + index + " of " + probe.source().getFileName() + ": " + e.getMessage(), e);
            }
            nextIndex = index;
        }
        while (nextIndex < index) {
            skip();
        }
        RgbFrame frame = next();
        if (frame == null) {
            throw new VideoException(Kind.CORRUPT, probe.source(),
                    probe.source().getFileName() + " ends before frame " + index + ". Copy it again from the original.");
        }
        return frame;
    }

    private void skip() throws VideoException {
        try {
            if (grabber.grabImage() == null) {
                throw new VideoException(Kind.CORRUPT, probe.source(),
                        probe.source().getFileName() + " ends at frame " + nextIndex + ". Copy it again from the original.");
            }
        } catch (FrameGrabber.Exception e) {
            throw new VideoException(Kind.CORRUPT, probe.source(),
                    probe.source().getFileName() + " is damaged at frame " + nextIndex + ": " + e.getMessage(), e);
        }
        nextIndex++;
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
