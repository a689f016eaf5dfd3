package io.vswap.video.api;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads and writes moving images. A seam: the product's implementation is FFmpeg (through
 * JavaCV); a studio may register its own (an EXR or PNG sequence reader) as an OSGi service
 * and the workbench and the batch runner use it without any change of ours.
 */
public interface VideoCodec {

    /** A short stable identifier, e.g. {@code "ffmpeg"}; used in specs and listings. */
    String id();

    /** A name for people, e.g. {@code "FFmpeg (JavaCV)"}. */
    String displayName();

    /** Whether this codec claims the source; cheap (name, extension or a few bytes). */
    boolean canRead(Path source);

    /** The formats {@link #openWriter} accepts; empty for a read-only codec. */
    Set<VideoFormat> writableFormats();

    /** Reads the source's properties without decoding the whole of it. */
    VideoProbe probe(Path source) throws VideoException;

    /** Opens the source for sequential and random-access decoding to RGB. */
    FrameReader openReader(Path source) throws VideoException;

    /**
     * Opens an encoder. The target appears only once {@link FrameWriter#close()} succeeds
     * (written to a temporary file beside it, then renamed), so a failed or cancelled encode
     * never damages a file already there.
     */
    FrameWriter openWriter(Path target, EncodeSettings settings) throws VideoException;

    /** What {@link #addSourceAudio} did with the source's audio. */
    enum AudioCarried {
        /** The audio packets were copied unchanged. */
        COPIED,
        /** The container does not take the source's audio codec: the range was encoded to AAC. */
        ENCODED_AAC,
        /** The source has no audio; {@code target} was not written. */
        NONE,
        /** This codec cannot carry audio; {@code target} was not written. */
        UNSUPPORTED
    }

    /**
     * Writes {@code target} as {@code format}: the pictures of {@code video} (a file this codec wrote
     * in that format) with the audio of {@code source} from {@code startSeconds} for
     * {@code durationSeconds}, starting with the video's first frame. The caller publishes
     * {@code target}; nothing else is changed.
     */
    default AudioCarried addSourceAudio(Path video, VideoFormat format, Path source, double startSeconds,
            double durationSeconds, Path target) throws VideoException {
        return AudioCarried.UNSUPPORTED;
    }
}
