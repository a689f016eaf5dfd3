package io.vswap.points.api;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.vswap.video.api.RgbFrame;

/**
 * Carries semantic points from their keyframes through a clip's frames. A seam: the product's
 * implementation is OpenCV's pyramidal Lucas–Kanade with a forward–backward check; a studio
 * may register a learned tracker as a service of higher ranking.
 */
public interface PointTracker {

    /** A short stable identifier, e.g. {@code "opencv-lk"}. */
    String id();

    /** A name for people. */
    String displayName();

    /**
     * Prepares a clip's frames (all of one size, in clip order) for tracking, once, so that an
     * editor's many re-tracks after corrections stay fast. Close the session.
     */
    TrackingSession open(List<RgbFrame> frames);

    /** Tracks every point of {@code points} through {@code frames}: a session opened and closed. */
    default PointSet track(List<RgbFrame> frames, PointSet points, IProgressMonitor monitor) {
        try (TrackingSession session = open(frames)) {
            return session.track(points, monitor);
        }
    }
}
