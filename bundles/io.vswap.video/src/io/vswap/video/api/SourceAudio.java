package io.vswap.video.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.vswap.files.api.AtomicFile;
import io.vswap.video.api.VideoCodec.AudioCarried;

/**
 * The sound a clip's render carries: the source's audio from the clip's first frame to the end
 * of its last, so that a render of the clip plays in sync with the picture it shows.
 *
 * @param source the shot's source file
 * @param startSeconds time of the clip's first frame in the source (its real time on a
 *        variable-rate source)
 * @param durationSeconds the clip's length in the source
 */
public record SourceAudio(Path source, double startSeconds, double durationSeconds) {

    /** The audio of {@code shot}'s clip; reads the source's frame times (cheap once probed). */
    public static SourceAudio of(VideoCodecRegistry codecs, Shot shot, ClipSettings clip) throws VideoException {
        VideoCodec codec = codecs.byId(shot.codec()).orElse(null);
        try (FrameReader r = (codec != null ? codec : codecs.codecFor(shot.source())).openReader(shot.source())) {
            int count = r.probe().frameCount();
            double start = r.frameTimeSeconds(clip.startFrame());
            int end = clip.startFrame() + clip.frameCount() * clip.stride();
            double endTime = end < count ? r.frameTimeSeconds(end) : r.probe().durationSeconds();
            return new SourceAudio(shot.source(), start, endTime - start);
        }
    }

    /** Writes a render's pictures (no sound) to the file it is given. */
    @FunctionalInterface
    public interface Pictures {
        void writeTo(Path videoOnly) throws VideoException, IOException;
    }

    /**
     * Writes {@code frames} as {@code format} to {@code target} with this audio under them (when the
     * source has audio and the codec can carry it). As {@link VideoCodecRegistry#writeVideo}, the
     * target appears whole or not at all.
     *
     * @return what happened to the audio
     */
    public AudioCarried writeVideo(VideoCodecRegistry codecs, Path target, VideoFormat format,
            java.util.List<RgbFrame> frames, double fps, org.eclipse.core.runtime.IProgressMonitor monitor)
            throws VideoException, IOException {
        return writeVideo(codecs, target, format, videoOnly -> codecs.writeVideo(videoOnly, format, frames, fps, monitor));
    }

    /**
     * Writes {@code target} as {@code format}: the pictures {@code pictures} writes, with this audio
     * under them (when the source has audio and the codec can carry it). The target appears whole
     * or not at all.
     *
     * @return what happened to the audio
     */
    public AudioCarried writeVideo(VideoCodecRegistry codecs, Path target, VideoFormat format, Pictures pictures)
            throws VideoException, IOException {
        VideoCodec codec = codecs.writerFor(format).orElseThrow(
                () -> new IllegalStateException("no installed codec writes " + format));
        // the pictures first, beside the target under hidden names that messages show as the render's own
        String shown = AtomicFile.shownAs(target).getFileName().toString();
        Path videoOnly = target.resolveSibling(AtomicFile.hiddenTemp(shown, "tmp-video"));
        Path muxed = target.resolveSibling(AtomicFile.hiddenTemp(shown, "tmp-mux"));
        try {
            pictures.writeTo(videoOnly);
            AudioCarried carried = codec.addSourceAudio(videoOnly, format, source, startSeconds, durationSeconds,
                    muxed);
            boolean withAudio = carried == AudioCarried.COPIED || carried == AudioCarried.ENCODED_AAC;
            Files.move(withAudio ? muxed : videoOnly, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return carried;
        } finally {
            Files.deleteIfExists(videoOnly);
            Files.deleteIfExists(muxed);
        }
    }
}
