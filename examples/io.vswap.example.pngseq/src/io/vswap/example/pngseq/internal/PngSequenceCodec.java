package io.vswap.example.pngseq.internal;

import java.nio.file.Path;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;

/**
 * Reads numbered PNG sequences, the way render farms deliver shots. Ranked above FFmpeg so
 * that a pattern such as {@code shot_%04d.png}, which FFmpeg's image2 demuxer would also take,
 * comes here with this codec's checks (gaps, mixed sizes).
 */
@Component(service = VideoCodec.class, property = "service.ranking:Integer=10")
public final class PngSequenceCodec implements VideoCodec {

    @Override
    public String id() {
        return "pngseq";
    }

    @Override
    public String displayName() {
        return "PNG image sequence (example)";
    }

    @Override
    public boolean canRead(Path source) {
        return PngSequence.looksLike(source);
    }

    @Override
    public Set<VideoFormat> writableFormats() {
        return Set.of();
    }

    @Override
    public VideoProbe probe(Path source) throws VideoException {
        return PngSequence.resolve(source).probe();
    }

    @Override
    public FrameReader openReader(Path source) throws VideoException {
        return new PngSequenceReader(PngSequence.resolve(source));
    }

    @Override
    public FrameWriter openWriter(Path target, EncodeSettings settings) throws VideoException {
        throw new VideoException(Kind.UNSUPPORTED, target,
                "The PNG sequence codec only reads. Write " + settings.format() + " with the FFmpeg codec.");
    }
}
