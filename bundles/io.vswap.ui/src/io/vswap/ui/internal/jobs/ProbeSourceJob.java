package io.vswap.ui.internal.jobs;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;

/** Probes a source and decodes its first frame for the import wizard. */
public final class ProbeSourceJob extends StudioJob {

    private final VideoCodecRegistry codecs;
    private final Path source;
    private volatile SourcePreview preview;

    public ProbeSourceJob(VideoCodecRegistry codecs, Path source) {
        super("Probing " + source.getFileName());
        this.codecs = codecs;
        this.source = source;
        failuresShownByCaller(); // on the wizard page
    }

    public Path source() {
        return source;
    }

    /** The preview once the job finished with OK; {@code null} otherwise. */
    public SourcePreview preview() {
        return preview;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, "Probing " + source.getFileName(), 3);
        VideoCodec codec = codecs.codecFor(source);
        sub.worked(1);
        sub.checkCanceled();
        var probe = codec.probe(source);
        sub.worked(1);
        sub.checkCanceled();
        RgbFrame first;
        try (FrameReader reader = codec.openReader(source)) {
            first = reader.read(0);
        }
        sub.worked(1);
        preview = new SourcePreview(codec.id(), codec.displayName(), probe, RgbImages.toImageData(first));
    }
}
