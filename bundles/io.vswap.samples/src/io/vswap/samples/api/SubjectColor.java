package io.vswap.samples.api;

/**
 * The subject's flat colour: saturated and about 60° apart in hue, so that a colour survives
 * blur and a little noise and is never mistaken for a (muted) {@link BackgroundColor}.
 */
public enum SubjectColor {
    RED("red", 0.88f, 0.12f, 0.12f),
    YELLOW("yellow", 0.95f, 0.85f, 0.10f),
    GREEN("green", 0.12f, 0.75f, 0.18f),
    CYAN("cyan", 0.10f, 0.80f, 0.88f),
    BLUE("blue", 0.15f, 0.28f, 0.92f),
    MAGENTA("magenta", 0.88f, 0.14f, 0.85f);

    private final String word;
    private final float[] rgb;

    SubjectColor(String word, float r, float g, float b) {
        this.word = word;
        this.rgb = new float[] { r, g, b };
    }

    /** The colour's word in a caption, e.g. {@code "red"}. */
    public String word() {
        return word;
    }

    /** Red, green, blue in [0, 1] (a copy). */
    public float[] rgb() {
        return rgb.clone();
    }
}
