package io.vswap.video.api;

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
        SubMonitor sub = SubMonitor.convert(monitor, frames.size());
        FrameWriter w = writerFor(format).orElseThrow(() -> new IllegalStateException("no installed codec writes "
                + format + "; is the FFmpeg codec bundle installed?"))
                .openWriter(target, new EncodeSettings(format, frames.get(0).width(), frames.get(0).height(), fps));
        boolean done = false;
        try {
            for (RgbFrame f : frames) {
                if (sub.isCanceled()) {
                    throw new OperationCanceledException();
                }
                w.write(f);
                sub.worked(1);
            }
            w.close();
            done = true;
        } finally {
            if (!done) {
                w.abort();
            }
        }
    }
}
