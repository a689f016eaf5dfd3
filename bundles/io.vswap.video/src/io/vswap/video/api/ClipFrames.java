package io.vswap.video.api;

/**
 * A prepared clip's frames read one at a time from its cache ({@link ProjectStore#openClipFrames}):
 * only the frame being handed over is in memory, whatever the clip's length. Not thread-safe;
 * close it.
 */
public interface ClipFrames extends FrameSource, AutoCloseable {

    /** How many frames the clip has (and {@link #next} hands over). */
    int frameCount();

    /** Frame width in pixels (the clip's output width). */
    int width();

    /** Frame height in pixels (the clip's output height). */
    int height();

    /**
     * {@inheritDoc}
     *
     * @throws VideoException CORRUPT when the cache holds fewer or more frames than the clip has
     */
    @Override
    RgbFrame next() throws VideoException;

    @Override
    void close() throws VideoException;
}
