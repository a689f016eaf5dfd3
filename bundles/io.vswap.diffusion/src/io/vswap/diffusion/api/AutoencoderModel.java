package io.vswap.diffusion.api;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

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

    /** Frames per VAE call in {@link #encodeFrames}/{@link #decodeFrames}: bounds the VAE's activations at SD size. */
    int FRAME_BATCH = 4;

    /**
     * Scaled latents (the posterior's mean) {@code [F, C, h, w]} of RGB frames ({@code width}×{@code height},
     * bytes in [0, 255]), {@link #FRAME_BATCH} frames per call: memory flat in the clip's length.
     */
    default NDArray encodeFrames(NDManager manager, List<byte[]> rgb, int width, int height) {
        NDList parts = new NDList();
        for (int i = 0; i < rgb.size(); i += FRAME_BATCH) {
            try (NDManager step = manager.newSubManager()) {
                NDArray images = VaeImageProcessor.preprocessRgb(step, rgb.subList(i, Math.min(rgb.size(),
                        i + FRAME_BATCH)), width, height);
                NDArray z = encode(images, null);
                z.attach(manager);
                parts.add(z);
            }
        }
        NDArray all = NDArrays.concat(parts);
        parts.close();
        return all;
    }

    /** RGB frames (bytes in [0, 255]) from scaled latents {@code [F, C, h, w]}, {@link #FRAME_BATCH} frames per call. */
    default List<byte[]> decodeFrames(NDArray latents) {
        List<byte[]> out = new ArrayList<>();
        long n = latents.getShape().get(0);
        for (long i = 0; i < n; i += FRAME_BATCH) {
            try (NDManager step = latents.getManager().newSubManager()) {
                NDArray z = latents.get(i + ":" + Math.min(n, i + FRAME_BATCH));
                z.attach(step);
                out.addAll(VaeImageProcessor.postprocessRgb(decode(z)));
            }
        }
        return out;
    }
}
