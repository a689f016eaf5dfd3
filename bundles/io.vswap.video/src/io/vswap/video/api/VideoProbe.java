package io.vswap.video.api;

import java.nio.file.Path;

/**
 * What a source is, as read from its headers (and, where the headers do not say, by counting
 * its packets).
 *
 * @param source the file or sequence that was probed
 * @param width width in pixels as displayed (after the rotation the file asks for)
 * @param height height in pixels as displayed
 * @param frameRate frames per second
 * @param frameCount number of video frames
 * @param durationSeconds duration in seconds
 * @param codec codec name, e.g. {@code "h264"}, {@code "ffv1"}, {@code "png"}
 * @param pixelFormat pixel format name, e.g. {@code "yuv420p"}
 * @param rotationDegrees clockwise display rotation the file asks for (0, 90, 180 or 270); readers
 *        deliver frames already rotated
 */
public record VideoProbe(Path source, int width, int height, double frameRate, int frameCount,
        double durationSeconds, String codec, String pixelFormat, int rotationDegrees) {

    /** A one-line summary for people: {@code 1920×1080, 25 fps, 250 frames (10.00 s), h264 yuv420p}. */
    public String summary() {
        String rotation = rotationDegrees == 0 ? "" : ", rotated " + rotationDegrees + "°";
        return String.format(java.util.Locale.ROOT, "%d×%d, %.3g fps, %d frames (%.2f s), %s %s%s", width, height,
                frameRate, frameCount, durationSeconds, codec, pixelFormat, rotation);
    }
}
