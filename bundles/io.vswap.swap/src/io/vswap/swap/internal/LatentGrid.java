package io.vswap.swap.internal;

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
 * the grid.
 *
 * @param width clip width in pixels
 * @param height clip height in pixels
 * @param channels channels of each down block's output (the residual it takes)
 */
public record LatentGrid(int width, int height, int vaeScale, List<Integer> channels) {

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

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
