package io.vswap.diffusion.api;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Standard normal noise that depends only on a seed: drawn in Java ({@link Random}'s
 * specified polar method), so the same seed gives the same latents on any device, engine
 * version or thread, unlike the engine's global random state.
 */
public final class SeededNoise {

    private SeededNoise() {
    }

    public static float[] normal(long seed, int count) {
        return next(draws(seed), count);
    }

    /** The stream {@link #normal(long, int)} draws from: read it in parts with {@link #next} to get the same values piece by piece. */
    public static Random draws(long seed) {
        return new Random(seed);
    }

    /** The next {@code count} values of a {@link #draws} stream. */
    public static float[] next(Random draws, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) draws.nextGaussian();
        }
        return out;
    }

    /** An F32 array of {@code shape} in {@code manager}. Run inside {@link TensorRuntime#call}. */
    public static NDArray normal(NDManager manager, long seed, Shape shape) {
        long n = shape.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("noise of " + n + " elements does not fit one Java array");
        }
        return manager.create(normal(seed, (int) n), shape);
    }
}
