package io.vswap.points.api;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A clip's frames prepared for tracking (see {@link PointTracker#open}). Not thread-safe.
 * Both methods report progress and throw
 * {@link org.eclipse.core.runtime.OperationCanceledException} when the monitor is cancelled;
 * the point set passed in is never changed (values are immutable).
 */
public interface TrackingSession extends AutoCloseable {

    int frameCount();

    /**
     * Tracks every point from its keyframes through all frames: between two keyframes the
     * track blends the forward track from the earlier and the backward track from the later,
     * so that it passes through both exactly. A point is never visible on a frame the user
     * marked hidden ({@link SemanticPoint#hiddenFrames()}: the point enforces it for every
     * tracker); its position there is the track's prediction. Marks are not anchors and do not
     * join up (frames between two marks are the tracker's call): each hides its own frame, and
     * the frames around it are tracked as if it were not there.
     *
     * @throws IllegalArgumentException if the set's clip size or frame count differs from the frames'
     */
    PointSet track(PointSet points, IProgressMonitor monitor);

    /**
     * Re-tracks one point after its keyframe or hidden mark on {@code changedFrame} was set,
     * moved or removed: only the frames between the keyframes before and after {@code changedFrame}
     * change; the rest of its trajectory and every other point stay as they are. A point not
     * tracked yet is tracked whole.
     */
    PointSet retrack(PointSet points, String pointName, int changedFrame, IProgressMonitor monitor);

    @Override
    void close();
}
