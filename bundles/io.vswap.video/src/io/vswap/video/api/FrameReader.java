package io.vswap.video.api;

/** An open source being decoded. Not thread-safe; close it. */
public interface FrameReader extends AutoCloseable {

    VideoProbe probe();

    /**
     * The next frame in decoding order, or {@code null} at the end.
     *
     * @throws VideoException if the stream is corrupt, or ends before the frame count its
     *         headers promise
     */
    RgbFrame next() throws VideoException;

    /**
     * Seconds from the first frame to frame {@code index}: its real presentation time, which a
     * variable-rate source does not space evenly.
     */
    default double frameTimeSeconds(int index) {
        return index / probe().frameRate();
    }

    /**
     * Frame {@code index} (0-based): the index-th frame in presentation order. Seeks when it is
     * not the next one.
     */
    RgbFrame read(int index) throws VideoException;

    @Override
    void close() throws VideoException;
}
