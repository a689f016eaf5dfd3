package io.vswap.points.ui.internal.editor;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.points.api.PointSet;
import io.vswap.points.ui.internal.PointServices;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioJobs;
import io.vswap.video.api.RgbFrame;

/**
 * Reads what the point editor needs off the UI thread: the clip's prepared frames (the
 * coordinate space of every point), their images, and the clip's saved point set or an empty one.
 */
final class LoadPointClipJob extends Job {

    /** What was loaded: frames for the tracker, images for the canvas, the point set. */
    record Loaded(List<RgbFrame> frames, List<ImageData> images, PointSet points) {
    }

    private final ProjectSession session;
    private final PointServices services;
    private final ClipRef ref;
    private volatile Loaded loaded;

    LoadPointClipJob(ProjectSession session, PointServices services, ClipRef ref) {
        super("Loading points and frames of " + ref.clip().name());
        this.session = session;
        this.services = services;
        this.ref = ref;
    }

    Loaded loaded() {
        return loaded;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
            PreparedFrames clip = PreparedFrames.read(session, ref, sub.split(9));
            List<RgbFrame> frames = clip.frames();
            List<ImageData> images = clip.images();
            RgbFrame first = frames.get(0);
            PointSet points = services.store().load(ref.project(), ref.shot(), ref.clip().name())
                    .orElse(PointSet.empty(ref.clip().name(), frames.size(), first.width(), first.height()));
            if (points.frameCount() != frames.size() || points.width() != first.width()
                    || points.height() != first.height()) {
                return Status.error("The saved points of " + ref.clip().name() + " are for " + points.frameCount()
                        + " frames of " + points.width() + "×" + points.height() + " but the clip now has "
                        + frames.size() + " frames of " + first.width() + "×" + first.height()
                        + ". The clip settings changed after the points were placed.");
            }
            sub.worked(1);
            loaded = new Loaded(List.copyOf(frames), List.copyOf(images), points);
            return Status.OK_STATUS;
        } catch (Exception e) {
            return StudioJobs.statusOf(e);
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == StudioJobs.FAMILY;
    }
}
