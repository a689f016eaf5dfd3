package io.vswap.eval.tests;

import java.util.ArrayList;
import java.util.List;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/** Clips made for the metric tests: a smooth texture that moves, a square subject on it, its masks. */
final class Frames {

    static final int W = 64;
    static final int H = 48;
    static final int PATCH = 24;

    private Frames() {
    }

    /** A background texture moved {@code (dx, dy)} px per frame, smooth enough for optical flow to follow. */
    static List<RgbFrame> panning(int frames, double dx, double dy) {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] rgb = new byte[W * H * 3];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double u = x - f * dx;
                    double v = y - f * dy;
                    for (int c = 0; c < 3; c++) {
                        double t = 128 + 50 * Math.sin(u / 3.1 + c) * Math.cos(v / 4.3) + 30 * Math.sin((u + v) / 7.7 + 2 * c);
                        rgb[(y * W + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(t)));
                    }
                }
            }
            out.add(new RgbFrame(f, W, H, rgb));
        }
        return out;
    }

    /** {@code frames} with a flat square of {@code colour} (0xRRGGBB), side {@code side}, at (x, y) per frame. */
    static List<RgbFrame> withSquare(List<RgbFrame> frames, int colour, int side, int[][] at) {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            byte[] rgb = frames.get(f).rgb().clone();
            for (int y = at[f][1]; y < at[f][1] + side; y++) {
                for (int x = at[f][0]; x < at[f][0] + side; x++) {
                    int i = (y * W + x) * 3;
                    rgb[i] = (byte) (colour >> 16);
                    rgb[i + 1] = (byte) (colour >> 8);
                    rgb[i + 2] = (byte) colour;
                }
            }
            out.add(new RgbFrame(f, W, H, rgb));
        }
        return out;
    }

    /** The squares' masks. */
    static FrameMasks squares(int frames, int side, int[][] at) {
        boolean[] bits = new boolean[frames * W * H];
        for (int f = 0; f < frames; f++) {
            for (int y = at[f][1]; y < at[f][1] + side; y++) {
                for (int x = at[f][0]; x < at[f][0] + side; x++) {
                    bits[(f * H + y) * W + x] = true;
                }
            }
        }
        return new FrameMasks(frames, W, H, bits);
    }

    /** Each frame with each channel moved by {@code delta(f, pixel)} levels (clamped). */
    static List<RgbFrame> shifted(List<RgbFrame> frames, java.util.function.IntBinaryOperator delta) {
        List<RgbFrame> out = new ArrayList<>();
        for (RgbFrame fr : frames) {
            byte[] rgb = fr.rgb().clone();
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xff) + delta.applyAsInt(fr.index(), i / 3)));
            }
            out.add(new RgbFrame(fr.index(), fr.width(), fr.height(), rgb));
        }
        return out;
    }

    /** {@code frames} with a 24-px textured patch (a subject points can follow) at (x, y) per frame. */
    static List<RgbFrame> withPatch(List<RgbFrame> frames, int[][] at) {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            byte[] rgb = frames.get(f).rgb().clone();
            for (int py = 0; py < PATCH; py++) {
                for (int px = 0; px < PATCH; px++) {
                    int v = (int) Math.round(128 + 110 * Math.sin(px / 1.3) * Math.cos(py / 1.7));
                    int i = ((at[f][1] + py) * W + at[f][0] + px) * 3;
                    rgb[i] = (byte) v;
                    rgb[i + 1] = (byte) (255 - v);
                    rgb[i + 2] = (byte) 40;
                }
            }
            out.add(new RgbFrame(f, W, H, rgb));
        }
        return out;
    }

    /** The patch moves (2, 1) px a frame from (8, 8). */
    static final int PATCH_FRAMES = 8;

    static int[][] moving() {
        int[][] at = new int[PATCH_FRAMES][];
        for (int f = 0; f < PATCH_FRAMES; f++) {
            at[f] = new int[] { 8 + 2 * f, 8 + f };
        }
        return at;
    }

    /** Points on the patch, tracked as it moves (the truth). */
    static PointSet patchPoints(String clip) {
        PointSet set = PointSet.empty(clip, PATCH_FRAMES, Frames.W, Frames.H);
        double[][] offsets = { { 9, 9 }, { 15, 10 }, { 11, 15 } };
        for (int i = 0; i < offsets.length; i++) {
            double[] x = new double[PATCH_FRAMES];
            double[] y = new double[PATCH_FRAMES];
            boolean[] v = new boolean[PATCH_FRAMES];
            float[] c = new float[PATCH_FRAMES];
            for (int f = 0; f < PATCH_FRAMES; f++) {
                x[f] = moving()[f][0] + offsets[i][0];
                y[f] = moving()[f][1] + offsets[i][1];
                v[f] = true;
                c[f] = 1;
            }
            set = set.withPoint(new SemanticPoint("p" + i, 0xff0000, List.of(new Keyframe(0, x[0], y[0])),
                    new Trajectory(x, y, v, c)));
        }
        return set;
    }
}
