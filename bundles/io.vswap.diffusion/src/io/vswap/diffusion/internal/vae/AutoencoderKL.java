package io.vswap.diffusion.internal.vae;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.internal.nn.StoredModel;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * diffusers' {@code AutoencoderKL}: {@code encoder}, {@code quant_conv} (1×1 on the moments),
 * {@code post_quant_conv} (1×1 on the latents), {@code decoder}; fields named as the
 * checkpoint's key prefixes.
 */
public final class AutoencoderKL extends StoredModel implements AutoencoderModel {

    private final AutoencoderKLConfig config;

    final Encoder encoder;
    final Decoder decoder;
    final Conv2d quant_conv;
    final Conv2d post_quant_conv;

    public AutoencoderKL(AutoencoderKLConfig c) {
        super("AutoencoderKL");
        config = c;
        int l = c.latentChannels();
        encoder = new Encoder(store, "encoder", c);
        decoder = new Decoder(store, "decoder", c);
        quant_conv = c.useQuantConv() ? new Conv2d(store, "quant_conv", 2 * l, 2 * l, 1, 1, 0) : null;
        post_quant_conv = c.usePostQuantConv() ? new Conv2d(store, "post_quant_conv", l, l, 1, 1, 0) : null;
    }

    @Override
    public AutoencoderKLConfig config() {
        return config;
    }

    @Override
    public NDArray encodeMoments(NDArray images) {
        store.requireAllocated();
        checkImage(images, config.inChannels(), config.downscale());
        NDArray m = encoder.forward(precision().cast(images));
        return Precision.fp32(quant_conv != null ? quant_conv.forward(m) : m);
    }

    @Override
    public NDArray encode(NDArray images, Long seed) {
        DiagonalGaussianDistribution d = new DiagonalGaussianDistribution(encodeMoments(images));
        NDArray z = seed == null ? d.mode() : d.sample(seed);
        if (config.shiftFactor() != 0) {
            z = z.sub(config.shiftFactor());
        }
        return ScalarOps.mul(z, config.scalingFactor());
    }

    @Override
    public NDArray decode(NDArray latents) {
        store.requireAllocated();
        checkImage(latents, config.latentChannels(), 1);
        NDArray z = ScalarOps.div(latents, config.scalingFactor());
        if (config.shiftFactor() != 0) {
            z = z.add(config.shiftFactor());
        }
        z = precision().cast(z);
        if (post_quant_conv != null) {
            z = post_quant_conv.forward(z);
        }
        return Precision.fp32(decoder.forward(z));
    }

    private static void checkImage(NDArray x, int channels, int f) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != channels) {
            throw new IllegalArgumentException("expected [B, " + channels + ", H, W], got " + s);
        }
        if (s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new IllegalArgumentException("image size " + s.get(2) + "×" + s.get(3) + " is not a multiple of " + f);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
