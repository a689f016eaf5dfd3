package io.vswap.testing;

import java.nio.file.Path;
import java.util.List;

import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;

/** A video file read back by the installed codecs, as the product reads a render. */
public final class VideoFiles {

    private VideoFiles() {
    }

    /** Every frame of {@code file}, in order ({@link VideoCodecRegistry#readVideo}). */
    public static List<RgbFrame> frames(Path file) throws Exception {
        return TestServices.await(VideoCodecRegistry.class).readVideo(file, null);
    }
}
