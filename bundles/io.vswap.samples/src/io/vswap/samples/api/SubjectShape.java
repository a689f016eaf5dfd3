package io.vswap.samples.api;

import java.util.List;

/**
 * The subject's outline. Each shape carries named semantic points fixed on it; they rotate and
 * scale with the subject, so a name always denotes the same part of the shape. Names are
 * given for rotation 0 (the shape as drawn upright).
 */
public enum SubjectShape {
    /** A filled circle; points on the rim and its centre. */
    DISC("disc", List.of("top", "right", "bottom", "left", "centre")),
    /** A filled square, sides axis-aligned at rotation 0; its corners. */
    SQUARE("square", List.of("top-left", "top-right", "bottom-right", "bottom-left")),
    /** An equilateral triangle pointing up at rotation 0; its corners. */
    TRIANGLE("triangle", List.of("apex", "right", "left")),
    /** A five-pointed star; its tips clockwise from the one pointing up at rotation 0. */
    STAR("star", List.of("tip1", "tip2", "tip3", "tip4", "tip5")),
    /** A disc with a round hole; points on the outer rim. */
    RING("ring", List.of("top", "right", "bottom", "left")),
    /** A plus-shaped cross; the ends of its four arms. */
    CROSS("cross", List.of("top", "right", "bottom", "left"));

    private final String word;
    private final List<String> pointNames;

    SubjectShape(String word, List<String> pointNames) {
        this.word = word;
        this.pointNames = pointNames;
    }

    /** The shape's word in a caption, e.g. {@code "disc"}. */
    public String word() {
        return word;
    }

    /** The named points on the shape, in a fixed order. */
    public List<String> pointNames() {
        return pointNames;
    }
}
