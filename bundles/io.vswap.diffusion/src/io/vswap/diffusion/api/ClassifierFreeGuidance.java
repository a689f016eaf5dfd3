package io.vswap.diffusion.api;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Classifier-free guidance (Ho and Salimans, 2022): {@code eps = uncond + scale * (cond - uncond)}. */
public final class ClassifierFreeGuidance {

    /**
     * Whether the two halves run as one batch or one after the other:
     * {@code -Dvswap.guidance.halves=auto|together|apart}. Apart holds one half's activations at a
     * time (the same numbers, tested); {@code auto} (the default) runs them apart when the batched
     * pass is estimated above a quarter of the device's free memory.
     */
    public static final String HALVES_PROPERTY = "vswap.guidance.halves";

    /**
     * Bytes an inference pass holds per latent cell and first-level channel, fp32: measured at SD 1.5
     * size (an edit step at batch 2 × 1 frame of 64×64 latents held 2.11 GB above the weights,
     * 2026-12-07) ÷ (2 · 64·64 · 320).
     */
    static final double PASS_BYTES_PER_CELL_CHANNEL = 805;

    private static final MemorySwitch HALVES = new MemorySwitch(HALVES_PROPERTY, "apart", "together");

    private ClassifierFreeGuidance() {
    }

    /** Whether to run the halves of a guided pass over {@code images} (both halves together) one after the other. */
    public static boolean halvesApart(long images, long latentHeight, long latentWidth, long firstLevelChannels,
            Device device) {
        return HALVES.enabled(images * latentHeight * latentWidth * firstLevelChannels * PASS_BYTES_PER_CELL_CHANNEL,
                device);
    }

    /** Guided epsilon, in {@code cond}'s manager. */
    public static NDArray combine(NDArray uncond, NDArray cond, double scale) {
        NDArray d = cond.sub(uncond);
        return d.muli(scale).addi(uncond);
    }

    /**
     * Guided epsilon from one batched UNet output whose first half along axis 0 is the
     * unconditional prediction and second half the conditional one (diffusers' order).
     */
    public static NDArray combineBatched(NDArray both, double scale) {
        long b = both.getShape().get(0);
        if (b % 2 != 0) {
            throw new IllegalArgumentException("batched prediction of odd batch size " + b);
        }
        NDList halves = both.split(2, 0);
        try {
            return combine(halves.get(0), halves.get(1), scale);
        } finally {
            halves.close();
        }
    }

    /** A noise prediction of {@code latents} at {@code t} under {@code prompts}, one embedding per image. */
    @FunctionalInterface
    public interface PromptedPredictor {
        NDArray epsilon(NDArray latents, int t, NDArray prompts);
    }

    /**
     * The guided noise predictor of a clip's sampling loop ({@link DdimInversion#sample}): each call
     * predicts the clip's latents under the unconditional and the conditional prompt, both halves in
     * one batch ({@code [unconditional; conditional]}: an attention processor sees two groups of the
     * clip's frames) or one after the other where {@link #halvesApart} says so for {@code latents}'
     * size, and combines them. Close it to free the prompts repeated per frame.
     */
    public static final class Guided implements DdimInversion.NoisePredictor, AutoCloseable {
        private final NDArray unconditional, conditional, both;
        private final boolean apart;
        private final double scale;
        private final PromptedPredictor predictor;

        private Guided(NDArray unconditional, NDArray conditional, boolean apart, double scale,
                PromptedPredictor predictor) {
            this.unconditional = unconditional;
            this.conditional = conditional;
            this.both = NDArrays.concat(new NDList(unconditional, conditional));
            this.apart = apart;
            this.scale = scale;
            this.predictor = predictor;
        }

        /** Whether the two halves run one after the other. */
        public boolean apart() {
            return apart;
        }

        @Override
        public NDArray epsilon(NDArray latents, int t) {
            if (apart) {
                return combine(predictor.epsilon(latents, t, unconditional), predictor.epsilon(latents, t, conditional),
                        scale);
            }
            return combineBatched(predictor.epsilon(NDArrays.concat(new NDList(latents, latents)), t, both), scale);
        }

        @Override
        public void close() {
            unconditional.close();
            conditional.close();
            both.close();
        }
    }

    /**
     * Guidance toward {@code conditional} (a prompt embedding {@code [1, L, dim]}) from
     * {@code unconditional} at {@code scale}, for clips shaped like {@code latents}
     * ({@code [frames, channels, h, w]}) on a UNet whose first level has {@code firstLevelChannels}.
     */
    public static Guided guided(NDArray unconditional, NDArray conditional, NDArray latents, long firstLevelChannels,
            double scale, PromptedPredictor predictor) {
        long frames = latents.getShape().get(0);
        boolean apart = halvesApart(2 * frames, latents.getShape().get(2), latents.getShape().get(3), firstLevelChannels,
                latents.getDevice());
        return new Guided(unconditional.repeat(0, frames), conditional.repeat(0, frames), apart, scale, predictor);
    }
}
