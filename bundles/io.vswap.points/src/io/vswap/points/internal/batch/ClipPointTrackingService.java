package io.vswap.points.internal.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.points.api.ClipPointTracking;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoException;

/** Read frames, track, save: the "track" batch job. */
@Component(service = ClipPointTracking.class)
public final class ClipPointTrackingService implements ClipPointTracking {

    /** Distinct, saturated colours for points placed without one (cycled). */
    static final int[] PALETTE = { 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6,
            0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000, 0xaaffc3 };

    @Reference
    private ProjectStore projects;
    @Reference
    private PointTracker tracker;
    @Reference
    private PointSetStore store;

    @Override
    public Path trackAndSave(Project project, Shot shot, Clip clip, int keyframe, Map<String, Position> points,
            IProgressMonitor monitor) throws VideoException, IOException {
        var s = clip.settings();
        if (keyframe < 0 || keyframe >= s.frameCount()) {
            throw new IllegalArgumentException("keyframe " + keyframe + " is outside clip \"" + clip.name()
                    + "\" (frames 0–" + (s.frameCount() - 1) + ")");
        }
        PointSet set = PointSet.empty(clip.name(), s.frameCount(), s.outputWidth(), s.outputHeight());
        int i = 0;
        for (Map.Entry<String, Position> e : points.entrySet()) {
            Position p = e.getValue();
            if (p.x() < 0 || p.y() < 0 || p.x() > s.outputWidth() - 1 || p.y() > s.outputHeight() - 1) {
                throw new IllegalArgumentException("point \"" + e.getKey() + "\" at " + p.x() + "," + p.y()
                        + " is outside the clip's " + s.outputWidth() + "x" + s.outputHeight() + " frames");
            }
            set = set.withPoint(SemanticPoint.placed(e.getKey(), PALETTE[i++ % PALETTE.length], keyframe, p.x(), p.y()));
        }
        return trackAndSave(project, shot, clip, set, monitor);
    }

    @Override
    public Path trackAndSave(Project project, Shot shot, Clip clip, PointSet points, IProgressMonitor monitor)
            throws VideoException, IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Tracking points of " + shot.name() + " / " + clip.name(), 10);
        List<RgbFrame> frames = projects.readClipFrames(project, shot, clip, sub.split(3));
        PointSet tracked = tracker.track(frames, keepSavedEdits(project, shot, points), sub.split(6));
        sub.split(1);
        return store.save(project, shot, tracked);
    }

    /** Edits saved earlier for the clip survive a re-track when every point they name is still there. */
    private PointSet keepSavedEdits(Project project, Shot shot, PointSet points) throws IOException {
        if (!points.edits().isEmpty()) {
            return points;
        }
        try {
            PointSet saved = store.load(project, shot, points.clip()).orElse(null);
            if (saved == null) {
                return points;
            }
            PointSet out = points;
            for (PointEdit e : saved.edits()) {
                try {
                    out = out.withEdit(e);
                } catch (IllegalArgumentException stale) {
                    // names a point that is gone: the edit's selection no longer applies
                }
            }
            return out;
        } catch (PointSetFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
