package io.vswap.points.ui.tests;

import java.nio.file.Path;
import java.util.Random;

import io.vswap.ui.testing.TestVideos;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;

/**
 * A 320×240 H.264 video of a checkered 80×48 subject moving right and bobbing up and down over
 * a fixed noise background. Its top-left corner on frame n is known exactly, so any point on the
 * subject has a known true track: what a tracker's result is checked against.
 */
final class MovingSubjectVideo {

    static final int WIDTH = 320, HEIGHT = 240, FRAMES = 24;
    static final double FPS = 24;
    static final int SUBJECT_W = 80, SUBJECT_H = 48, CELL = 16;

    private MovingSubjectVideo() {
    }

    /** The subject's top-left corner on frame n (whole pixels, so the truth has no rounding). */
    static int left(int n) {
        return 60 + 5 * n;
    }

    static int top(int n) {
        return 90 + (int) Math.round(22 * Math.sin(n * 2 * Math.PI / FRAMES));
    }

    /**
     * Where a point fixed on the subject at ({@code dx}, {@code dy}) from its corner is on frame n,
     * in pixel-centre coordinates (a corner between pixels dx-1 and dx is at dx - 0.5).
     */
    static double[] truth(double dx, double dy, int n) {
        return new double[] { left(n) + dx - 0.5, top(n) + dy - 0.5 };
    }

    static RgbFrame frame(int n) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        Random noise = new Random(7); // the same background every frame
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int i = (y * WIDTH + x) * 3;
                int g = 70 + ((x / 4 + y / 4) % 2) * 6 + noise.nextInt(8); // a faint texture
                int r = g, gr = g + 8, b = g + 14;
                int sx = x - left(n), sy = y - top(n);
                if (sx >= 0 && sx < SUBJECT_W && sy >= 0 && sy < SUBJECT_H) {
                    boolean dark = ((sx / CELL) + (sy / CELL)) % 2 == 0;
                    int shade = (sx / CELL) * 20; // each column of cells differs, so corners are distinct
                    r = dark ? 40 + shade : 235;
                    gr = dark ? 30 : 200 - shade;
                    b = dark ? 120 : 60 + shade;
                }
                rgb[i] = (byte) r;
                rgb[i + 1] = (byte) gr;
                rgb[i + 2] = (byte) b;
            }
        }
        return new RgbFrame(n, WIDTH, HEIGHT, rgb);
    }

    static Path write(VideoCodecRegistry codecs, Path target) throws VideoException {
        return TestVideos.writeH264(codecs, target, WIDTH, HEIGHT, FPS, FRAMES, MovingSubjectVideo::frame);
    }
}
