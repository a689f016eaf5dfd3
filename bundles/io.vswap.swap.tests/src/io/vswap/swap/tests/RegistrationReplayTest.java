package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vswap.diffusion.api.GradientReplayPolicy;
import io.vswap.diffusion.api.GradientReplayPolicy.Verdict;
import io.vswap.swap.internal.Registration;

/** The registration's replay rule (the shared policy with the registration's parameters; the policy: GradientReplayPolicyTest). */
class RegistrationReplayTest {

    @Test
    void theFirstIterationsAndOutliersAreReplayed() {
        GradientReplayPolicy check = Registration.replayPolicy();
        for (int it = 0; it < 3; it++) {
            assertTrue(check.suspect(it, 0.02), "no history yet at iteration " + it);
            check.used(0.02);
        }
        assertFalse(check.suspect(3, 0.03));
        assertFalse(check.suspect(3, 0.19), "under 10x the median");
        assertTrue(check.suspect(3, 0.21), "over 10x the median");
        assertTrue(check.suspect(3, Double.NaN));
        assertTrue(check.suspect(3, Double.POSITIVE_INFINITY));
    }

    @Test
    void aReplayIsUsedWhenItAgreesAndTheStepIsSkippedAfterThreePasses() {
        GradientReplayPolicy check = Registration.replayPolicy();
        assertEquals(3, check.maxPasses());
        assertEquals(Verdict.USE, check.judge(0, new double[] { 0.0211598, 0.0211598, 0 }, 1, 1.0));
        assertEquals(Verdict.REPLAY, check.judge(0, new double[] { 0.0168239, 0.0211598, 0 }, 1, 1.0));
        assertEquals(Verdict.SKIP, check.judge(0, new double[] { 0.01, 0.02, 0.03 }, 2, 1.0));
        assertEquals(Verdict.REPLAY, check.judge(5, new double[] { Double.NaN, 0, 0 }, 0, Double.NaN),
                "a NaN loss is replayed as any other suspect pass");
    }
}
