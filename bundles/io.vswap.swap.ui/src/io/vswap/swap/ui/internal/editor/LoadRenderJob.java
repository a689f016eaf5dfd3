package io.vswap.swap.ui.internal.editor;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.VideoCodecRegistry;

/** Decodes a render's lossless video (the FFV1 .mkv the swap job writes) into images for the result view. */
final class LoadRenderJob extends StudioJob {

    private final VideoCodecRegistry codecs;
    private final RenderRecord record;
    private volatile List<ImageData> loaded;

    LoadRenderJob(VideoCodecRegistry codecs, RenderRecord record) {
        super("Decoding render " + record.video().getFileName());
        this.codecs = codecs;
        this.record = record;
        setSystem(true);
    }

    RenderRecord record() {
        return record;
    }

    List<ImageData> loaded() {
        return loaded;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        Path file = record.video();
        List<ImageData> out = codecs.readVideo(file, SubMonitor.convert(monitor, getName(), 1).split(1)).stream()
                .map(RgbImages::toImageData).toList();
        if (out.isEmpty()) {
            throw new CoreException(Status.error("The render " + file + " has no frames"));
        }
        loaded = out;
    }
}
