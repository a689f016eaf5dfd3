package io.vswap.diffusion.api;

import ai.djl.Device;

/**
 * How many bytes of a transformer feed-forward's hidden activations (GEGLU's projection,
 * {@code [tokens, 8·dim]}) may exist at once. Above the budget the feed-forward runs on chunks of
 * tokens one after another (diffusers' {@code enable_forward_chunking}): every token's result is
 * the same, computed alone, so the numbers do not change; an inference pass then holds one chunk's
 * hidden activations instead of the whole batch's (at SD 1.5 size 42 MB per image at the 64×64
 * level, 1.3 GB for 16 frames with guidance's two halves, and GELU's and the product's as much
 * again). Under autograd every chunk's activations are kept for the backward: no saving there.
 *
 * <p>Chosen with {@code -Dvswap.feedForward.chunk}: {@code auto} (the default: as
 * {@link AttentionSlicing}'s auto budget, a sixteenth of the device's free memory between 64 MiB
 * and 1 GiB), {@code off}, or a number of MiB.
 */
public final class FeedForwardChunking {

    /** The system property: {@code auto}, {@code off} or a budget in MiB. */
    public static final String PROPERTY = "vswap.feedForward.chunk";

    private static final String WHAT = "feed-forward chunking";

    private FeedForwardChunking() {
    }

    /** The budget in bytes on {@code device} under the current setting; {@link Long#MAX_VALUE} when off. */
    public static long budgetBytes(Device device) {
        return AttentionSlicing.budgetBytes(PROPERTY, WHAT, device);
    }

    /** Checks the setting; the message says what is allowed. */
    public static void requireValid(String value) {
        AttentionSlicing.requireValid(value, WHAT);
    }
}
