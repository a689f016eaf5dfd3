package io.vswap.swap.ui.internal.editor;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioJobs;

/**
 * Reads what the Swap editor shows off the UI thread: the clip's prepared frames (what the swap
 * job edits), and the point set the swap job uses (named like the clip), or none.
 */
final class LoadSwapClipJob extends Job {

    /** The clip's images, and its point set ({@code null}: none saved). */
    record Loaded(List<ImageData> images, PointSet points) {
    }

    private final ProjectSession session;
    private final PointSetStore pointSets;
    private final ClipRef ref;
    private volatile Loaded loaded;

    LoadSwapClipJob(ProjectSession session, PointSetStore pointSets, ClipRef ref) {
        super("Loading frames and points of " + ref.clip().name());
        this.session = session;
        this.pointSets = pointSets;
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
            PointSet points = pointSets.load(ref.project(), ref.shot(), ref.clip().name()).orElse(null);
            loaded = new Loaded(clip.images(), points);
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
