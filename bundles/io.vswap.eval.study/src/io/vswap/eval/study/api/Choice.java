package io.vswap.eval.study.api;

import java.util.Arrays;
import java.util.Optional;

/** A rater's answer to one criterion of one pair, as shown: the left video, the right one, or neither. */
public enum Choice {
    LEFT("left", "Left"), RIGHT("right", "Right"), CANT_TELL("cant-tell", "Can't tell");

    private final String word;
    private final String label;

    Choice(String word, String label) {
        this.word = word;
        this.label = label;
    }

    /** As answers files write it. */
    public String word() {
        return word;
    }

    /** As a rater reads it on a button. */
    public String label() {
        return label;
    }

    public static Optional<Choice> byWord(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }
}
