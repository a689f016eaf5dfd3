package io.vswap.diffusion.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether one backward pass's gradient may be used for an update, is replayed, or its step is skipped:
 * the one policy of the registration, the placement guidance and the sample-model trainer. Why: the CPU
 * backend may now and then return a wrong gradient for a step that replays cleanly (docs/gradients.md),
 * non-finite, or finite and far too large, and one such gradient is enough to spoil a training run (Adam
 * moves every weight by about the learning rate in its direction, and its second moment then freezes
 * those weights). A glitch does not reproduce, a real gradient does.
 *
 * <p>A first pass is suspect when its norm is not finite; in the first {@code checkedFirst} iterations
 * (no history to compare with yet); or above {@code suspectFactor} times the median norm of the
 * gradients {@link #used} so far. A suspect pass is replayed, up to {@code maxPasses} passes in all; a
 * replay is used when it gives the same norm as an earlier finite pass ({@link #reproduced}) or, where
 * replays need not agree, as soon as it is finite. A pass whose loss is not finite is replayed only where
 * {@code replayNonFiniteLoss}: a loss that is itself NaN is no backward glitch and would repeat.
 *
 * <p>The callers keep the parameters each had before the policy was shared, so that each behaves as it
 * did: the registration (3 passes, the first 3 iterations checked, 10 times the median, replays must
 * agree, a non-finite loss replayed), the trainer (3 passes, no other check: a replay is used when
 * finite, a non-finite loss is not replayed) and the placement guidance (1 pass: a non-finite gradient
 * leaves its step unguided, as a replay would cost another UNet pass).
 */
public final class GradientReplayPolicy {

    /** What to do with a pass's gradient. */
    public enum Verdict {
        /** Update with it. */
        USE,
        /** Clear it and run the pass again. */
        REPLAY,
        /** No update this step: no pass could be trusted. */
        SKIP
    }

    /** Relative difference of two norms still taken for the same gradient (multi-threaded sums differ slightly). */
    public static final double AGREEMENT = 1e-4;

    private final int maxPasses;
    private final int checkedFirst;
    private final double suspectFactor;
    private final boolean replaysMustAgree;
    private final boolean replayNonFiniteLoss;
    private final List<Double> used = new ArrayList<>();

    /**
     * @param maxPasses passes of one step at most, the first included (1: never replay)
     * @param checkedFirst iterations whose first pass is always replayed
     * @param suspectFactor a first pass above this times the median used norm is replayed
     *        ({@link Double#POSITIVE_INFINITY}: never for its size)
     * @param replaysMustAgree a replay is used only when an earlier finite pass gave the same norm;
     *        otherwise any finite replay is used
     * @param replayNonFiniteLoss whether a pass whose loss is not finite is replayed too
     */
    public GradientReplayPolicy(int maxPasses, int checkedFirst, double suspectFactor, boolean replaysMustAgree,
            boolean replayNonFiniteLoss) {
        if (maxPasses < 1 || checkedFirst < 0 || !(suspectFactor > 0)) {
            throw new IllegalArgumentException("passes " + maxPasses + ", checked first " + checkedFirst
                    + ", suspect factor " + suspectFactor);
        }
        this.maxPasses = maxPasses;
        this.checkedFirst = checkedFirst;
        this.suspectFactor = suspectFactor;
        this.replaysMustAgree = replaysMustAgree;
        this.replayNonFiniteLoss = replayNonFiniteLoss;
    }

    /** Passes of one step at most: the size of the {@code norms} array {@link #judge} reads. */
    public int maxPasses() {
        return maxPasses;
    }

    /**
     * The verdict on pass {@code pass} of {@code iteration}.
     *
     * @param norms the gradient norm of each pass so far ({@code norms[0..pass]}); any measure of the
     *        gradient's size whose finiteness is the gradient's
     * @param loss the pass's loss
     */
    public Verdict judge(int iteration, double[] norms, int pass, double loss) {
        boolean usable = pass == 0 ? !suspect(iteration, norms[0])
                : replaysMustAgree ? reproduced(norms, pass) : Double.isFinite(norms[pass]);
        if (usable) {
            return Verdict.USE;
        }
        boolean replayable = pass + 1 < maxPasses && (replayNonFiniteLoss || Double.isFinite(loss));
        return replayable ? Verdict.REPLAY : Verdict.SKIP;
    }

    /** Whether the first pass of {@code iteration}, with this gradient norm, needs a replay. */
    public boolean suspect(int iteration, double norm) {
        return iteration < checkedFirst || !Double.isFinite(norm)
                || (!used.isEmpty() && norm > suspectFactor * median());
    }

    /** Whether the latest of {@code norms[0..pass]} agrees with an earlier pass, so that it can be used. */
    public static boolean reproduced(double[] norms, int pass) {
        if (!Double.isFinite(norms[pass])) {
            return false;
        }
        for (int i = 0; i < pass; i++) {
            // an infinite pass agrees with nothing (|inf - x| <= 1e-4 * inf would hold)
            if (Double.isFinite(norms[i]) && Math.abs(norms[i] - norms[pass]) <= AGREEMENT
                    * Math.max(Math.abs(norms[i]), Math.abs(norms[pass]))) {
                return true;
            }
        }
        return false;
    }

    /** Records the norm of a gradient that was used: the history the size check compares with. */
    public void used(double norm) {
        used.add(norm);
    }

    private double median() {
        double[] sorted = used.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
