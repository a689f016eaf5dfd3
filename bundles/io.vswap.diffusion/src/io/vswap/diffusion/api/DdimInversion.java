package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * DDIM inversion: clean latents to the noise that {@link DdimScheduler#step} sampling maps back to
 * them. Plain inversion evaluates epsilon at the level below the target ({@code eps(x_{t-1}, t)}
 * stands in for {@code eps(x_t, t)}), which is where its round-trip error comes from; with
 * {@code fixedPointIterations > 0} each step re-evaluates epsilon at its own result, solving
 * {@code x_t = invert(eps(x_t, t), x_{t-1})} by fixed-point iteration, so that sampling with the same
 * conditioning retraces the path (the residual shrinks with each iteration where the predictor is
 * smooth enough). Tensor work runs inside {@link TensorRuntime#call}.
 */
public final class DdimInversion {

    /** The noise prediction at timestep {@code t}, e.g. a UNet forward with a fixed prompt embedding. */
    @FunctionalInterface
    public interface NoisePredictor {
        NDArray epsilon(NDArray sample, int t);
    }

    private final DdimScheduler scheduler;
    private final int fixedPointIterations;

    public DdimInversion(DdimScheduler scheduler, int fixedPointIterations) {
        if (fixedPointIterations < 0) {
            throw new IllegalArgumentException("fixed-point iterations " + fixedPointIterations + " < 0");
        }
        this.scheduler = scheduler;
        this.fixedPointIterations = fixedPointIterations;
    }

    /**
     * Inverts {@code latents} over {@link DdimScheduler#inversionTimesteps()}. Each step's arrays live
     * in a sub-manager of {@code latents}' manager and are freed at the end of that step; the result
     * is in {@code latents}' manager.
     */
    public NDArray invert(NDArray latents, NoisePredictor predictor) {
        NDManager home = latents.getManager();
        NDArray x = latents.duplicate();
        for (int t : scheduler.inversionTimesteps()) {
            try (NDManager step = home.newSubManager()) {
                NDArray below = x;
                below.attach(step);
                NDArray next = scheduler.invertStep(predictor.epsilon(below, t), t, below).sample();
                for (int i = 0; i < fixedPointIterations; i++) {
                    next = scheduler.invertStep(predictor.epsilon(next, t), t, below).sample();
                }
                next.attach(home);
                x = next;
            }
        }
        return x;
    }

    /** Samples from {@code noise} over {@link DdimScheduler#timesteps()} without guidance, in the same manager discipline. */
    public NDArray sample(NDArray noise, NoisePredictor predictor) {
        NDManager home = noise.getManager();
        NDArray x = noise.duplicate();
        for (int t : scheduler.timesteps()) {
            try (NDManager step = home.newSubManager()) {
                NDArray cur = x;
                cur.attach(step);
                NDArray next = scheduler.step(predictor.epsilon(cur, t), t, cur).sample();
                next.attach(home);
                x = next;
            }
        }
        return x;
    }
}
