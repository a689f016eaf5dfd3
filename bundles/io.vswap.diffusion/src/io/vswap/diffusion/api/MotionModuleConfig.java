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
        ConfigJson.within("num_attention_heads", numAttentionHeads, 1, 1024);
        ConfigJson.within("num_transformer_block", numTransformerBlocks, 1, 32);
        ConfigJson.within("attention_block_types (count)", attentionBlocksPerTransformerBlock, 1, 32);
        ConfigJson.within("temporal_position_encoding_max_len", temporalPositionEncodingMaxLen, 1, 65536);
        ConfigJson.within("norm_num_groups", normNumGroups, 1, 4096);
    }

    /**
     * Reads our {@code motion_module/config.json}: AnimateDiff's {@code motion_module_kwargs} names
     * ({@code num_attention_heads}, {@code num_transformer_block}, {@code attention_block_types},
     * {@code temporal_position_encoding}, {@code temporal_position_encoding_max_len},
     * {@code zero_initialize}) plus {@code motion_module_mid_block} and {@code norm_num_groups};
     * absent fields take {@link #mmSdV15()}'s values.
     */
    public static MotionModuleConfig read(java.nio.file.Path file) throws java.io.IOException {
        return ConfigJson.read(file, MotionModuleConfig::parse);
    }

    public static MotionModuleConfig parse(String json) {
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        MotionModuleConfig d = mmSdV15();
        int blocks = o.has("attention_block_types") ? o.getAsJsonArray("attention_block_types").size()
                : d.attentionBlocksPerTransformerBlock();
        return new MotionModuleConfig(ConfigJson.integer(o, "num_attention_heads", d.numAttentionHeads()),
                ConfigJson.integer(o, "num_transformer_block", d.numTransformerBlocks()), blocks,
                ConfigJson.bool(o, "temporal_position_encoding", d.temporalPositionEncoding()),
                ConfigJson.integer(o, "temporal_position_encoding_max_len", d.temporalPositionEncodingMaxLen()),
                ConfigJson.bool(o, "motion_module_mid_block", d.midBlock()),
                ConfigJson.integer(o, "norm_num_groups", d.normNumGroups()),
                ConfigJson.bool(o, "zero_initialize", d.zeroInitialize()));
    }

    /** The fields {@link #parse} reads. */
    public String toJson() {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("_class_name", "VanillaTemporalModule");
        o.addProperty("num_attention_heads", numAttentionHeads);
        o.addProperty("num_transformer_block", numTransformerBlocks);
        com.google.gson.JsonArray types = new com.google.gson.JsonArray();
        for (int i = 0; i < attentionBlocksPerTransformerBlock; i++) {
            types.add("Temporal_Self");
        }
        o.add("attention_block_types", types);
        o.addProperty("temporal_position_encoding", temporalPositionEncoding);
        o.addProperty("temporal_position_encoding_max_len", temporalPositionEncodingMaxLen);
        o.addProperty("motion_module_mid_block", midBlock);
        o.addProperty("norm_num_groups", normNumGroups);
        o.addProperty("zero_initialize", zeroInitialize);
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o);
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
