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
 *
 * <p>The one inversion loop, as diffusers' pipelines reuse their scheduler's: VideoSwap's edit, the
 * reconstruct job and the sample model's evaluation run it, and what each keeps or reports per step
 * (every level's latents, progress, cancellation) goes through a {@link StepHook}.
 */
public final class DdimInversion {

    /** The noise prediction at timestep {@code t}, e.g. a UNet forward with a fixed prompt embedding. */
    @FunctionalInterface
    public interface NoisePredictor {
        NDArray epsilon(NDArray sample, int t);
    }

    /**
     * Called after each step with the step's index (0 first), its timestep and the latents it reached
     * (at {@code t} when inverting, at the level below {@code t} when sampling): for progress, for
     * cancellation (throwing stops the loop; the running latents are freed), or to keep every level's
     * latents as VideoSwap's edit does. The latents belong to the loop and are freed at the end of the
     * next step: {@link NDArray#duplicate()} what is kept (the copy is in the loop's home manager).
     */
    @FunctionalInterface
    public interface StepHook {
        StepHook NONE = (index, t, latents) -> {
        };

        void afterStep(int index, int t, NDArray latents);
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

    /** {@link #invert(NDArray, NoisePredictor, StepHook)} with no hook. */
    public NDArray invert(NDArray latents, NoisePredictor predictor) {
        return invert(latents, predictor, StepHook.NONE);
    }

    /**
     * Inverts {@code latents} over {@link DdimScheduler#inversionTimesteps()}. Each step's arrays live
     * in a sub-manager of {@code latents}' manager and are freed at the end of that step; the result
     * is in {@code latents}' manager.
     */
    public NDArray invert(NDArray latents, NoisePredictor predictor, StepHook hook) {
        NDManager home = latents.getManager();
        NDArray x = latents.duplicate();
        int[] timesteps = scheduler.inversionTimesteps();
        for (int i = 0; i < timesteps.length; i++) {
            int t = timesteps[i];
            try (NDManager step = home.newSubManager()) {
                NDArray below = x;
                below.attach(step);
                NDArray next = scheduler.invertStep(predictor.epsilon(below, t), t, below).sample();
                for (int k = 0; k < fixedPointIterations; k++) {
                    next = scheduler.invertStep(predictor.epsilon(next, t), t, below).sample();
                }
                next.attach(home);
                x = next;
                afterStep(hook, i, t, x);
            }
        }
        return x;
    }

    /** {@link #sample(NDArray, NoisePredictor, StepHook)} with no hook. */
    public NDArray sample(NDArray noise, NoisePredictor predictor) {
        return sample(noise, predictor, StepHook.NONE);
    }

    /**
     * Samples from {@code noise} over {@link DdimScheduler#timesteps()} without guidance, in the same
     * manager discipline.
     */
    public NDArray sample(NDArray noise, NoisePredictor predictor, StepHook hook) {
        NDManager home = noise.getManager();
        NDArray x = noise.duplicate();
        int[] timesteps = scheduler.timesteps();
        for (int i = 0; i < timesteps.length; i++) {
            int t = timesteps[i];
            try (NDManager step = home.newSubManager()) {
                NDArray cur = x;
                cur.attach(step);
                NDArray next = scheduler.step(predictor.epsilon(cur, t), t, cur).sample();
                next.attach(home);
                x = next;
                afterStep(hook, i, t, x);
            }
        }
        return x;
    }

    private static void afterStep(StepHook hook, int index, int t, NDArray latents) {
        try {
            hook.afterStep(index, t, latents);
        } catch (RuntimeException | Error e) {
            latents.close(); // already in the home manager: a stopped loop leaves nothing behind
            throw e;
        }
    }
}
