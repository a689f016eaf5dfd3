package io.vswap.samples.api;

/**
 * The background's texture, always of low spatial frequency (structures a quarter of the
 * frame or larger) so that a small autoencoder can reconstruct it.
 */
public enum BackgroundPattern {
    /** Two tones blended linearly in a random direction. */
    GRADIENT("gradient"),
    /** Soft-edged stripes at a random angle, period 1/4 to 2/5 of the frame. */
    STRIPES("striped"),
    /** A soft-edged checkerboard at a random angle, cell 1/5 to 3/10 of the frame. */
    CHECKER("checkered"),
    /** Smooth value noise (two octaves, lattice 1/3 and 1/6 of the frame). */
    NOISE("mottled");

    private final String word;

    BackgroundPattern(String word) {
        this.word = word;
    }

    /** The pattern's word in a caption, e.g. {@code "striped"}. */
    public String word() {
        return word;
    }
}
