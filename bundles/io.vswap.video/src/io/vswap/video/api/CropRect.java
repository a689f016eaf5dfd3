package io.vswap.video.api;

/** A rectangle in source-frame pixels: the part of each frame a clip keeps. */
public record CropRect(int x, int y, int width, int height) {

    public CropRect {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + width + "x" + height);
        }
    }

    /** Whether the rectangle lies inside a {@code frameWidth × frameHeight} frame. */
    public boolean fitsIn(int frameWidth, int frameHeight) {
        return x >= 0 && y >= 0 && x + width <= frameWidth && y + height <= frameHeight;
    }

    /**
     * The largest rectangle with the aspect ratio {@code outWidth : outHeight}, centred in a
     * {@code frameWidth × frameHeight} frame.
     */
    public static CropRect centered(int frameWidth, int frameHeight, int outWidth, int outHeight) {
        // Compare aspect ratios in integers: frameW/frameH > outW/outH  <=>  frameW*outH > outW*frameH
        long wide = (long) frameWidth * outHeight;
        long tall = (long) outWidth * frameHeight;
        int w;
        int h;
        if (wide >= tall) { // frame is wider than the output: keep full height
            h = frameHeight;
            w = (int) Math.min(frameWidth, Math.round((double) frameHeight * outWidth / outHeight));
        } else {
            w = frameWidth;
            h = (int) Math.min(frameHeight, Math.round((double) frameWidth * outHeight / outWidth));
        }
        return new CropRect((frameWidth - w) / 2, (frameHeight - h) / 2, w, h);
    }
}
