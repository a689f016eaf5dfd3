package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;

/**
 * Deterministic DDIM (eta = 0, epsilon prediction) over a {@link NoiseSchedule}, with
 * diffusers' "leading" timestep spacing, {@code steps_offset} and {@code set_alpha_to_one}; and
 * its inversion (the same update run from clean to noisy). A pure object: no model, no tensors
 * held; results go to the {@code sample}'s manager and temporaries are closed.
 *
 * <p>In a sampling loop, attach the running latent to each step's sub-manager and the new
 * latent back to the outer manager, or every step's arrays pile up (DJL's results belong to
 * their first input's manager).
 */
public final class DdimScheduler {

    private final NoiseSchedule schedule;
    private final double finalAlphaCumprod;
    private final int stepsOffset;
    private int[] timesteps = new int[0];
    private int stepRatio;

    public DdimScheduler(NoiseSchedule schedule, boolean setAlphaToOne, int stepsOffset) {
        this.schedule = schedule;
        this.finalAlphaCumprod = setAlphaToOne ? 1.0 : schedule.alphaCumprod(0);
        this.stepsOffset = stepsOffset;
    }

    /** Stable Diffusion 1.5's scheduler config: scaled_linear 0.00085..0.012 over 1000, set_alpha_to_one false, steps_offset 1, leading. */
    public static DdimScheduler stableDiffusion15() {
        return new DdimScheduler(NoiseSchedule.stableDiffusion(), false, 1);
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** "Leading" spacing: {@code t_i = i * (T / n) + steps_offset}, i = n-1 .. 0 (T / n an integer division). */
    public DdimScheduler setTimesteps(int inferenceSteps) {
        int train = schedule.trainTimesteps();
        if (inferenceSteps < 1 || inferenceSteps > train) {
            throw new IllegalArgumentException("inference steps " + inferenceSteps + " outside [1, " + train + "]");
        }
        stepRatio = train / inferenceSteps;
        timesteps = new int[inferenceSteps];
        for (int i = 0; i < inferenceSteps; i++) {
            timesteps[i] = (inferenceSteps - 1 - i) * stepRatio + stepsOffset;
        }
        return this;
    }

    /** The denoising timesteps, from noisiest to cleanest (981, 961, ..., 1 for 50 steps). */
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** The inversion timesteps: {@link #timesteps()} in ascending order. */
    public int[] inversionTimesteps() {
        int[] out = new int[timesteps.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = timesteps[timesteps.length - 1 - i];
        }
        return out;
    }

    public int stepRatio() {
        requireTimesteps();
        return stepRatio;
    }

    /** {@code alphas_cumprod[t]}, or the final alpha (alphas_cumprod[0] here) for t < 0. */
    public double alphaCumprod(int t) {
        return t >= 0 ? schedule.alphaCumprod(t) : finalAlphaCumprod;
    }

    public double finalAlphaCumprod() {
        return finalAlphaCumprod;
    }

    /**
     * One denoising step from timestep {@code t} to {@code t - T/n}, DDIM eq. 12 with sigma = 0:
     * x0 = (x_t - sqrt(1 - a_t) eps) / sqrt(a_t); x_prev = sqrt(a_prev) x0 + sqrt(1 - a_prev) eps.
     */
    public DdimStep step(NDArray epsilon, int t, NDArray sample) {
        requireTimesteps();
        checkTimestep(t);
        return move(epsilon, sample, alphaCumprod(t), alphaCumprod(t - stepRatio));
    }

    /**
     * One inversion step to timestep {@code t} from the level below it ({@code t - T/n}, the final
     * alpha when that is negative), with the epsilon predicted at {@code t} (no guidance). It is the
     * exact algebraic inverse of {@link #step} at the same {@code t} and epsilon.
     */
    public DdimStep invertStep(NDArray epsilon, int t, NDArray sample) {
        requireTimesteps();
        checkTimestep(t);
        return move(epsilon, sample, alphaCumprod(t - stepRatio), alphaCumprod(t));
    }

    private static DdimStep move(NDArray epsilon, NDArray sample, double aFrom, double aTo) {
        // The destination is folded into one weighted sum with coefficients in double precision,
        // rather than through the rounded x0 (which near t = T is amplified by 1/sqrt(aFrom) ~ 15).
        double sFrom = Math.sqrt(aFrom);
        double sTo = Math.sqrt(aTo);
        NDArray next = Ops.weightedSum(sample, sTo / sFrom, epsilon, Math.sqrt(1 - aTo) - sTo * Math.sqrt(1 - aFrom) / sFrom);
        NDArray x0 = Ops.weightedSum(sample, 1 / sFrom, epsilon, -Math.sqrt(1 - aFrom) / sFrom);
        return new DdimStep(next, x0);
    }

    private void requireTimesteps() {
        if (timesteps.length == 0) {
            throw new IllegalStateException("setTimesteps(n) must be called before stepping");
        }
    }

    private void checkTimestep(int t) {
        if (t < 0 || t >= schedule.trainTimesteps()) {
            throw new IllegalArgumentException("timestep " + t + " outside [0, " + schedule.trainTimesteps() + ")");
        }
    }
}
