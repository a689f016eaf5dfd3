package io.vswap.swap.internal;

import java.util.function.Supplier;

import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * Runs work that needs gradients through the UNet in fp32: the placement guidance's plain
 * backward, whose gradient at the latents would underflow in fp16 without a gradient scale
 * (the registration runs in the model's precision instead, through the checkpointed and scaled
 * backward). A half-precision UNet is held in fp32 for the work and given back as it was:
 * fp16 -> fp32 -> fp16 is exact (the fp32 copy costs twice its memory meanwhile).
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
