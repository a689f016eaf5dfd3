package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vswap.swap.internal.GradientCheck;

/** The rule that decides which backward pass of a registration step may be used (the passes' norms only). */
class GradientCheckTest {

    @Test
    void aPassIsUsedOnlyWhenAnEarlierFinitePassGaveTheSameNorm() {
        assertTrue(GradientCheck.reproduced(new double[] { 0.0211598, 0.0211598, 0 }, 1));
        assertTrue(GradientCheck.reproduced(new double[] { 0.0211598, 0.02115982, 0 }, 1), "1e-6 apart: summation order");
        assertFalse(GradientCheck.reproduced(new double[] { 0.0168239, 0.0211598, 0 }, 1), "a plausible-size glitch");
        assertTrue(GradientCheck.reproduced(new double[] { 0.0168239, 211.598, 0.0168239 }, 2), "with the first pass");
        // seen in a run: an infinite first pass, then a finite one; inf - x <= 1e-4 * inf must not count as agreement
        assertFalse(GradientCheck.reproduced(new double[] { Double.POSITIVE_INFINITY, 0.015046, 0 }, 1));
        assertFalse(GradientCheck.reproduced(new double[] { Double.NaN, 0.015046, 0 }, 1));
        assertFalse(GradientCheck.reproduced(new double[] { 0.015046, Double.NaN, Double.NaN }, 2));
    }

    @Test
    void theFirstIterationsAndOutliersAreReplayed() {
        GradientCheck check = new GradientCheck();
        for (int it = 0; it < GradientCheck.CHECKED_FIRST; it++) {
            assertTrue(check.suspect(it, 0.02), "no history yet at iteration " + it);
            check.used(0.02);
        }
        assertFalse(check.suspect(3, 0.03));
        assertFalse(check.suspect(3, 0.19), "under 10x the median");
        assertTrue(check.suspect(3, 0.21), "over 10x the median");
        assertTrue(check.suspect(3, Double.NaN));
        assertTrue(check.suspect(3, Double.POSITIVE_INFINITY));
    }
}
