package io.vswap.video.api;

/**
 * What an encoder is asked to write.
 *
 * @param format container and codec
 * @param width frame width in pixels (even for H.264)
 * @param height frame height in pixels (even for H.264)
 * @param frameRate frames per second
 */
public record EncodeSettings(VideoFormat format, int width, int height, double frameRate) {

    public EncodeSettings {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
            throw new IllegalArgumentException("frame rate must be positive: " + frameRate);
        }
        if (format == VideoFormat.H264_MP4 && (width % 2 != 0 || height % 2 != 0)) {
            throw new IllegalArgumentException("H.264 needs an even frame size, not " + width + "x" + height);
        }
    }
}
