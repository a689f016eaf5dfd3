package io.vswap.concepts.api;

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

    TrainingListener NONE = (s, n, l, t) -> {
    };
}
