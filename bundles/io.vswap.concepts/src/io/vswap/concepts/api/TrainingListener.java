package io.vswap.concepts.api;

import java.awt.image.BufferedImage;
import java.util.OptionalLong;

/** Sees a concept's training as it goes. */
@FunctionalInterface
public interface TrainingListener {

    /**
     * After each step.
     *
     * @param loss the step's noise-prediction loss
     * @param secondsLeft at the pace of this run so far; empty while too little is done to tell
     */
    void step(int step, int steps, double loss, OptionalLong secondsLeft);

    /**
     * Steps between preview images ({@link #preview}) in a training of {@code steps}; 0 for none (the
     * default: a preview costs a few model passes).
     */
    default int previewEvery(int steps) {
        return 0;
    }

    /**
     * A preview drawn with the concept's weights after {@code step} ({@link PreviewSettings#DURING_TRAINING}
     * from the prompt {@code "a photo of a <token>"}); drawn from its own seed, so a training with previews
     * follows the same steps as one without.
     */
    default void preview(int step, BufferedImage image) {
    }

    TrainingListener NONE = (s, n, l, t) -> {
    };
}
