package io.vswap.ui.internal.jobs;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.VideoCodec;

/**
 * Decodes a clip's frames for the player: either the source frames it takes (shown with the
 * crop over them) or the prepared frames from the project cache (decoding them first if the
 * cache is not there yet).
 */
public final class LoadClipFramesJob extends StudioJob {

    /** Which frames the player shows. */
    public enum Frames {
        /** The source frames the clip takes, uncropped. */
        SOURCE,
        /** The clip's prepared (cropped and scaled) frames from the project cache. */
        PREPARED
    }

    private final ProjectSession session;
    private final ClipRef ref;
    private final Frames frames;
    private volatile List<ImageData> loaded;
    private volatile double[] sourceTimes;

    public LoadClipFramesJob(ProjectSession session, ClipRef ref, Frames frames) {
        super((frames == Frames.SOURCE ? "Decoding source frames of " : "Preparing clip ") + ref.clip().name());
        this.session = session;
        this.ref = ref;
        this.frames = frames;
    }

    public ClipRef ref() {
        return ref;
    }

    public Frames frames() {
        return frames;
    }

    /** One image per clip frame once the job finished with OK; {@code null} otherwise. */
    public List<ImageData> loaded() {
        return loaded;
    }

    /**
     * Each clip frame's real time in the source, in seconds from its first frame (uneven on a
     * variable-rate source), once the job finished with OK; {@code null} otherwise.
     */
    public double[] sourceTimes() {
        return sourceTimes;
    }

    /** Public so that a caller with its own monitor (a test, a batch step) can run the load directly. */
    @Override
    public IStatus run(IProgressMonitor monitor) {
        return super.run(monitor);
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        List<ImageData> images = frames == Frames.SOURCE ? decodeSource(monitor) : readPrepared(monitor);
        if (sourceTimes == null) {
            try (FrameReader reader = codec().openReader(ref.shot().source())) {
                sourceTimes = timesOf(reader, ref.clip().settings());
            }
        }
        loaded = images;
    }

    private VideoCodec codec() throws Exception {
        VideoCodec codec = session.codecs().byId(ref.shot().codec()).orElse(null);
        // the codec that imported the shot is gone: take whichever claims the file now
        return codec != null ? codec : session.codecs().codecFor(ref.shot().source());
    }

    private static double[] timesOf(FrameReader reader, ClipSettings settings) {
        double[] times = new double[settings.frameCount()];
        for (int i = 0; i < times.length; i++) {
            times[i] = reader.frameTimeSeconds(settings.sourceFrame(i));
        }
        return times;
    }

    private List<ImageData> decodeSource(IProgressMonitor monitor) throws Exception {
        ClipSettings settings = ref.clip().settings();
        SubMonitor sub = SubMonitor.convert(monitor, getName(), settings.frameCount());
        List<ImageData> out = new ArrayList<>(settings.frameCount());
        try (FrameReader reader = codec().openReader(ref.shot().source())) {
            sourceTimes = timesOf(reader, settings);
            for (int i = 0; i < settings.frameCount(); i++) {
                sub.checkCanceled(); // between frames: a cancelled decode stops within one frame
                out.add(RgbImages.toImageData(reader.read(settings.sourceFrame(i))));
                sub.worked(1);
            }
        }
        return out;
    }

    private List<ImageData> readPrepared(IProgressMonitor monitor) throws Exception {
        return PreparedFrames.read(session, ref, SubMonitor.convert(monitor, getName(), 1).split(1)).images();
    }
}
