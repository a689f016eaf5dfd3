package io.vswap.points.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;

import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoException;

/**
 * The headless "track" job: reads a clip's prepared frames, tracks points through them with
 * the best {@link PointTracker} and saves the point set with the {@link PointSetStore}. The
 * batch runner and the workbench's "Track" command both call it.
 */
public interface ClipPointTracking {

    /**
     * Tracks points placed on one keyframe. Points get colours from a fixed palette in the
     * map's iteration order (pass a {@link java.util.LinkedHashMap} for a stable order). Any
     * edits already saved for the clip are kept when they name only points of the new set.
     *
     * @param keyframe the clip frame the positions are on
     * @param points positions by point name, in clip pixels
     * @return the saved file
     */
    Path trackAndSave(Project project, Shot shot, Clip clip, int keyframe, Map<String, Position> points,
            IProgressMonitor monitor) throws VideoException, IOException;

    /** Tracks a point set made elsewhere (several keyframes per point, colours chosen) and saves it. */
    Path trackAndSave(Project project, Shot shot, Clip clip, PointSet points, IProgressMonitor monitor)
            throws VideoException, IOException;
}
