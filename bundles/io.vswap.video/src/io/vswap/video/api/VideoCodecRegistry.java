package io.vswap.video.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

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

    /**
     * Every frame of {@code source} in presentation order, decoded with the best codec for it: the
     * whole clip in memory (a render, a study's video), not for footage of any length.
     *
     * @param monitor one unit per frame, checked for cancel between frames; may be null
     * @throws OperationCanceledException when the monitor is cancelled
     */
    default List<RgbFrame> readVideo(Path source, IProgressMonitor monitor) throws VideoException {
        List<RgbFrame> frames = new java.util.ArrayList<>();
        try (FrameReader reader = codecFor(source).openReader(source)) {
            SubMonitor sub = SubMonitor.convert(monitor, Math.max(1, reader.probe().frameCount()));
            for (RgbFrame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
                sub.split(1); // throws when cancelled
            }
        }
        return frames;
    }

    /**
     * Writes {@code frames} as a video file with the best codec for {@code format}: the file appears
     * whole (the writer publishes it atomically on close) or, on a failure or a cancel, not at all —
     * an existing file of that name is left as it was.
     *
     * @param monitor one unit per frame, checked for cancel between frames; may be null
     * @throws IllegalStateException when no installed codec writes {@code format}
     * @throws OperationCanceledException when the monitor is cancelled
     */
    default void writeVideo(Path target, VideoFormat format, List<RgbFrame> frames, double fps,
            IProgressMonitor monitor) throws VideoException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write to " + target);
        }
        EncodeSettings settings = new EncodeSettings(format, frames.get(0).width(), frames.get(0).height(), fps);
        try {
            writeVideo(target, settings, FrameSource.of(frames), frames.size(), monitor);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a list does no I/O
        }
    }

    /**
     * Writes the frames {@code frames} hands over, one at a time, as a video file with the best
     * codec for the settings' format: only the frame being encoded is in memory, so a clip of any
     * length goes through in a fixed window. Publishes atomically as the list form does.
     *
     * @param frameCount how many frames to expect, for progress only
     * @param monitor one unit per frame, checked for cancel between frames; may be null
     * @return how many frames were written
     * @throws IllegalArgumentException when {@code frames} hands over none
     * @throws IllegalStateException when no installed codec writes the format
     * @throws OperationCanceledException when the monitor is cancelled
     */
    default int writeVideo(Path target, EncodeSettings settings, FrameSource frames, int frameCount,
            IProgressMonitor monitor) throws VideoException, IOException {
        SubMonitor sub = SubMonitor.convert(monitor, Math.max(1, frameCount));
        FrameWriter w = writerFor(settings.format()).orElseThrow(() -> new IllegalStateException("no installed codec writes "
                + settings.format() + "; is the FFmpeg codec bundle installed?")).openWriter(target, settings);
        boolean done = false;
        int written = 0;
        try {
            for (RgbFrame f; !cancelled(sub) && (f = frames.next()) != null;) {
                w.write(f);
                written++;
                sub.worked(1);
            }
            if (written == 0) {
                throw new IllegalArgumentException("no frames to write to " + target);
            }
            w.close();
            done = true;
        } finally {
            if (!done) {
                w.abort();
            }
        }
        return written;
    }

    private static boolean cancelled(SubMonitor sub) {
        if (sub.isCanceled()) {
            throw new OperationCanceledException();
        }
        return false;
    }
}
