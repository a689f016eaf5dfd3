package io.vswap.diffusion.api;

import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The DDPM forward (noising) process of a trained model: betas over the training timesteps
 * and {@code alphas_cumprod = prod_{s<=t} (1 - beta_s)}, kept in double precision. A pure
 * object: it holds no tensors; {@link #addNoise} creates its result in the first input's
 * manager (DJL's rule) and closes its own temporaries.
 */
public final class NoiseSchedule {

    private final double[] betas;
    private final double[] alphasCumprod;

    private NoiseSchedule(double[] betas) {
        this.betas = betas;
        this.alphasCumprod = new double[betas.length];
        double p = 1;
        for (int t = 0; t < betas.length; t++) {
            p *= 1 - betas[t];
            alphasCumprod[t] = p;
        }
    }

    /** diffusers' {@code scaled_linear}: betas linear in sqrt(beta) from sqrt(start) to sqrt(end), squared. */
    public static NoiseSchedule scaledLinear(double betaStart, double betaEnd, int trainTimesteps) {
        double a = Math.sqrt(betaStart);
        double b = Math.sqrt(betaEnd);
        double[] betas = new double[trainTimesteps];
        for (int i = 0; i < trainTimesteps; i++) {
            double s = trainTimesteps == 1 ? a : a + (b - a) * i / (trainTimesteps - 1);
            betas[i] = s * s;
        }
        return new NoiseSchedule(betas);
    }

    /** diffusers' {@code linear}: betas linear from start to end. */
    public static NoiseSchedule linear(double betaStart, double betaEnd, int trainTimesteps) {
        double[] betas = new double[trainTimesteps];
        for (int i = 0; i < trainTimesteps; i++) {
            betas[i] = trainTimesteps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * i / (trainTimesteps - 1);
        }
        return new NoiseSchedule(betas);
    }

    /** Stable Diffusion 1.x: scaled_linear, beta 0.00085 to 0.012, 1000 training steps. */
    public static NoiseSchedule stableDiffusion() {
        return scaledLinear(0.00085, 0.012, 1000);
    }

    public int trainTimesteps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[t];
    }

    /** {@code alphas_cumprod[t]} ("alpha bar"). */
    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** {@code sqrt(abar_t) * original + sqrt(1 - abar_t) * noise}, one timestep for the whole batch. */
    public NDArray addNoise(NDArray original, NDArray noise, int t) {
        return Ops.weightedSum(original, Math.sqrt(alphasCumprod[t]), noise, Math.sqrt(1 - alphasCumprod[t]));
    }

    /**
     * As {@link #addNoise(NDArray, NDArray, int)} with one timestep per batch element
     * (axis 0 of {@code original}).
     */
    public NDArray addNoise(NDArray original, NDArray noise, int[] timesteps) {
        long[] dims = original.getShape().getShape();
        if (dims.length == 0 || dims[0] != timesteps.length) {
            throw new IllegalArgumentException(timesteps.length + " timesteps for a batch of shape " + original.getShape());
        }
        float[] signal = new float[timesteps.length];
        float[] noiseScale = new float[timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            signal[i] = (float) Math.sqrt(alphasCumprod[timesteps[i]]);
            noiseScale[i] = (float) Math.sqrt(1 - alphasCumprod[timesteps[i]]);
        }
        long[] bshape = new long[dims.length];
        Arrays.fill(bshape, 1);
        bshape[0] = timesteps.length;
        var m = original.getManager();
        try (NDArray a = m.create(signal, new Shape(bshape)); NDArray b = m.create(noiseScale, new Shape(bshape));
                NDArray bn = noise.mul(b)) {
            return original.mul(a).addi(bn);
        }
    }

    /** {@code n} training timesteps drawn uniformly from {@code [from, to)} (e.g. [T/2, T) for VideoSwap's registration). */
    public int[] sampleTimesteps(Random random, int n, int from, int to) {
        if (from < 0 || to > betas.length || from >= to) {
            throw new IllegalArgumentException("timestep range [" + from + ", " + to + ") outside [0, " + betas.length + ")");
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = from + random.nextInt(to - from);
        }
        return out;
    }
}
