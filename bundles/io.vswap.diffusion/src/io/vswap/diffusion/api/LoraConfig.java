package io.vswap.diffusion.api;

import java.util.regex.Pattern;

/**
 * Which linear layers get a LoRA adapter and how large it is.
 *
 * @param rank r: {@code lora_A [r, in]}, {@code lora_B [out, r]}
 * @param alpha the adapter's output is scaled by {@code alpha / r} (peft's {@code lora_alpha})
 * @param targets a regular expression that must match a layer's whole module name, e.g.
 *        {@link #ATTENTION_PROJECTIONS}
 */
public record LoraConfig(int rank, double alpha, String targets) {

    /** Every attention projection of the UNet: {@code …attn1|attn2.to_q|to_k|to_v|to_out.0}. */
    public static final String ATTENTION_PROJECTIONS = ".*\\.attn[12]\\.(to_q|to_k|to_v|to_out\\.0)";

    /** Every self-attention projection of the CLIP text encoder: {@code …self_attn.q_proj|k_proj|v_proj|out_proj}. */
    public static final String TEXT_ENCODER_ATTENTION_PROJECTIONS = ".*\\.self_attn\\.(q_proj|k_proj|v_proj|out_proj)";

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be at least 1, is " + rank);
        }
        Pattern.compile(targets); // fail here on a bad expression
    }

    /** {@code alpha / rank}. */
    public double scale() {
        return alpha / rank;
    }

    public boolean targets(String moduleName) {
        return Pattern.matches(targets, moduleName);
    }
}
