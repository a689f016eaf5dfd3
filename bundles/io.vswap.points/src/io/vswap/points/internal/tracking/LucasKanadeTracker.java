package io.vswap.points.internal.tracking;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.vswap.points.api.PointTracker;
import io.vswap.points.api.TrackingSession;
import io.vswap.video.api.RgbFrame;

/**
 * OpenCV's pyramidal Lucas–Kanade (21×21 window, 3 levels, sub-pixel stop) with a
 * forward–backward check, an appearance check against the keyframe and re-detection after
 * occlusion; see {@link Sweep}.
 */
@Component(service = PointTracker.class)
public final class LucasKanadeTracker implements PointTracker {

    @Override
    public String id() {
        return "opencv-lk";
    }

    @Override
    public String displayName() {
        return "Lucas–Kanade (OpenCV) with forward–backward check";
    }

    @Override
    public TrackingSession open(List<RgbFrame> frames) {
        return new LkTrackingSession(frames);
    }
}
