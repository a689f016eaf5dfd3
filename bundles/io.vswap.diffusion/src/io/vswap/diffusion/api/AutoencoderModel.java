package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.vae.AutoencoderKL;

/**
 * Stable Diffusion's VAE ({@code AutoencoderKL}) with diffusers' parameter names. Building one
 * records shapes only; {@link #initialize} or {@link #load} allocates. Tensor methods run inside
 * {@link TensorRuntime#call}.
 */
public interface AutoencoderModel extends AutoCloseable {

    static AutoencoderModel create(AutoencoderKLConfig config) {
        return new AutoencoderKL(config);
    }

    AutoencoderKLConfig config();

    /** Every parameter's diffusers name and shape, in module order. */
    Map<String, Shape> parameterShapes();

    long parameterCount();

    /** The allocated parameters by name (live arrays). */
    Map<String, NDArray> parameters();

    /** Seeded PyTorch-style init, allocated under {@code manager}. */
    void initialize(NDManager manager, long seed);

    /** As {@link UNetModel#load}: missing or wrong-shaped parameters are reported and block running. */
    ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException;

    /** The precision the parameters are held in and the network runs in (fp32 unless set). */
    Precision precision();

    /**
     * Holds the parameters in {@code precision} (allocated ones are cast, later loads too).
     * Tensor methods still take and return float32; norms and softmax compute in fp32.
     */
    void setPrecision(Precision precision);

    /** Writes every parameter as F32 under its diffusers name. */
    void save(Path file) throws IOException;

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

    @Override
    void close();
}
