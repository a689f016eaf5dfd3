package io.vswap.eval.api;

/** Peak signal-to-noise ratio of 8-bit values: the one formula the metrics and the sample world's scoring share. */
public final class Psnr {

    private Psnr() {
    }

    /**
     * PSNR in dB of {@code values} 8-bit values whose squared errors sum to {@code squaredError}:
     * 10·log10(255² / MSE); infinite when there is no error, NaN when there are no values.
     */
    public static double of(double squaredError, long values) {
        if (values == 0) {
            return Double.NaN;
        }
        double mse = squaredError / values;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
