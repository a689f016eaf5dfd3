package io.vswap.diffusion.internal.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * diffusers' {@code Timesteps} ({@code get_timestep_embedding}): sinusoids of the timestep at
 * frequencies {@code exp(-ln(10000)·i/(half - freq_shift))}; {@code [sin, cos]}, or
 * {@code [cos, sin]} with {@code flip_sin_to_cos} (SD 1.5). No parameters; computed in Java.
 */
final class Timesteps {

    private final int dim;
    private final boolean flipSinToCos;
    private final double freqShift;

    Timesteps(int dim, boolean flipSinToCos, double freqShift) {
        this.dim = dim;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
    }

    /** {@code [timesteps.length, dim]} in {@code manager}. */
    NDArray forward(float[] timesteps, NDManager manager) {
        int half = dim / 2;
        float[] out = new float[timesteps.length * dim];
        for (int b = 0; b < timesteps.length; b++) {
            for (int i = 0; i < half; i++) {
                // float32 like torch: exp of a float32 exponent, times a float32 timestep
                float freq = (float) Math.exp((float) (-Math.log(10000) * i) / (float) (half - freqShift));
                float arg = timesteps[b] * freq;
                float sin = (float) Math.sin(arg);
                float cos = (float) Math.cos(arg);
                out[b * dim + i] = flipSinToCos ? cos : sin;
                out[b * dim + half + i] = flipSinToCos ? sin : cos;
            }
        }
        return manager.create(out, new Shape(timesteps.length, dim));
    }
}
