package io.vswap.video.api;

import java.nio.file.Path;

/**
 * Which frames of a shot a clip takes and how it shapes them: {@code frameCount} frames from
 * {@code startFrame} every {@code stride} frames, cropped to {@code crop} and scaled to
 * {@code outputWidth × outputHeight}. VideoSwap's defaults: 16 frames, stride 4, 512×512.
 *
 * @param userCrop whether the crop was set by the user (kept) rather than centred (recomputed
 *        when the output size changes)
 */
public record ClipSettings(int startFrame, int frameCount, int stride, CropRect crop, boolean userCrop,
        int outputWidth, int outputHeight) {

    public static final int DEFAULT_FRAME_COUNT = 16;
    public static final int DEFAULT_STRIDE = 4;
    /** The largest output side: 8K (H.264's largest level); a diffusion model works far below it. */
    public static final int MAX_SIDE = 8192;

    public ClipSettings {
        if (startFrame < 0) {
            throw new IllegalArgumentException("start frame must be 0 or more, not " + startFrame);
        }
        if (frameCount <= 0) {
            throw new IllegalArgumentException("a clip needs at least one frame, not " + frameCount);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be 1 or more, not " + stride);
        }
        if (outputWidth <= 0 || outputHeight <= 0 || outputWidth % 8 != 0 || outputHeight % 8 != 0) {
            throw new IllegalArgumentException(
                    "output size must be positive multiples of 8 (the latent is 1/8 of it), not " + outputWidth + "x"
                            + outputHeight);
        }
        if (outputWidth > MAX_SIDE || outputHeight > MAX_SIDE) {
            throw new IllegalArgumentException("output size " + outputWidth + "x" + outputHeight + " is larger than "
                    + MAX_SIDE + " pixels on a side, the most VideoSwap Studio renders");
        }
    }

    /** VideoSwap's defaults for a source: 16 frames at stride 4 (fewer if it is short), centre crop. */
    public static ClipSettings defaults(VideoProbe probe, int outputWidth, int outputHeight) {
        int stride = DEFAULT_STRIDE;
        int count = DEFAULT_FRAME_COUNT;
        if (probe.frameCount() < (count - 1) * stride + 1) {
            stride = Math.max(1, (probe.frameCount() - 1) / (count - 1));
            count = Math.min(count, (probe.frameCount() - 1) / stride + 1);
        }
        return new ClipSettings(0, Math.max(1, count), stride,
                CropRect.centered(probe.width(), probe.height(), outputWidth, outputHeight), false, outputWidth,
                outputHeight);
    }

    /** The last source frame the clip reads. */
    public int lastSourceFrame() {
        return startFrame + (frameCount - 1) * stride;
    }

    /** The source frame of clip frame {@code i}. */
    public int sourceFrame(int i) {
        if (i < 0 || i >= frameCount) {
            throw new IndexOutOfBoundsException("clip frame " + i + " of " + frameCount);
        }
        return startFrame + i * stride;
    }

    /** The same clip at another output size; a centred crop is re-centred for the new aspect. */
    public ClipSettings withOutputSize(int width, int height, int sourceWidth, int sourceHeight) {
        CropRect c = userCrop ? crop : CropRect.centered(sourceWidth, sourceHeight, width, height);
        return new ClipSettings(startFrame, frameCount, stride, c, userCrop, width, height);
    }

    /** The same clip with a crop the user chose. */
    public ClipSettings withUserCrop(CropRect userCropRect) {
        return new ClipSettings(startFrame, frameCount, stride, userCropRect, true, outputWidth, outputHeight);
    }

    /** The same clip over another frame range. */
    public ClipSettings withRange(int start, int count, int newStride) {
        return new ClipSettings(start, count, newStride, crop, userCrop, outputWidth, outputHeight);
    }

    /**
     * Checks the clip against its source.
     *
     * @throws VideoException of kind {@link VideoException.Kind#OUT_OF_RANGE} naming the
     *         source and what to change
     */
    public void checkAgainst(VideoProbe probe) throws VideoException {
        Path src = probe.source();
        if (lastSourceFrame() >= probe.frameCount()) {
            throw new VideoException(VideoException.Kind.OUT_OF_RANGE, src,
                    String.format("The clip needs source frames %d–%d (%d frames at stride %d) but %s has only %d "
                            + "frames (0–%d). Start earlier, take fewer frames or use a smaller stride.", startFrame,
                            lastSourceFrame(), frameCount, stride, src.getFileName(), probe.frameCount(),
                            probe.frameCount() - 1));
        }
        if (!crop.fitsIn(probe.width(), probe.height())) {
            throw new VideoException(VideoException.Kind.OUT_OF_RANGE, src,
                    String.format("The crop %d,%d %d×%d goes outside the %d×%d frames of %s. Move or shrink it.",
                            crop.x(), crop.y(), crop.width(), crop.height(), probe.width(), probe.height(),
                            src.getFileName()));
        }
    }
}
