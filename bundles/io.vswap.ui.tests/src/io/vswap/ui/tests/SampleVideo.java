package io.vswap.ui.tests;

import java.nio.file.Path;

import io.vswap.ui.testing.TestVideos;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;

/**
 * A 320×240 H.264 video whose frame n shows one magenta 32×24 square on a flat background, in
 * cell (n mod 8, n div 8) of an 8×8 grid: the square's position says which frame is shown.
 */
final class SampleVideo {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FRAMES = 64;
    static final double FPS = 24;
    static final int[] BACKGROUND = { 50, 60, 70 };
    static final int[] SQUARE = { 220, 40, 200 };
    static final int SQUARE_W = 32;
    static final int SQUARE_H = 24;

    private SampleVideo() {
    }

    /** Top-left corner of frame n's square. */
    static int squareX(int n) {
        return 4 + (n % 8) * 40;
    }

    static int squareY(int n) {
        return 3 + (n / 8) * 30;
    }

    /** Centre of frame n's square, in source pixels. */
    static double[] centre(int n) {
        return new double[] { squareX(n) + SQUARE_W / 2.0, squareY(n) + SQUARE_H / 2.0 };
    }

    static RgbFrame frame(int n) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean inSquare = x >= squareX(n) && x < squareX(n) + SQUARE_W && y >= squareY(n)
                        && y < squareY(n) + SQUARE_H;
                int[] c = inSquare ? SQUARE : BACKGROUND;
                int i = (y * WIDTH + x) * 3;
                rgb[i] = (byte) c[0];
                rgb[i + 1] = (byte) c[1];
                rgb[i + 2] = (byte) c[2];
            }
        }
        return new RgbFrame(n, WIDTH, HEIGHT, rgb);
    }

    static Path write(VideoCodecRegistry codecs, Path target) throws VideoException {
        return TestVideos.writeH264(codecs, target, WIDTH, HEIGHT, FPS, FRAMES, SampleVideo::frame);
    }
}
