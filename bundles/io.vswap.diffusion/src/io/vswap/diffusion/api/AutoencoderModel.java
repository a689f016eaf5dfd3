package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;

import io.vswap.diffusion.internal.vae.AutoencoderKL;

/**
 * Stable Diffusion's VAE ({@code AutoencoderKL}) with diffusers' parameter names. Building one
 * records shapes only; {@link #initialize} or {@link #load} allocates. Tensor methods run inside
 * {@link TensorRuntime#call}.
 */
public interface AutoencoderModel extends DiffusersModel {

    static AutoencoderModel create(AutoencoderKLConfig config) {
        return new AutoencoderKL(config);
    }

    AutoencoderKLConfig config();

    /**
     * The posterior's moments {@code [B, 2·latent, H/f, W/f]} (mean, then log-variance) for
     * {@code images [B, 3, H, W]} in [-1, 1], after {@code quant_conv}; unscaled.
     */
    NDArray encodeMoments(NDArray images);

    /**
     * Scaled latents {@code (z - shift_factor) · scaling_factor}, {@code [B, latent, H/f, W/f]}:
     * {@code z} is the posterior's mode (mean) when {@code seed} is null, else
     * {@code mean + std · ε} with ε from {@link SeededNoise}({@code seed}).
     */
    NDArray encode(NDArray images, Long seed);

    /** Images in (about) [-1, 1] {@code [B, 3, H·f, W·f]} from scaled latents (divided by scaling_factor, plus shift). */
    NDArray decode(NDArray latents);
}
