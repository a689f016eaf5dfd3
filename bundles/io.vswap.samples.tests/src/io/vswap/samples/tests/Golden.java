package io.vswap.samples.tests;

/** Recorded outputs of the generator; a change means the sample world's pixels changed. */
final class Golden {

    static final long CLIP_2024_64_4 = -4854788236903690895L;

    private Golden() {
    }
}
