package io.vswap.video.internal.ffmpeg;

import io.vswap.video.api.RgbFrame;

/** Turns frames clockwise by a multiple of 90°, as players do for a file's display rotation. */
final class Rotation {

    private Rotation() {
    }

    static RgbFrame apply(RgbFrame f, int clockwiseDegrees) {
        if (clockwiseDegrees == 0) {
            return f;
        }
        int w = f.width();
        int h = f.height();
        boolean sideways = clockwiseDegrees == 90 || clockwiseDegrees == 270;
        int ow = sideways ? h : w;
        int oh = sideways ? w : h;
        byte[] src = f.rgb();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ox;
                int oy;
                switch (clockwiseDegrees) {
                    case 90 -> { ox = h - 1 - y; oy = x; }
                    case 180 -> { ox = w - 1 - x; oy = h - 1 - y; }
                    case 270 -> { ox = y; oy = w - 1 - x; }
                    default -> throw new IllegalArgumentException("rotation " + clockwiseDegrees);
                }
                int s = (y * w + x) * 3;
                int d = (oy * ow + ox) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return new RgbFrame(f.index(), ow, oh, dst);
    }
}
