package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * FFmpeg's and OpenCV's native libraries load inside OSGi, from the linux-x86_64 fragments
 * the target platform wraps (a wrong fragment manifest fails here, not in a user's session).
 */
class NativesTest {

    @Test
    void ffmpegLoads() {
        String v = org.bytedeco.ffmpeg.global.avutil.av_version_info().getString();
        assertTrue(v.startsWith("8."), "FFmpeg 8 expected, got " + v);
    }

    @Test
    void openCvLoads() {
        String v = org.bytedeco.opencv.global.opencv_core.CV_VERSION();
        assertTrue(v.startsWith("4."), "OpenCV 4 expected, got " + v);
    }
}
