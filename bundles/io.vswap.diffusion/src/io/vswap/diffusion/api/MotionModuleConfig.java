package io.vswap.diffusion.api;

/**
 * AnimateDiff's motion-module settings ({@code unet_additional_kwargs} of its inference YAML,
 * {@code motion_module_type: Vanilla}): one {@code VanillaTemporalModule} after every
 * resnet(/attention) of every down and up block, and with {@code midBlock} one in the mid block.
 *
 * @param numAttentionHeads {@code num_attention_heads} (head width = channels / heads)
 * @param numTransformerBlocks {@code num_transformer_block}
 * @param attentionBlocksPerTransformerBlock length of {@code attention_block_types} (all {@code Temporal_Self})
 * @param temporalPositionEncoding {@code temporal_position_encoding}: sinusoids added to each attention's input
 * @param temporalPositionEncodingMaxLen {@code temporal_position_encoding_max_len}: the most frames a clip may have
 * @param midBlock {@code motion_module_mid_block}
 * @param normNumGroups groups of the module's input GroupNorm (AnimateDiff: 32)
 * @param zeroInitialize {@code zero_initialize}: {@code proj_out} starts at zero, so an untrained module is the identity
 */
public record MotionModuleConfig(int numAttentionHeads, int numTransformerBlocks,
        int attentionBlocksPerTransformerBlock, boolean temporalPositionEncoding, int temporalPositionEncodingMaxLen,
        boolean midBlock, int normNumGroups, boolean zeroInitialize) {

    public MotionModuleConfig {
        if (numAttentionHeads < 1 || numTransformerBlocks < 1 || attentionBlocksPerTransformerBlock < 1
                || temporalPositionEncodingMaxLen < 1 || normNumGroups < 1) {
            throw new IllegalArgumentException("motion-module sizes must be positive");
        }
    }

    /** {@code mm_sd_v15.ckpt}: configs/inference/inference-v1.yaml (max_len 24, no mid-block module). */
    public static MotionModuleConfig mmSdV15() {
        return new MotionModuleConfig(8, 1, 2, true, 24, false, 32, true);
    }

    /** {@code mm_sd_v15_v2.ckpt}: configs/inference/inference-v2.yaml (max_len 32, a mid-block module). */
    public static MotionModuleConfig mmSdV15V2() {
        return new MotionModuleConfig(8, 1, 2, true, 32, true, 32, true);
    }

    public MotionModuleConfig withNormNumGroups(int groups) {
        return new MotionModuleConfig(numAttentionHeads, numTransformerBlocks, attentionBlocksPerTransformerBlock,
                temporalPositionEncoding, temporalPositionEncodingMaxLen, midBlock, groups, zeroInitialize);
    }

    public MotionModuleConfig withNumAttentionHeads(int heads) {
        return new MotionModuleConfig(heads, numTransformerBlocks, attentionBlocksPerTransformerBlock,
                temporalPositionEncoding, temporalPositionEncodingMaxLen, midBlock, normNumGroups, zeroInitialize);
    }

    public MotionModuleConfig withMidBlock(boolean mid) {
        return new MotionModuleConfig(numAttentionHeads, numTransformerBlocks, attentionBlocksPerTransformerBlock,
                temporalPositionEncoding, temporalPositionEncodingMaxLen, mid, normNumGroups, zeroInitialize);
    }

    public MotionModuleConfig withZeroInitialize(boolean zero) {
        return new MotionModuleConfig(numAttentionHeads, numTransformerBlocks, attentionBlocksPerTransformerBlock,
                temporalPositionEncoding, temporalPositionEncodingMaxLen, midBlock, normNumGroups, zero);
    }
}
