package io.vswap.video.api;

/** An encoder being fed frames. Close it to publish the file; abort it to discard it. */
public interface FrameWriter extends AutoCloseable {

    /** Appends a frame; its size must be the one the writer was opened with. */
    void write(RgbFrame frame) throws VideoException;

    /** Finishes the file and moves it to its target atomically. */
    @Override
    void close() throws VideoException;

    /** Discards everything written; the target is left as it was. Safe to call after close. */
    void abort();
}
