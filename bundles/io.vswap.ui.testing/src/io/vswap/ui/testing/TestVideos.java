package io.vswap.ui.testing;

import java.nio.file.Path;
import java.util.function.IntFunction;

import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;

/** Writes a GUI test's drawn frames as a video a user would import (H.264 in MP4). */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * Writes frames 0 to {@code frames - 1} of {@code frame} with the registry's H.264 writer (the
     * FFmpeg codec service); a failed write leaves the target as it was.
     */
    public static Path writeH264(VideoCodecRegistry codecs, Path target, int width, int height, double fps,
            int frames, IntFunction<RgbFrame> frame) throws VideoException {
        VideoCodec codec = codecs.writerFor(VideoFormat.H264_MP4)
                .orElseThrow(() -> new AssertionError("no VideoCodec service writes H.264: " + codecs.codecs()));
        FrameWriter writer = codec.openWriter(target, new EncodeSettings(VideoFormat.H264_MP4, width, height, fps));
        try {
            for (int n = 0; n < frames; n++) {
                writer.write(frame.apply(n));
            }
            writer.close();
        } catch (VideoException | RuntimeException e) {
            writer.abort();
            throw e;
        }
        return target;
    }
}
