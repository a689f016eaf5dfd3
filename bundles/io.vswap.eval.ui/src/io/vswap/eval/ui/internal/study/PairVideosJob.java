package io.vswap.eval.ui.internal.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.eval.study.api.RaterSession.ShownPair;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;

/**
 * Decodes one study pair's videos (left, right, and the source when the study shows it) for the
 * rater view, off the UI thread. Its name and messages never say which render is which variant.
 */
public final class PairVideosJob extends StudioJob {

    /** A pair's frames as the rater view shows them; {@code source} empty when the study shows none. */
    public record PairFrames(ShownPair pair, List<ImageData> left, List<ImageData> right, Optional<List<ImageData>> source,
            double fps) {
    }

    private final VideoCodecRegistry codecs;
    private final ShownPair pair;
    private volatile PairFrames loaded;

    PairVideosJob(VideoCodecRegistry codecs, ShownPair pair) {
        super("Loading pair " + pair.position() + " of " + pair.total());
        this.codecs = codecs;
        this.pair = pair;
        setUser(false);
        setSystem(true); // a rater's step, not work to list in the Progress view
        failuresShownByCaller();
    }

    /** The frames once the job finished with OK; null otherwise. */
    PairFrames loaded() {
        return loaded;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 3);
        double[] fps = new double[1];
        List<ImageData> left = decode(pair.left(), "the left video", fps, sub.split(1));
        List<ImageData> right = decode(pair.right(), "the right video", fps, sub.split(1));
        Optional<List<ImageData>> source = pair.source().isEmpty() ? Optional.empty()
                : Optional.of(decode(pair.source().get(), "the source video", fps, sub.split(1)));
        loaded = new PairFrames(pair, left, right, source, fps[0]);
    }

    private List<ImageData> decode(Path video, String which, double[] fps, IProgressMonitor monitor) throws Exception {
        List<RgbFrame> frames;
        try {
            if (fps[0] <= 0) {
                fps[0] = codecs.codecFor(video).probe(video).frameRate();
            }
            frames = codecs.readVideo(video, monitor);
        } catch (VideoException e) {
            throw new IOException("Cannot play " + which + " of pair " + pair.position() + ": " + e.getMessage(), e);
        }
        if (frames.isEmpty()) {
            throw new IOException("Cannot play " + which + " of pair " + pair.position() + ": it has no frames ("
                    + video + ")");
        }
        return frames.stream().map(RgbImages::toImageData).toList();
    }
}
