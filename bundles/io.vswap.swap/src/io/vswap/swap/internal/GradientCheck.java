package io.vswap.swap.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether one backward pass's gradient may be used for an update. The CPU backend may now and then
 * return a wrong gradient for a step that replays cleanly (docs/gradients.md): non-finite, or finite
 * and far too large. One such gradient is enough to spoil a registration: AdamW moves every weight by
 * about the learning rate in its direction, and its second moment then freezes those weights for the
 * rest of the run. A glitch does not reproduce, a real gradient does; so a gradient is replayed when it
 * looks suspect, and used only once a second pass gives the same norm.
 *
 * <p>Suspect: not finite; in the first {@link #CHECKED_FIRST} iterations (no history to compare with
 * yet); or more than {@link #SUSPECT_FACTOR} times the median norm of the gradients used so far.
 */
public final class GradientCheck {

    public static final int CHECKED_FIRST = 3;
    static final double SUSPECT_FACTOR = 10;
    /** Passes of one iteration at most: the first, and two replays to find two that agree. */
    static final int MAX_PASSES = 3;
    /** Relative difference of two norms still taken for the same gradient (multi-threaded sums differ slightly). */
    static final double AGREEMENT = 1e-4;

    private final List<Double> used = new ArrayList<>();

    /** Whether the first pass of {@code iteration}, with this gradient norm, needs a replay. */
    public boolean suspect(int iteration, double norm) {
        return iteration < CHECKED_FIRST || !Double.isFinite(norm)
                || (!used.isEmpty() && norm > SUSPECT_FACTOR * median());
    }

    /** Whether the latest of {@code norms[0..pass]} agrees with an earlier pass, so that it can be used. */
    public static boolean reproduced(double[] norms, int pass) {
        if (!Double.isFinite(norms[pass])) {
            return false;
        }
        for (int i = 0; i < pass; i++) {
            // an infinite pass agrees with nothing (|inf - x| <= 1e-4 * inf would hold)
            if (Double.isFinite(norms[i]) && Math.abs(norms[i] - norms[pass]) <= AGREEMENT * Math.max(Math.abs(norms[i]), Math.abs(norms[pass]))) {
                return true;
            }
        }
        return false;
    }

    public void used(double norm) {
        used.add(norm);
    }

    private double median() {
        double[] sorted = used.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
