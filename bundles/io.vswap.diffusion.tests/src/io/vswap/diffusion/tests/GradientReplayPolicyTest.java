package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.GradientReplayPolicy.Verdict;

/** The one rule that decides which backward pass of a training step may be used (the passes' norms only). */
class GradientReplayPolicyTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** The registration's parameters (Registration.replayPolicy). */
    private static GradientReplayPolicy registration() {
        return new GradientReplayPolicy(3, 3, 10, true, true);
    }

    /** The sample-model trainer's parameters (SampleModelTrainer: 2 replays). */
    private static GradientReplayPolicy trainer() {
        return new GradientReplayPolicy(3, 0, INF, false, false);
    }

    @Test
    void aPassIsUsedOnlyWhenAnEarlierFinitePassGaveTheSameNorm() {
        assertTrue(GradientReplayPolicy.reproduced(new double[] { 0.0211598, 0.0211598, 0 }, 1));
        assertTrue(GradientReplayPolicy.reproduced(new double[] { 0.0211598, 0.02115982, 0 }, 1),
                "1e-6 apart: summation order");
        assertFalse(GradientReplayPolicy.reproduced(new double[] { 0.0168239, 0.0211598, 0 }, 1),
                "a plausible-size glitch");
        assertTrue(GradientReplayPolicy.reproduced(new double[] { 0.0168239, 211.598, 0.0168239 }, 2),
                "with the first pass");
        // seen in a run: an infinite first pass, then a finite one; inf - x <= 1e-4 * inf must not count as agreement
        assertFalse(GradientReplayPolicy.reproduced(new double[] { INF, 0.015046, 0 }, 1));
        assertFalse(GradientReplayPolicy.reproduced(new double[] { NAN, 0.015046, 0 }, 1));
        assertFalse(GradientReplayPolicy.reproduced(new double[] { 0.015046, NAN, NAN }, 2));
    }

    @Test
    void theFirstIterationsAndOutliersAreReplayed() {
        GradientReplayPolicy check = registration();
        for (int it = 0; it < 3; it++) {
            assertTrue(check.suspect(it, 0.02), "no history yet at iteration " + it);
            check.used(0.02);
        }
        assertFalse(check.suspect(3, 0.03));
        assertFalse(check.suspect(3, 0.19), "under 10x the median");
        assertTrue(check.suspect(3, 0.21), "over 10x the median");
        assertTrue(check.suspect(3, NAN));
        assertTrue(check.suspect(3, INF));
    }

    @Test
    void theRegistrationReplaysUntilTwoPassesAgreeAndSkipsAfterThree() {
        GradientReplayPolicy p = registration();
        assertEquals(Verdict.REPLAY, p.judge(0, new double[] { 0.02, 0, 0 }, 0, 1.0), "checked window");
        assertEquals(Verdict.USE, p.judge(0, new double[] { 0.02, 0.02, 0 }, 1, 1.0));
        assertEquals(Verdict.REPLAY, p.judge(0, new double[] { 0.02, 0.05, 0 }, 1, 1.0));
        assertEquals(Verdict.USE, p.judge(0, new double[] { 0.02, 0.05, 0.05 }, 2, 1.0));
        assertEquals(Verdict.SKIP, p.judge(0, new double[] { 0.02, 0.05, 0.07 }, 2, 1.0), "three passes at most");
        assertEquals(Verdict.REPLAY, p.judge(0, new double[] { NAN, 0, 0 }, 0, NAN), "a NaN loss is replayed too");
        for (int it = 0; it < 3; it++) {
            p.used(0.02);
        }
        assertEquals(Verdict.USE, p.judge(3, new double[] { 0.03, 0, 0 }, 0, 1.0), "past the window, plausible");
        assertEquals(Verdict.REPLAY, p.judge(3, new double[] { 0.3, 0, 0 }, 0, 1.0), "past the window, too large");
    }

    @Test
    void theTrainerReplaysOnlyANonFiniteGradientOfAFiniteLossAndUsesAFiniteReplay() {
        GradientReplayPolicy p = trainer();
        assertEquals(Verdict.USE, p.judge(0, new double[] { 5.0, 0, 0 }, 0, 1.0), "no checked window, no size check");
        assertEquals(Verdict.USE, p.judge(7, new double[] { 1e30, 0, 0 }, 0, 1.0));
        assertEquals(Verdict.REPLAY, p.judge(7, new double[] { NAN, 0, 0 }, 0, 1.0));
        assertEquals(Verdict.USE, p.judge(7, new double[] { NAN, 0.4, 0 }, 1, 1.0), "a finite replay need not agree");
        assertEquals(Verdict.REPLAY, p.judge(7, new double[] { NAN, INF, 0 }, 1, 1.0));
        assertEquals(Verdict.SKIP, p.judge(7, new double[] { NAN, INF, NAN }, 2, 1.0), "two replays at most");
        assertEquals(Verdict.SKIP, p.judge(7, new double[] { NAN, 0, 0 }, 0, NAN), "a NaN loss would repeat");
    }

    @Test
    void onePassAtMostNeverReplays() {
        // the placement guidance: a gradient that is not finite leaves its step unguided
        GradientReplayPolicy p = new GradientReplayPolicy(1, 0, INF, false, false);
        assertEquals(Verdict.USE, p.judge(0, new double[] { 12.5 }, 0, 3.0));
        assertEquals(Verdict.SKIP, p.judge(1, new double[] { INF }, 0, 3.0));
        assertEquals(Verdict.SKIP, p.judge(2, new double[] { NAN }, 0, 3.0));
    }
}
