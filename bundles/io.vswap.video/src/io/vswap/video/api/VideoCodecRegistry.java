package io.vswap.video.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every {@link VideoCodec} service registered now, best first (by service ranking). */
public interface VideoCodecRegistry {

    List<VideoCodec> codecs();

    Optional<VideoCodec> byId(String id);

    /**
     * The best codec that claims {@code source}.
     *
     * @throws VideoException NOT_FOUND when the file does not exist, EMPTY when it has no
     *         bytes, NOT_A_VIDEO when no codec claims it
     */
    VideoCodec codecFor(Path source) throws VideoException;

    /** The best codec that writes {@code format}. */
    Optional<VideoCodec> writerFor(VideoFormat format);
}
