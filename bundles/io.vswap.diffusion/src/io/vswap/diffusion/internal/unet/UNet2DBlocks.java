package io.vswap.diffusion.internal.unet;

import java.util.List;

import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * diffusers' {@code get_down_block}, {@code get_mid_block} and {@code get_up_block}
 * ({@code unet_2d_blocks.py}): a block type name from {@code config.json} to its block, and the one
 * list of the names this UNet builds ({@link UNet2DConditionConfig} refuses others when it is read).
 *
 * <p>AnimateDiff's motion variants (diffusers' {@code CrossAttnDownBlockMotion}, {@code DownBlockMotion},
 * …) are not names of their own here: they are these blocks built with {@link MotionModules}, which
 * the video UNet passes in; {@code motion} null builds the image blocks.
 */
public final class UNet2DBlocks {

    public static final List<String> DOWN_BLOCK_TYPES = List.of("CrossAttnDownBlock2D", "DownBlock2D");
    public static final List<String> MID_BLOCK_TYPES = List.of("UNetMidBlock2DCrossAttn");
    public static final List<String> UP_BLOCK_TYPES = List.of("CrossAttnUpBlock2D", "UpBlock2D");

    private UNet2DBlocks() {
    }

    /** @throws IllegalArgumentException naming {@code downBlockType} when it is not one of {@link #DOWN_BLOCK_TYPES} */
    public static void checkDownBlockType(String downBlockType) {
        check("down", downBlockType, DOWN_BLOCK_TYPES);
    }

    /** @throws IllegalArgumentException naming {@code midBlockType} when it is not one of {@link #MID_BLOCK_TYPES} */
    public static void checkMidBlockType(String midBlockType) {
        check("mid", midBlockType, MID_BLOCK_TYPES);
    }

    /** @throws IllegalArgumentException naming {@code upBlockType} when it is not one of {@link #UP_BLOCK_TYPES} */
    public static void checkUpBlockType(String upBlockType) {
        check("up", upBlockType, UP_BLOCK_TYPES);
    }

    /**
     * The encoder block at {@code level} ({@code down_blocks.<level>}): {@code layers_per_block[level]}
     * resnets, the level's attention heads, a downsampler unless it is the last level.
     */
    static DownBlock getDownBlock(String downBlockType, ParameterStore store, String prefix, UNet2DConditionConfig c,
            int level, int inChannels, int outChannels, boolean addDownsample, MotionModules motion) {
        return switch (downBlockType) {
        case "CrossAttnDownBlock2D" -> new CrossAttnDownBlock2D(store, prefix, inChannels, outChannels,
                c.timeEmbedDim(), c.layers(level), addDownsample, c.normNumGroups(), c.normEps(),
                c.downsamplePadding(), c.heads(level), c.transformerLayersPerBlock(), c.crossAttentionDim(),
                c.useLinearProjection(), motion);
        case "DownBlock2D" -> new DownBlock2D(store, prefix, inChannels, outChannels, c.timeEmbedDim(),
                c.layers(level), addDownsample, c.normNumGroups(), c.normEps(), c.downsamplePadding(), motion);
        default -> throw unsupported("down", downBlockType, DOWN_BLOCK_TYPES);
        };
    }

    /** The middle block on the last level's channels, with its attention heads. */
    static UNetMidBlock2DCrossAttn getMidBlock(String midBlockType, ParameterStore store, String prefix,
            UNet2DConditionConfig c, MotionModules motion) {
        int last = c.blockOutChannels().size() - 1;
        return switch (midBlockType) {
        case "UNetMidBlock2DCrossAttn" -> new UNetMidBlock2DCrossAttn(store, prefix, c.blockOutChannels().get(last),
                c.timeEmbedDim(), c.normNumGroups(), c.normEps(), c.heads(last), c.transformerLayersPerBlock(),
                c.crossAttentionDim(), c.useLinearProjection(), motion);
        default -> throw unsupported("mid", midBlockType, MID_BLOCK_TYPES);
        };
    }

    /**
     * The decoder block that mirrors the encoder's {@code level}: {@code layers_per_block[level] + 1}
     * resnets, that level's attention heads, an upsampler unless it is the last up block.
     *
     * @param inChannels the channels of the skip connection that enters last (the level below's output)
     * @param prevOutputChannels the channels of the hidden states coming up from the block before
     */
    static UpBlock getUpBlock(String upBlockType, ParameterStore store, String prefix, UNet2DConditionConfig c,
            int level, int inChannels, int prevOutputChannels, int outChannels, boolean addUpsample,
            MotionModules motion) {
        return switch (upBlockType) {
        case "CrossAttnUpBlock2D" -> new CrossAttnUpBlock2D(store, prefix, inChannels, prevOutputChannels,
                outChannels, c.timeEmbedDim(), c.layers(level) + 1, addUpsample, c.normNumGroups(), c.normEps(),
                c.heads(level), c.transformerLayersPerBlock(), c.crossAttentionDim(), c.useLinearProjection(), motion);
        case "UpBlock2D" -> new UpBlock2D(store, prefix, inChannels, prevOutputChannels, outChannels, c.timeEmbedDim(),
                c.layers(level) + 1, addUpsample, c.normNumGroups(), c.normEps(), motion);
        default -> throw unsupported("up", upBlockType, UP_BLOCK_TYPES);
        };
    }

    private static void check(String kind, String type, List<String> supported) {
        if (type == null || !supported.contains(type)) { // List.of refuses to look for null
            throw unsupported(kind, type, supported);
        }
    }

    private static IllegalArgumentException unsupported(String kind, String type, List<String> supported) {
        return new IllegalArgumentException(kind + " block type '" + type + "' is not supported (this UNet builds "
                + String.join(", ", supported) + ")");
    }
}
