package io.vswap.swap.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Where a clip pixel lands in the UNet's encoder levels, derived from the model configs: the VAE
 * shrinks the frame by {@code vaeScale} (SD: 8, {@code 2^(vae levels - 1)}), and UNet down block
 * {@code l} works at {@code latent / 2^l} with {@code channels.get(l)} channels.
 *
 * <p>Cell of a point at level l: Algorithm 1's {@code round(x / 2^l)} on latent coordinates
 * whose cells are centred on integers ({@code (x + 0.5) / vaeScale - 0.5} for a clip pixel x
 * with pixel centres on integers). diffusers' stride-2 downsampler (3×3, padding 1) centres
 * output cell j on input cell 2j, so that rounding is exact at every level. Cells are clamped to
 * the grid. With {@code subCell}, a point is instead spread over the four cells around its exact
 * level coordinate {@code latent(x) / 2^l} with bilinear weights (see {@link #spread}).
 *
 * @param width clip width in pixels
 * @param height clip height in pixels
 * @param channels channels of each down block's output (the residual it takes)
 * @param subCell spread points bilinearly over four cells instead of rounding to one
 */
public record LatentGrid(int width, int height, int vaeScale, List<Integer> channels, boolean subCell) {

    /** Algorithm 1's grid: every point on its nearest cell. */
    public LatentGrid(int width, int height, int vaeScale, List<Integer> channels) {
        this(width, height, vaeScale, channels, false);
    }

    public LatentGrid {
        channels = List.copyOf(channels);
        if (width % vaeScale != 0 || height % vaeScale != 0) {
            throw new IllegalArgumentException(width + "x" + height + " frames are not a multiple of the VAE's "
                    + vaeScale + "-pixel latent cells");
        }
        int lastScale = 1 << (channels.size() - 1);
        if ((width / vaeScale) % lastScale != 0 || (height / vaeScale) % lastScale != 0) {
            throw new IllegalArgumentException("latents of " + width / vaeScale + "x" + height / vaeScale
                    + " do not halve " + (channels.size() - 1) + " times");
        }
    }

    public int levels() {
        return channels.size();
    }

    public int latentWidth() {
        return width / vaeScale;
    }

    public int latentHeight() {
        return height / vaeScale;
    }

    public int levelWidth(int level) {
        return latentWidth() >> level;
    }

    public int levelHeight(int level) {
        return latentHeight() >> level;
    }

    /** Latent coordinate of a clip pixel coordinate, latent cells centred on integers. */
    public double latent(double pixel) {
        return (pixel + 0.5) / vaeScale - 0.5;
    }

    /** The level-{@code l} column of clip pixel column {@code x}. */
    public int column(int level, double x) {
        return clamp((int) Math.round(latent(x) / (1 << level)), levelWidth(level));
    }

    /** The level-{@code l} row of clip pixel row {@code y}. */
    public int row(int level, double y) {
        return clamp((int) Math.round(latent(y) / (1 << level)), levelHeight(level));
    }

    /**
     * The cells a point at clip pixel (x, y) covers at level {@code l} and their weights, which sum
     * to 1: {@code {cellX, cellY, weight}} for each of up to four cells, the point's exact level
     * coordinate clamped to the cell centres of the grid first (so a point past the edge sits on it).
     */
    public double[][] spread(int level, double x, double y) {
        int w = levelWidth(level);
        int h = levelHeight(level);
        double u = Math.max(0, Math.min(w - 1, latent(x) / (1 << level)));
        double v = Math.max(0, Math.min(h - 1, latent(y) / (1 << level)));
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        double fx = u - x0;
        double fy = v - y0;
        double[][] cells = new double[4][];
        int n = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                double weight = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                if (weight > 0) {
                    cells[n++] = new double[] { Math.min(w - 1, x0 + dx), Math.min(h - 1, y0 + dy), weight };
                }
            }
        }
        return Arrays.copyOf(cells, n);
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
