package io.vswap.video.internal.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import io.vswap.files.api.AtomicFile;
import io.vswap.video.api.VideoCodec.AudioCarried;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;

/**
 * Puts a source's audio for a clip's time range under a rendered video, in sync: the audio
 * packets from the range start are shifted to time 0, as the clip's first frame is. Packets are
 * copied where the container takes the codec (AAC into MP4, PCM into Matroska); otherwise the
 * range is encoded to AAC first. Whole audio packets are kept, so the audio starts within one
 * packet (about 21 ms of AAC at 48 kHz) of the clip's first frame.
 */
final class AudioMux {

    private AudioMux() {
    }

    /** @param format the FFmpeg container name of {@code target}: {@code mp4} or {@code matroska} */
    static AudioCarried mux(Path video, String format, Path source, double startSeconds, double durationSeconds,
            Path target) throws VideoException {
        AVFormatContext src = open(source);
        Path encoded = null;
        try {
            int audioIndex = avformat.av_find_best_stream(src, avutil.AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null,
                    0);
            if (audioIndex < 0) {
                return AudioCarried.NONE;
            }
            int codecId = src.streams(audioIndex).codecpar().codec_id();
            if (copyable(format, codecId)) {
                remux(video, src, audioIndex, startSeconds, durationSeconds, target, format);
                return AudioCarried.COPIED;
            }
            encoded = target.resolveSibling(AtomicFile.hiddenTemp(AtomicFile.shownAs(target).getFileName().toString(),
                    "tmp-audio"));
            encodeAac(source, startSeconds, durationSeconds, encoded);
            AVFormatContext aac = open(encoded);
            try {
                remux(video, aac, 0, 0, durationSeconds, target, format);
            } finally {
                avformat.avformat_close_input(aac);
            }
            return AudioCarried.ENCODED_AAC;
        } finally {
            avformat.avformat_close_input(src);
            deleteQuietly(encoded);
        }
    }

    /**
     * Whether the packets can go into the container as they are. FFmpeg's MP4 muxer also takes PCM,
     * but players, browsers and editing suites do not read it there: an MP4 deliverable carries
     * only the codecs they all read.
     */
    private static boolean copyable(String format, int codecId) {
        if (format.equals("mp4")) {
            return codecId == avcodec.AV_CODEC_ID_AAC || codecId == avcodec.AV_CODEC_ID_MP3
                    || codecId == avcodec.AV_CODEC_ID_AC3 || codecId == avcodec.AV_CODEC_ID_EAC3
                    || codecId == avcodec.AV_CODEC_ID_ALAC;
        }
        return avformat.avformat_query_codec(avformat.av_guess_format(format, null, null), codecId,
                avcodec.FF_COMPLIANCE_NORMAL) == 1;
    }

    private static AVFormatContext open(Path file) throws VideoException {
        AVFormatContext fc = new AVFormatContext(null);
        if (avformat.avformat_open_input(fc, file.toString(), null, null) < 0
                || avformat.avformat_find_stream_info(fc, (AVDictionary) null) < 0) {
            throw new VideoException(Kind.CORRUPT, file, file.getFileName() + " cannot be read for its audio.");
        }
        return fc;
    }

    /** The video of {@code video} and the audio packets of the range, interleaved by time. */
    private static void remux(Path video, AVFormatContext audioIn, int audioIndex, double startSeconds,
            double durationSeconds, Path target, String format) throws VideoException {
        AVFormatContext videoIn = open(video);
        AVFormatContext out = new AVFormatContext(null);
        try {
            check(avformat.avformat_alloc_output_context2(out, null, format, target.toString()), target);
            AVStream vOut = copyStream(out, videoIn.streams(0), target);
            AVStream aOut = copyStream(out, audioIn.streams(audioIndex), target);
            AVIOContext pb = new AVIOContext(null);
            check(avformat.avio_open(pb, target.toString(), avformat.AVIO_FLAG_WRITE), target);
            out.pb(pb);
            check(avformat.avformat_write_header(out, (AVDictionary) null), target);
            AVStream aIn = audioIn.streams(audioIndex);
            long from = Math.round(startSeconds / avutil.av_q2d(aIn.time_base()));
            long to = Math.round((startSeconds + durationSeconds) / avutil.av_q2d(aIn.time_base()));
            interleave(out, videoIn, vOut, audioIn, audioIndex, aOut, from, to, target);
            check(avformat.av_write_trailer(out), target);
        } finally {
            if (out.pb() != null && !out.pb().isNull()) {
                avformat.avio_closep(out.pb());
            }
            avformat.avformat_free_context(out);
            avformat.avformat_close_input(videoIn);
        }
    }

    private static AVStream copyStream(AVFormatContext out, AVStream in, Path target) throws VideoException {
        AVStream s = avformat.avformat_new_stream(out, null);
        check(avcodec.avcodec_parameters_copy(s.codecpar(), in.codecpar()), target);
        s.codecpar().codec_tag(0); // let the container choose its own tag for the codec
        s.time_base(in.time_base());
        return s;
    }

    private static void interleave(AVFormatContext out, AVFormatContext videoIn, AVStream vOut, AVFormatContext audioIn,
            int audioIndex, AVStream aOut, long from, long to, Path target) throws VideoException {
        AVPacket v = avcodec.av_packet_alloc();
        AVPacket a = avcodec.av_packet_alloc();
        AVRational vTb = videoIn.streams(0).time_base();
        AVRational aTb = audioIn.streams(audioIndex).time_base();
        try {
            boolean haveV = readVideo(videoIn, v);
            boolean haveA = readAudio(audioIn, audioIndex, a, from, to);
            while (haveV || haveA) {
                boolean videoFirst = haveV && (!haveA
                        || v.dts() * avutil.av_q2d(vTb) <= (a.dts() - from) * avutil.av_q2d(aTb));
                if (videoFirst) {
                    write(out, v, vTb, vOut, 0, target);
                    haveV = readVideo(videoIn, v);
                } else {
                    write(out, a, aTb, aOut, from, target);
                    haveA = readAudio(audioIn, audioIndex, a, from, to);
                }
            }
        } finally {
            avcodec.av_packet_free(v);
            avcodec.av_packet_free(a);
        }
    }

    private static boolean readVideo(AVFormatContext in, AVPacket p) {
        while (avformat.av_read_frame(in, p) >= 0) {
            if (p.stream_index() == 0) {
                return true;
            }
            avcodec.av_packet_unref(p);
        }
        return false;
    }

    /** The next audio packet that starts inside [from, to), in the stream's time base. */
    private static boolean readAudio(AVFormatContext in, int index, AVPacket p, long from, long to) {
        while (avformat.av_read_frame(in, p) >= 0) {
            long t = p.pts() != avutil.AV_NOPTS_VALUE ? p.pts() : p.dts();
            if (p.stream_index() == index && t != avutil.AV_NOPTS_VALUE && t >= from && t < to) {
                if (p.dts() == avutil.AV_NOPTS_VALUE) {
                    p.dts(t);
                }
                if (p.pts() == avutil.AV_NOPTS_VALUE) {
                    p.pts(t);
                }
                return true;
            }
            boolean past = p.stream_index() == index && t != avutil.AV_NOPTS_VALUE && t >= to;
            avcodec.av_packet_unref(p);
            if (past) {
                return false;
            }
        }
        return false;
    }

    private static void write(AVFormatContext out, AVPacket p, AVRational inTb, AVStream s, long shift, Path target)
            throws VideoException {
        p.pts(p.pts() - shift);
        p.dts(p.dts() - shift);
        p.stream_index(s.index());
        avcodec.av_packet_rescale_ts(p, inTb, s.time_base());
        p.pos(-1);
        check(avformat.av_interleaved_write_frame(out, p), target);
    }

    /** The source's audio from {@code start} for {@code duration}, as AAC in an M4A file. */
    private static void encodeAac(Path source, double start, double duration, Path m4a) throws VideoException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.start();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(m4a.toFile(), g.getAudioChannels())) {
                r.setFormat("mp4");
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(g.getSampleRate());
                r.setAudioBitrate(192_000);
                r.start();
                long startMicros = Math.round(start * 1e6);
                long endMicros = Math.round((start + duration) * 1e6);
                if (startMicros > 0) {
                    g.setAudioTimestamp(startMicros);
                }
                for (Frame f; (f = g.grabSamples()) != null && f.timestamp < endMicros;) {
                    if (f.timestamp >= startMicros - 1) {
                        r.recordSamples(f.sampleRate, f.audioChannels, f.samples);
                    }
                }
                r.stop();
            }
        } catch (FrameGrabber.Exception | FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(Kind.CORRUPT, source,
                    "The audio of " + source.getFileName() + " cannot be converted for the render.", e);
        }
    }

    private static void check(int ret, Path target) throws VideoException {
        if (ret >= 0) {
            return;
        }
        Path shown = AtomicFile.shownAs(target); // the render the user knows, not its hidden temporary
        if (ret == -ENOSPC) {
            throw new VideoException(Kind.DISK_FULL, shown, "Cannot write " + shown
                    + ": the disk is full. Free some space or choose another destination; nothing was overwritten.");
        }
        throw new VideoException(Kind.NOT_WRITABLE, shown, "Cannot write the sound into " + shown
                + ". Choose another destination; nothing was overwritten.");
    }

    /** FFmpeg's AVERROR(ENOSPC) is the negated errno. */
    private static final int ENOSPC = 28;

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (java.io.IOException e) {
                // a temporary file beside the render; the next render overwrites it
            }
        }
    }
}
