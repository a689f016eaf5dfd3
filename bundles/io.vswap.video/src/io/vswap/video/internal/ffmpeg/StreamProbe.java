package io.vswap.video.internal.ffmpeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import io.vswap.video.api.AudioStream;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoProbe;

/** A file's {@link VideoProbe}: its picture from the headers, its frames from its {@link FrameIndex}. */
final class StreamProbe {

    private StreamProbe() {
    }

    static VideoProbe probe(Path source, FFmpegFrameGrabber g, FrameIndex index) throws VideoException {
        AVFormatContext fc = g.getFormatContext();
        AVStream stream = fc.streams(g.getVideoStream());
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
        int frameCount = index.frameCount();
        if (frameCount <= 0) {
            throw new VideoException(Kind.EMPTY, source,
                    source.getFileName() + " has a video stream with no frames in it. Render or copy it again.");
        }
        boolean variable = index.variableRate();
        double fps = variable ? index.meanRate() : g.getFrameRate();
        if (!(fps > 0) || Double.isInfinite(fps)) {
            fps = index.meanRate();
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new VideoException(Kind.CORRUPT, source,
                    source.getFileName() + " does not say its frame rate. Re-wrap it with a frame rate and import that.");
        }
        int rotation = clockwiseRotation(g.getDisplayRotation());
        boolean sideways = rotation == 90 || rotation == 270;
        int width = sideways ? g.getImageHeight() : g.getImageWidth();
        int height = sideways ? g.getImageWidth() : g.getImageHeight();
        return new VideoProbe(source, width, height, fps, frameCount, index.durationSeconds(fps), codec, pixelFormat,
                rotation, variable, audioStreams(fc), warnings(source, index));
    }

    /** What a user should know: the header and the stream disagree, the file ends early, no times. */
    private static List<String> warnings(Path source, FrameIndex index) {
        List<String> out = new ArrayList<>();
        String name = source.getFileName().toString();
        if (index.cutShort()) {
            String promised = index.headerFrames() > index.frameCount() ? " of the " + index.headerFrames() + " its header lists" : "";
            out.add(String.format(Locale.ROOT, "%s is cut short (an interrupted copy or render): its %d complete "
                    + "frames%s are used. Copy it again from the original to get the rest.", name, index.frameCount(),
                    promised));
        } else if (index.headerFrames() > 0 && index.headerFrames() != index.frameCount()) {
            out.add(String.format(Locale.ROOT, "%s's header says %d frames but the file stores %d; the %d stored "
                    + "frames are used.", name, index.headerFrames(), index.frameCount(), index.frameCount()));
        }
        if (!index.timestamped()) {
            out.add(name + " does not time its frames; frames are found by decoding from its start (slower).");
        }
        return out;
    }

    private static List<AudioStream> audioStreams(AVFormatContext fc) {
        List<AudioStream> out = new ArrayList<>();
        for (int i = 0; i < fc.nb_streams(); i++) {
            AVStream s = fc.streams(i);
            AVCodecParameters par = s.codecpar();
            if (par.codec_type() != avutil.AVMEDIA_TYPE_AUDIO) {
                continue;
            }
            double duration = s.duration() != avutil.AV_NOPTS_VALUE
                    ? s.duration() * (double) s.time_base().num() / s.time_base().den()
                    : fc.duration() > 0 ? fc.duration() / (double) avutil.AV_TIME_BASE : 0;
            out.add(new AudioStream(avcodec.avcodec_get_name(par.codec_id()).getString(),
                    par.ch_layout().nb_channels(), par.sample_rate(), duration));
        }
        return out;
    }

    /** FFmpeg's display matrix angle is counter-clockwise; players turn the picture the other way. */
    static int clockwiseRotation(double displayRotation) {
        if (Double.isNaN(displayRotation)) {
            return 0;
        }
        long r = Math.round(-displayRotation / 90.0) * 90;
        return (int) (((r % 360) + 360) % 360);
    }
}
