package io.vswap.samples.internal.check;

/** A 3 × 3 binomial ([1 2 1]²/16) smoothing of an interleaved RGB frame, edges clamped. */
final class Smoothing {

    private Smoothing() {
    }

    static float[] binomial3(float[] rgb, int size) {
        float[] tmp = new float[rgb.length];
        float[] out = new float[rgb.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int l = Math.max(0, x - 1);
                int r = Math.min(size - 1, x + 1);
                for (int c = 0; c < 3; c++) {
                    tmp[(y * size + x) * 3 + c] = (rgb[(y * size + l) * 3 + c] + 2 * rgb[(y * size + x) * 3 + c]
                            + rgb[(y * size + r) * 3 + c]) / 4;
                }
            }
        }
        for (int y = 0; y < size; y++) {
            int u = Math.max(0, y - 1);
            int d = Math.min(size - 1, y + 1);
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * size + x) * 3 + c] = (tmp[(u * size + x) * 3 + c] + 2 * tmp[(y * size + x) * 3 + c]
                            + tmp[(d * size + x) * 3 + c]) / 4;
                }
            }
        }
        return out;
    }
}
