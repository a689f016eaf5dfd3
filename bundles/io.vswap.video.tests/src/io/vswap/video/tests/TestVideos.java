package io.vswap.video.tests;

import java.nio.file.Path;

import io.vswap.testing.TestServices;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;

/**
 * Test videos whose frames say their own number: the top row holds 8 cells (up to 12 where the
 * frame is wide enough) of 16×16 pixels,
 * white for a 1 bit and black for a 0 bit (robust to H.264), over a gradient that depends on
 * the position, so that a crop or a rotation is visible too.
 */
public final class TestVideos {

    public static final int CELL = 16;

    private TestVideos() {
    }

    public static <T> T service(Class<T> type) {
        return TestServices.await(type);
    }

    public static VideoCodec ffmpeg() {
        return service(VideoCodecRegistry.class).byId("ffmpeg").orElseThrow();
    }

    /** Bits a frame of this width carries: 8, or up to 12 when it is wide enough (4 096 frames). */
    static int bits(int width) {
        return Math.max(8, Math.min(12, width / CELL));
    }

    /** Frame {@code index} of the pattern. */
    public static RgbFrame frame(int index, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                rgb[i] = (byte) (40 + 150 * x / width);
                rgb[i + 1] = (byte) (40 + 150 * y / height);
                rgb[i + 2] = (byte) 90;
            }
        }
        for (int bit = 0; bit < bits(width); bit++) {
            int v = ((index >> bit) & 1) == 1 ? 255 : 0;
            for (int y = 0; y < CELL; y++) {
                for (int x = bit * CELL; x < (bit + 1) * CELL; x++) {
                    int i = (y * width + x) * 3;
                    rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) v;
                }
            }
        }
        return new RgbFrame(index, width, height, rgb);
    }

    /** Reads the frame number back from the top-row cells of a frame (centre 8×8 of each cell). */
    public static int decodeIndex(RgbFrame f) {
        return decodeIndex(f, 0, 0, 1.0);
    }

    /** As {@link #decodeIndex(RgbFrame)}, for a frame cut at (x0, y0) of the pattern and scaled by {@code scale}. */
    public static int decodeIndex(RgbFrame f, int x0, int y0, double scale) {
        int index = 0;
        for (int bit = 0; bit < 12; bit++) { // cells a narrower pattern lacks read as 0 (dark gradient or outside)
            long sum = 0;
            int n = 0;
            for (int y = 4; y < CELL - 4; y++) {
                for (int x = bit * CELL + 4; x < (bit + 1) * CELL - 4; x++) {
                    int fx = (int) Math.round((x - x0) * scale);
                    int fy = (int) Math.round((y - y0) * scale);
                    if (fx < 0 || fy < 0 || fx >= f.width() || fy >= f.height()) {
                        continue;
                    }
                    sum += f.pixel(fx, fy)[1];
                    n++;
                }
            }
            if (n > 0 && sum / n > 128) {
                index |= 1 << bit;
            }
        }
        return index;
    }

    /** Writes {@code frames} pattern frames to {@code target}. */
    public static Path write(Path target, VideoFormat format, int width, int height, int frames, double fps)
            throws VideoException {
        FrameWriter w = ffmpeg().openWriter(target, new EncodeSettings(format, width, height, fps));
        for (int i = 0; i < frames; i++) {
            w.write(frame(i, width, height));
        }
        w.close();
        return target;
    }

    /** Mean absolute difference per channel value between two frames of the same size. */
    public static double meanAbsDiff(RgbFrame a, RgbFrame b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return (double) sum / a.rgb().length;
    }
}
