package io.vswap.swap.internal;

import java.util.function.Supplier;

import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * Runs work that needs gradients through the UNet. DJL casts between precisions without autograd
 * (no gradient crosses a fp16 model's boundary), so a half-precision UNet is held in fp32 for the
 * work and given back as it was: fp16 -> fp32 -> fp16 is exact (the fp32 copy costs twice its
 * memory meanwhile).
 */
final class Fp32Hold {

    private Fp32Hold() {
    }

    static <T> T call(VideoUNetModel unet, Supplier<T> work) {
        Precision held = unet.precision();
        if (held == Precision.FP32) {
            return work.get();
        }
        unet.setPrecision(Precision.FP32);
        try {
            return work.get();
        } finally {
            unet.setPrecision(held);
        }
    }
}
