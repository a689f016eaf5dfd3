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
     * The frame on screen at {@code seconds} from the first frame: the last one whose time is not
     * later (within a microsecond), clamped to the frames there are.
     */
    default int frameAt(double seconds) {
        int n = (int) Math.floor(seconds * probe().frameRate() + 1e-6);
        return Math.max(0, Math.min(probe().frameCount() - 1, n));
    }

    /**
     * Frame {@code index} (0-based): the index-th frame in presentation order. Seeks when it is
     * not the next one.
     */
    RgbFrame read(int index) throws VideoException;

    @Override
    void close() throws VideoException;
}
