package io.vswap.diffusion.internal.vae;

import java.util.List;

import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * diffusers' {@code get_down_block} and {@code get_up_block} as the VAE's {@code Encoder} and
 * {@code Decoder} call them: a block type name from {@code vae/config.json} to its block, and the one
 * list of the names this VAE builds ({@link io.vswap.diffusion.api.AutoencoderKLConfig} refuses others
 * when it is read).
 */
public final class VaeBlocks {

    public static final List<String> DOWN_BLOCK_TYPES = List.of("DownEncoderBlock2D");
    public static final List<String> UP_BLOCK_TYPES = List.of("UpDecoderBlock2D");

    private VaeBlocks() {
    }

    /** @throws IllegalArgumentException naming {@code downBlockType} when it is not one of {@link #DOWN_BLOCK_TYPES} */
    public static void checkDownBlockType(String downBlockType) {
        check("down", downBlockType, DOWN_BLOCK_TYPES);
    }

    /** @throws IllegalArgumentException naming {@code upBlockType} when it is not one of {@link #UP_BLOCK_TYPES} */
    public static void checkUpBlockType(String upBlockType) {
        check("up", upBlockType, UP_BLOCK_TYPES);
    }

    static DownEncoderBlock2D getDownBlock(String downBlockType, ParameterStore store, String prefix, int numLayers,
            int inChannels, int outChannels, boolean addDownsample, int groups, double eps) {
        return switch (downBlockType) {
        case "DownEncoderBlock2D" -> new DownEncoderBlock2D(store, prefix, inChannels, outChannels, numLayers,
                addDownsample, groups, eps);
        default -> throw unsupported("down", downBlockType, DOWN_BLOCK_TYPES);
        };
    }

    static UpDecoderBlock2D getUpBlock(String upBlockType, ParameterStore store, String prefix, int numLayers,
            int inChannels, int outChannels, boolean addUpsample, int groups, double eps) {
        return switch (upBlockType) {
        case "UpDecoderBlock2D" -> new UpDecoderBlock2D(store, prefix, inChannels, outChannels, numLayers, addUpsample,
                groups, eps);
        default -> throw unsupported("up", upBlockType, UP_BLOCK_TYPES);
        };
    }

    private static void check(String kind, String type, List<String> supported) {
        if (type == null || !supported.contains(type)) { // List.of refuses to look for null
            throw unsupported(kind, type, supported);
        }
    }

    private static IllegalArgumentException unsupported(String kind, String type, List<String> supported) {
        return new IllegalArgumentException(kind + " block type '" + type + "' is not supported (this VAE builds "
                + String.join(", ", supported) + ")");
    }
}
