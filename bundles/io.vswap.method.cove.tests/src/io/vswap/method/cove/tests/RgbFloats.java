package io.vswap.method.cove.tests;

import io.vswap.video.api.RgbFrame;

/** A frame as the sample world's checker reads it: RGB floats in [0, 1], interleaved, row-major. */
final class RgbFloats {

    private RgbFloats() {
    }

    static float[] of(RgbFrame f) {
        byte[] b = f.rgb();
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (b[i] & 0xff) / 255f;
        }
        return out;
    }
}
