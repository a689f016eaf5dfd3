package io.vswap.concepts.internal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The small dense algebra of gradient fusion, in doubles (row-major {@code double[]}): the layers' Gram
 * matrices are at most a few thousand wide, and a Cholesky solve in Java keeps the result independent of
 * the engine's linear-algebra kernels.
 */
final class FusionMath {

    private FusionMath() {
    }

    /** {@code xᵀx} of the rows of {@code x [..., d]}, in float64: {@code [d, d]}. */
    static double[] gram(NDArray x) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        try (NDArray rows = x.reshape(-1, d).toType(DataType.FLOAT64, false); NDArray g = rows.transpose().matMul(rows)) {
            return g.toDoubleArray();
        }
    }

    static void addInto(double[] acc, double[] g) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += g[i];
        }
    }

    /** {@code a [n, k] · b [k, m]}. */
    static double[] mul(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double v = a[i * k + p];
                if (v != 0) {
                    for (int j = 0; j < m; j++) {
                        c[i * m + j] += v * b[p * m + j];
                    }
                }
            }
        }
        return c;
    }

    static double[] transpose(double[] a, int n, int m) {
        double[] t = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j * n + i] = a[i * m + j];
            }
        }
        return t;
    }

    /**
     * {@code b · a⁻¹} for a symmetric positive semi-definite {@code a [d, d]} made definite by
     * {@code ridge · trace(a)/d} on its diagonal; {@code b [n, d]}.
     */
    static double[] solveRight(double[] a, double[] b, int d, int n, double ridge) {
        double[] l = cholesky(a, d, ridge);
        double[] out = new double[n * d];
        double[] y = new double[d];
        for (int r = 0; r < n; r++) {
            // x a = b_r  ⇔  a x_rᵀ = b_rᵀ (a symmetric): L y = b, Lᵀ x = y
            for (int i = 0; i < d; i++) {
                double s = b[r * d + i];
                for (int k = 0; k < i; k++) {
                    s -= l[i * d + k] * y[k];
                }
                y[i] = s / l[i * d + i];
            }
            for (int i = d - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < d; k++) {
                    s -= l[k * d + i] * out[r * d + k];
                }
                out[r * d + i] = s / l[i * d + i];
            }
        }
        return out;
    }

    private static double[] cholesky(double[] a, int d, double ridge) {
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += a[i * d + i];
        }
        double lambda = Math.max(ridge * trace / d, 1e-12);
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * d + j] + (i == j ? lambda : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    l[i * d + i] = Math.sqrt(Math.max(s, lambda * 1e-6));
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        return l;
    }

    /** The left pseudo-inverse {@code (wᵀw)⁻¹wᵀ} of a tall {@code w [n, d]} (n ≥ d): {@code [d, n]}. */
    static double[] leftInverse(double[] w, int n, int d) {
        double[] wt = transpose(w, n, d);
        double[] wtw = mul(wt, w, d, n, d);
        // (wᵀw)⁻¹ wᵀ = (w (wᵀw)⁻¹)ᵀ, and w (wᵀw)⁻¹ is a right solve
        return transpose(solveRight(wtw, w, d, n, 1e-10), n, d);
    }

    /** {@code m g mᵀ} for {@code m [p, n]}, {@code g [n, n]}. */
    static double[] sandwich(double[] m, double[] g, int p, int n) {
        return mul(mul(m, g, p, n, n), transpose(m, p, n), p, n, p);
    }
}
