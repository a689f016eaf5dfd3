package io.vswap.eval.study.api;

/**
 * The statistics of a preference study, exact where it can be: Wilson score intervals, the exact
 * two-sided sign test, Fleiss' kappa.
 */
public final class PreferenceStatistics {

    /** The normal quantile of a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    private PreferenceStatistics() {
    }

    /** A proportion's interval; NaN bounds when there is nothing to estimate from. */
    public record Interval(double low, double high) {
    }

    /** The Wilson score interval of {@code successes} in {@code trials} for the normal quantile {@code z}. */
    public static Interval wilson(int successes, int trials, double z) {
        if (trials <= 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The exact two-sided sign test: the probability, with no true preference (p = ½), of a split
     * at least as uneven as {@code k} of {@code n}; 1 when {@code n} is 0.
     */
    public static double signTest(int k, int n) {
        if (n <= 0) {
            return 1;
        }
        int low = Math.min(k, n - k);
        double tail = 0;
        double[] logFactorial = logFactorials(n);
        for (int i = 0; i <= low; i++) {
            tail += Math.exp(logFactorial[n] - logFactorial[i] - logFactorial[n - i] - n * Math.log(2));
        }
        return Math.min(1, 2 * tail);
    }

    private static double[] logFactorials(int n) {
        double[] f = new double[n + 1];
        for (int i = 2; i <= n; i++) {
            f[i] = f[i - 1] + Math.log(i);
        }
        return f;
    }

    /**
     * Fleiss' kappa and the raters' mean pairwise agreement over items each rated by the same
     * number of raters.
     *
     * @param counts per item, how many raters put it in each category (every row sums to the same n ≥ 2)
     * @return kappa (NaN when every answer is in one category: chance explains all of it) and the
     *         agreement P̄ (the share of rater pairs that agree, averaged over items)
     */
    public static Agreement fleiss(int[][] counts) {
        if (counts.length == 0) {
            return new Agreement(Double.NaN, Double.NaN);
        }
        int n = java.util.Arrays.stream(counts[0]).sum();
        int k = counts[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("agreement needs at least two raters per item");
        }
        double pBar = 0;
        double[] columns = new double[k];
        for (int[] row : counts) {
            if (java.util.Arrays.stream(row).sum() != n || row.length != k) {
                throw new IllegalArgumentException("every item must have the same number of ratings");
            }
            double squares = 0;
            for (int j = 0; j < k; j++) {
                squares += (double) row[j] * row[j];
                columns[j] += row[j];
            }
            pBar += (squares - n) / (n * (n - 1.0));
        }
        pBar /= counts.length;
        double pE = 0;
        for (double c : columns) {
            double pj = c / (counts.length * (double) n);
            pE += pj * pj;
        }
        double kappa = pE >= 1 - 1e-12 ? Double.NaN : (pBar - pE) / (1 - pE);
        return new Agreement(kappa, pBar);
    }

    /** @param kappa Fleiss' kappa, NaN when undefined; @param agreement the mean pairwise agreement, 0 to 1 */
    public record Agreement(double kappa, double agreement) {
    }
}
