package io.vswap.video.api;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Frames handed over one at a time, in order: a prepared clip read from its cache, or frames a
 * caller already holds. Pulling frames instead of passing a list lets a long clip pass through an
 * encoder with only a frame or two in memory.
 */
@FunctionalInterface
public interface FrameSource {

    /** The next frame, or {@code null} after the last. */
    RgbFrame next() throws VideoException, IOException;

    /** The frames of a list, in order. */
    static FrameSource of(List<RgbFrame> frames) {
        Iterator<RgbFrame> it = frames.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }
}
