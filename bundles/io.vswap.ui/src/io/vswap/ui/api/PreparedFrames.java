package io.vswap.ui.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoException;

/**
 * A clip's prepared frames (cropped and scaled, from the project cache, decoded first when the
 * cache is not there yet) and their images: the one way the player and the editors load a clip.
 *
 * @param frames what the jobs edit and the points are placed on
 * @param images the same frames for SWT
 */
public record PreparedFrames(List<RgbFrame> frames, List<ImageData> images) {

    public PreparedFrames {
        frames = List.copyOf(frames);
        images = List.copyOf(images);
    }

    /**
     * Reads them off the UI thread.
     *
     * @param monitor 10 units; cancellation is checked between frames
     * @throws IOException when the clip has no frames, or they cannot be read (in words)
     */
    public static PreparedFrames read(ProjectSession session, ClipRef ref, IProgressMonitor monitor)
            throws IOException, VideoException {
        SubMonitor sub = SubMonitor.convert(monitor, 10);
        List<RgbFrame> frames = session.store().readClipFrames(ref.project(), ref.shot(), ref.clip(), sub.split(8));
        if (frames.isEmpty()) {
            throw new IOException("Clip " + ref.clip().name() + " has no frames");
        }
        SubMonitor convert = sub.split(2).setWorkRemaining(frames.size());
        List<ImageData> images = new ArrayList<>(frames.size());
        for (RgbFrame f : frames) {
            convert.checkCanceled();
            images.add(RgbImages.toImageData(f));
            convert.worked(1);
        }
        return new PreparedFrames(frames, images);
    }
}
