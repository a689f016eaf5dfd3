package io.vswap.diffusion.api;

import java.util.Locale;

/**
 * How {@link DotProductAttention#attention} computes {@code softmax(Q·Kᵀ/√d)·V} where nobody
 * watches the probabilities; {@code -Dvswap.attention} chooses it. All give the same numbers
 * (within 1e-5 relative, tested); they differ in memory and speed.
 */
public enum AttentionKernel {
    /** PyTorch's scaled-dot-product attention where the engine loads it, else {@link #SLICED}: the default. */
    AUTO,
    /**
     * PyTorch's {@code scaled_dot_product_attention}: flash attention on the CPU and on a GPU, whose
     * backward keeps a log-sum-exp per row instead of the probabilities (SD 1.5's 64×64 level,
     * 8 heads: 42 MB instead of 2.6 GB for forward and backward, measured). An error where the
     * engine cannot load it.
     */
    SDPA,
    /** The scores in slices within the {@link AttentionSlicing} budget (diffusers' sliced attention). */
    SLICED,
    /** All scores at once (diffusers' {@code AttnProcessor}): the reference; the most memory. */
    WHOLE;

    /** The system property: {@code auto}, {@code sdpa}, {@code sliced} or {@code whole}. */
    public static final String PROPERTY = "vswap.attention";

    /** The kernel the property chooses (default {@link #AUTO}). */
    public static AttentionKernel current() {
        return parse(System.getProperty(PROPERTY, "auto"));
    }

    /** @throws IllegalArgumentException naming the values allowed */
    public static AttentionKernel parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.isEmpty()) {
            return AUTO;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attention '" + value.trim() + "' is not one of auto, sdpa, sliced, whole",
                    e);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
