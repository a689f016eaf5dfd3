package io.vswap.eval.ui.internal.compare;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;

/**
 * Where two clips differ, frame by frame: |A − B| per pixel (the largest of the three channels'
 * differences) through a heat colour scale, black where they agree to yellow-white where they differ
 * by {@link #FULL_SCALE} levels or more.
 */
public final class DifferenceMap {

    /** The difference (of 255 levels) shown at the top of the scale: a render's typical changes show, noise does not. */
    public static final int FULL_SCALE = 64;

    /** The scale's anchors, black → purple → red → orange → pale yellow (an "inferno"-like ramp). */
    private static final int[][] RAMP = { { 0, 0, 0 }, { 87, 16, 110 }, { 188, 55, 84 }, { 249, 142, 9 },
            { 252, 255, 164 } };

    private DifferenceMap() {
    }

    /** The heat maps of {@code a} against {@code b}, frame by frame (the shorter clip's length). */
    public static List<ImageData> of(List<ImageData> a, List<ImageData> b) {
        List<ImageData> out = new ArrayList<>();
        for (int f = 0; f < Math.min(a.size(), b.size()); f++) {
            out.add(frame(a.get(f), b.get(f)));
        }
        return out;
    }

    static ImageData frame(ImageData a, ImageData b) {
        if (a.width != b.width || a.height != b.height) {
            throw new IllegalArgumentException("frames of " + a.width + "×" + a.height + " and " + b.width + "×"
                    + b.height + " cannot be compared pixel by pixel");
        }
        byte[] rgb = new byte[a.width * a.height * 3];
        for (int y = 0; y < a.height; y++) {
            for (int x = 0; x < a.width; x++) {
                RGB p = a.palette.getRGB(a.getPixel(x, y));
                RGB q = b.palette.getRGB(b.getPixel(x, y));
                int d = Math.max(Math.abs(p.red - q.red), Math.max(Math.abs(p.green - q.green), Math.abs(p.blue - q.blue)));
                int[] c = colour(d);
                int i = (y * a.width + x) * 3;
                rgb[i] = (byte) c[0];
                rgb[i + 1] = (byte) c[1];
                rgb[i + 2] = (byte) c[2];
            }
        }
        return new ImageData(a.width, a.height, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF), 1, rgb);
    }

    /** The colour of a difference of {@code d} levels. */
    public static int[] colour(int d) {
        double t = Math.min(1, d / (double) FULL_SCALE) * (RAMP.length - 1);
        int i = Math.min(RAMP.length - 2, (int) t);
        double u = t - i;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (int) Math.round(RAMP[i][k] + u * (RAMP[i + 1][k] - RAMP[i][k]));
        }
        return c;
    }
}
