package io.vswap.eval.study.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vswap.eval.study.api.PreferenceStatistics;
import io.vswap.eval.study.api.PreferenceStatistics.Agreement;
import io.vswap.eval.study.api.PreferenceStatistics.Interval;

/**
 * The study's statistics against reference values computed outside Java: python3 (Debian's, 3.11)
 * with exact formulas, on 2026-12-07:
 * <ul>
 * <li>Wilson: {@code c = (p + z²/2n) / (1 + z²/n)}, {@code h = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)}, z =
 * 1.959963984540054 (7 of 10 gives [0.3967781, 0.8922087], as R's {@code binom.wilson} and Wikipedia's tables);</li>
 * <li>sign test: {@code min(1, 2 · Σ_{i ≤ min(k, n−k)} C(n, i) / 2ⁿ)} in exact fractions ({@code fractions.Fraction},
 * {@code math.comb});</li>
 * <li>Fleiss' kappa: numpy on the count matrix; the 10 × 5 example of Fleiss (1971) as Wikipedia's article
 * "Fleiss' kappa" gives it (κ = 0.210, P̄ = 0.378).</li>
 * </ul>
 */
class PreferenceStatisticsTest {

    private static final double Z = PreferenceStatistics.Z95;

    @Test
    void wilsonIntervalsAreTheReferenceOnes() {
        check(PreferenceStatistics.wilson(7, 10, Z), 0.39677814746114537, 0.8922087325936989);
        check(PreferenceStatistics.wilson(0, 10, Z), 0.0, 0.2775327998628892);
        check(PreferenceStatistics.wilson(10, 10, Z), 0.7224672001371107, 1.0);
        check(PreferenceStatistics.wilson(31, 40, Z), 0.6249690325768998, 0.8768390867645927);
        check(PreferenceStatistics.wilson(1, 1, Z), 0.20654931437723745, 1.0);
        Interval none = PreferenceStatistics.wilson(0, 0, Z);
        assertTrue(Double.isNaN(none.low()) && Double.isNaN(none.high()), "no answer, no interval");
    }

    private static void check(Interval i, double low, double high) {
        assertEquals(low, i.low(), 1e-12, "low bound");
        assertEquals(high, i.high(), 1e-12, "high bound");
    }

    @Test
    void signTestIsTheExactBinomialOne() {
        assertEquals(0.34375, PreferenceStatistics.signTest(7, 10), 1e-12);
        assertEquals(0.34375, PreferenceStatistics.signTest(3, 10), 1e-12, "two-sided: symmetric");
        assertEquals(0.021484375, PreferenceStatistics.signTest(9, 10), 1e-12);
        assertEquals(0.001953125, PreferenceStatistics.signTest(10, 10), 1e-12);
        assertEquals(0.0006795482549932785, PreferenceStatistics.signTest(31, 40), 1e-12);
        assertEquals(0.05688793364098079, PreferenceStatistics.signTest(60, 100), 1e-12);
        assertEquals(1.0, PreferenceStatistics.signTest(5, 10), 1e-12);
        assertEquals(1.0, PreferenceStatistics.signTest(0, 0), 0, "nothing to test");
    }

    @Test
    void fleissKappaIsTheReferenceOne() {
        int[][] fleiss1971 = { { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 },
                { 2, 2, 8, 1, 1 }, { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 },
                { 0, 2, 2, 3, 7 } };
        Agreement a = PreferenceStatistics.fleiss(fleiss1971);
        assertEquals(0.20993070442195522, a.kappa(), 1e-12);
        assertEquals(0.378021978021978, a.agreement(), 1e-12);
        // three raters, three answers (prefers a, prefers b, can't tell): numpy gives these
        Agreement small = PreferenceStatistics.fleiss(StudyResultsTest.THREE_RATERS);
        assertEquals(0.33684210526315783, small.kappa(), 1e-12);
        assertEquals(0.611111111111111, small.agreement(), 1e-12);
        Agreement oneAnswer = PreferenceStatistics.fleiss(new int[][] { { 2, 0, 0 }, { 2, 0, 0 } });
        assertTrue(Double.isNaN(oneAnswer.kappa()), "every answer the same: kappa is undefined, not 1 or 0");
        assertEquals(1.0, oneAnswer.agreement(), 0);
    }
}
