package io.vswap.samples.api;

/**
 * The background's muted tone. Every tone has a chroma (max − min channel) below 0.2 in both
 * its light and dark variants, well under every {@link SubjectColor}'s, so that colour alone
 * separates subject from background. A word may repeat a subject colour's ("blue"): the tones
 * differ.
 */
public enum BackgroundColor {
    GREY("grey", 0.50f, 0.50f, 0.50f),
    BLUE("blue", 0.42f, 0.47f, 0.57f),
    GREEN("green", 0.45f, 0.53f, 0.42f),
    BROWN("brown", 0.55f, 0.47f, 0.39f),
    PURPLE("purple", 0.51f, 0.43f, 0.55f);

    private final String word;
    private final float[] rgb;

    BackgroundColor(String word, float r, float g, float b) {
        this.word = word;
        this.rgb = new float[] { r, g, b };
    }

    /** The tone's word in a caption, e.g. {@code "grey"}. */
    public String word() {
        return word;
    }

    /** The mid tone, red, green, blue in [0, 1] (a copy); patterns mix a lighter and a darker variant. */
    public float[] rgb() {
        return rgb.clone();
    }
}
