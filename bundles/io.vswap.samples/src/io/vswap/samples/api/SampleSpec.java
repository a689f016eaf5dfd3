package io.vswap.samples.api;

import java.util.Objects;
import java.util.Random;

/** What a sample shows: a subject (shape, colour) on a background (pattern, tone). */
public record SampleSpec(SubjectShape shape, SubjectColor color, BackgroundPattern pattern,
        BackgroundColor background) {

    public SampleSpec {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(background, "background");
    }

    /** E.g. {@code "a red disc on a blue striped background"}. */
    public String caption() {
        return "a " + color.word() + " " + shape.word() + " on a " + background.word() + " " + pattern.word()
                + " background";
    }

    /** Each part uniformly at random, drawn in the order shape, colour, pattern, background. */
    public static SampleSpec random(Random r) {
        SubjectShape[] shapes = SubjectShape.values();
        SubjectColor[] colors = SubjectColor.values();
        BackgroundPattern[] patterns = BackgroundPattern.values();
        BackgroundColor[] backgrounds = BackgroundColor.values();
        return new SampleSpec(shapes[r.nextInt(shapes.length)], colors[r.nextInt(colors.length)],
                patterns[r.nextInt(patterns.length)], backgrounds[r.nextInt(backgrounds.length)]);
    }
}
