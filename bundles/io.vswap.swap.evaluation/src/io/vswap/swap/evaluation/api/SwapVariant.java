package io.vswap.swap.evaluation.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The method variants measured: VideoSwap as the paper runs it, and the paper's ablations (§4.3,
 * Fig. 8, Table 3) as switches of {@code VideoSwapSettings}.
 */
public enum SwapVariant {
    /** Every setting at its default (point patch loss, T/2 schedule, motion features). */
    FULL("full", "VideoSwap (patch loss, T/2 schedule)", Map.of()),
    /** Registration loss over the whole frame instead of 4×4 patches around the points. */
    NO_PATCH_LOSS("no-patch-loss", "without the point patch loss", Map.of("patchLoss", false)),
    /** Registration timesteps from U(0, T) instead of U(T/2, T). */
    UNIFORM_SCHEDULE("uniform-schedule", "without the T/2 schedule", Map.of("semanticSchedule", false)),
    /** No points at all: DDIM inversion, the edited prompt and the latent blend. */
    NO_MOTION_FEATURES("no-motion-features", "no motion features (plain DDIM + latent blend)",
            Map.of("motionFeatures", false)),
    /**
     * Not an ablation of the paper's: DDIM inversion, the edited prompt and the latent blend in context
     * windows of one frame, so that each frame is inverted and edited alone (the baseline a video
     * edit's temporal consistency is measured against; without motion features, as
     * {@link #NO_MOTION_FEATURES} is its video counterpart). Not run unless named.
     */
    FRAME_BY_FRAME("frame-by-frame", "each frame inverted and edited alone (windows of one frame, no motion features)",
            Map.of("contextLength", 1, "contextOverlap", 0, "motionFeatures", false));

    /** The variants run when a job names none: the full method and the paper's ablations. */
    public static java.util.List<SwapVariant> paper() {
        return java.util.List.of(FULL, NO_PATCH_LOSS, UNIFORM_SCHEDULE, NO_MOTION_FEATURES);
    }

    private final String id;
    private final String description;
    private final Map<String, Object> settings;

    SwapVariant(String id, String description, Map<String, Object> settings) {
        this.id = id;
        this.description = description;
        this.settings = settings;
    }

    /** The name in specs and reports, e.g. {@code no-patch-loss}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The method settings this variant overrides. */
    public Map<String, Object> settings() {
        return settings;
    }

    public static Optional<SwapVariant> byId(String id) {
        return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst();
    }
}
