package io.vswap.diffusion.internal.vae;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import ai.djl.ndarray.NDList;
import io.vswap.diffusion.api.SeededNoise;

/**
 * diffusers' {@code DiagonalGaussianDistribution} over the encoder's moments: the first half of
 * the channels is the mean, the second the log-variance clamped to [-30, 20].
 */
final class DiagonalGaussianDistribution {

    final NDArray mean;
    final NDArray logvar;

    DiagonalGaussianDistribution(NDArray moments) {
        NDList parts = moments.split(2, 1);
        mean = parts.get(0);
        logvar = parts.get(1).clip(-30.0, 20.0);
    }

    NDArray mode() {
        return mean;
    }

    NDArray std() {
        return ScalarOps.mul(logvar, 0.5).exp();
    }

    /** {@code mean + std · ε}, ε standard normal from {@code seed} (independent of the engine's RNG). */
    NDArray sample(long seed) {
        NDArray eps = SeededNoise.normal(mean.getManager(), seed, mean.getShape());
        return mean.add(std().mul(eps));
    }
}
