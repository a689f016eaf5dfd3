package io.vswap.diffusion.api;

import ai.djl.Device;

/**
 * Whether a training pass through the UNet recomputes activations block by block
 * ({@link VideoUNetModel#residualGradients}) instead of keeping them all for the backward:
 * {@code -Dvswap.gradientCheckpointing=auto|on|off}. {@code auto} (the default) turns it on when
 * the activations a plain backward would keep are estimated above a quarter of the device's free
 * memory; it costs one more forward per pass, so small models (the sample model) run without it.
 */
public final class GradientCheckpointing {

    /** The system property: {@code auto}, {@code on} or {@code off}. */
    public static final String PROPERTY = "vswap.gradientCheckpointing";

    private static final MemorySwitch SWITCH = new MemorySwitch(PROPERTY, "on", "off");

    /**
     * Bytes a plain backward keeps per latent cell and first-level channel, fp32: measured at SD 1.5
     * size (one registration iteration on one 64×64-latent frame kept 4.49 GB above the weights,
     * 2026-12-07) ÷ (64·64 cells · 320 channels · 4 bytes).
     */
    static final double BYTES_PER_CELL_CHANNEL = 856 * 4;

    private GradientCheckpointing() {
    }

    /** The activations a plain backward through a UNet keeps, estimated. */
    public static long estimateBytes(long images, long latentHeight, long latentWidth, long firstLevelChannels) {
        return (long) (images * latentHeight * latentWidth * firstLevelChannels * BYTES_PER_CELL_CHANNEL);
    }

    /** Whether to checkpoint a pass estimated to keep {@code activationBytes} on {@code device}. */
    public static boolean enabled(long activationBytes, Device device) {
        return SWITCH.enabled(activationBytes, device);
    }
}
