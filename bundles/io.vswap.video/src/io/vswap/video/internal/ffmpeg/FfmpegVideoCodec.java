package io.vswap.video.internal.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.bytedeco.ffmpeg.global.avutil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;

/** The product's codec: FFmpeg through JavaCV. Reads any single-file video FFmpeg can demux. */
@Component(service = VideoCodec.class, property = "service.ranking:Integer=0")
public final class FfmpegVideoCodec implements VideoCodec {

    public static final String ID = "ffmpeg";

    @Activate
    void activate() {
        // FFmpeg logs every recoverable glitch; we report failures ourselves, in words.
        FfmpegLog.install();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "FFmpeg " + avutil.av_version_info().getString() + " (JavaCV)";
    }

    @Override
    public boolean canRead(Path source) {
        try {
            return Files.isRegularFile(source) && Files.size(source) > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public Set<VideoFormat> writableFormats() {
        return EnumSet.allOf(VideoFormat.class);
    }

    @Override
    public VideoProbe probe(Path source) throws VideoException {
        try (FfmpegFrameReader reader = FfmpegFrameReader.open(source)) {
            return reader.probe();
        }
    }

    @Override
    public FrameReader openReader(Path source) throws VideoException {
        return FfmpegFrameReader.open(source);
    }

    @Override
    public FrameWriter openWriter(Path target, EncodeSettings settings) throws VideoException {
        return FfmpegFrameWriter.open(target, settings);
    }

    @Override
    public AudioCarried addSourceAudio(Path video, VideoFormat format, Path source, double startSeconds,
            double durationSeconds, Path target) throws VideoException {
        return AudioMux.mux(video, format == VideoFormat.FFV1_MKV ? "matroska" : "mp4", source, startSeconds,
                durationSeconds, target);
    }
}
