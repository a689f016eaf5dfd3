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

    /** Frame {@code index} (0-based); seeks when it is not the next one. */
    RgbFrame read(int index) throws VideoException;

    @Override
    void close() throws VideoException;
}
