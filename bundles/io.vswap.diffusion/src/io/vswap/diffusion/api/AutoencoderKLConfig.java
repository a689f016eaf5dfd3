package io.vswap.diffusion.api;

import static io.vswap.diffusion.api.ConfigJson.bool;
import static io.vswap.diffusion.api.ConfigJson.integer;
import static io.vswap.diffusion.api.ConfigJson.ints;
import static io.vswap.diffusion.api.ConfigJson.number;
import static io.vswap.diffusion.api.ConfigJson.present;
import static io.vswap.diffusion.api.ConfigJson.strings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.diffusion.internal.vae.VaeBlocks;

/**
 * The fields of a diffusers {@code AutoencoderKL} {@code vae/config.json} that SD 1.x/2.x use.
 * Absent fields take diffusers' defaults; fields asking for something not built here are refused.
 *
 * @param shiftFactor 0 where the config has none (SD 1.x/2.x)
 */
public record AutoencoderKLConfig(int inChannels, int outChannels, List<String> downBlockTypes,
        List<String> upBlockTypes, List<Integer> blockOutChannels, int layersPerBlock, int latentChannels,
        int normNumGroups, int sampleSize, double scalingFactor, double shiftFactor, boolean useQuantConv,
        boolean usePostQuantConv, boolean midBlockAddAttention) {

    public AutoencoderKLConfig {
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
        int n = blockOutChannels.size();
        if (downBlockTypes.size() != n || upBlockTypes.size() != n) {
            throw new IllegalArgumentException("down_block_types, up_block_types and block_out_channels need one "
                    + "entry per level (" + n + "): " + downBlockTypes + ", " + upBlockTypes);
        }
        downBlockTypes.forEach(VaeBlocks::checkDownBlockType);
        upBlockTypes.forEach(VaeBlocks::checkUpBlockType);
        if (scalingFactor == 0 || !Double.isFinite(scalingFactor)) {
            throw new IllegalArgumentException("config field 'scaling_factor' = " + scalingFactor
                    + " must be a finite number other than 0");
        }
        ConfigJson.within("block_out_channels (levels)", n, 1, 8);
        ConfigJson.within("block_out_channels", blockOutChannels, 1, 16384);
        ConfigJson.within("layers_per_block", layersPerBlock, 1, 32);
        ConfigJson.within("in_channels", inChannels, 1, 64);
        ConfigJson.within("out_channels", outChannels, 1, 64);
        ConfigJson.within("latent_channels", latentChannels, 1, 64);
        ConfigJson.within("sample_size", sampleSize, 1, 8192);
        ConfigJson.groups("norm_num_groups", normNumGroups, blockOutChannels);
    }

    /** How much smaller the latent grid is than the image: {@code 2^(levels-1)} (SD: 8). */
    public int downscale() {
        return 1 << (blockOutChannels.size() - 1);
    }

    /** @throws IOException naming the file and the field when the config is damaged or unsupported */
    public static AutoencoderKLConfig read(Path configJson) throws IOException {
        return ConfigJson.read(configJson, AutoencoderKLConfig::parse);
    }

    public static AutoencoderKLConfig parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        if (present(o, "act_fn") && !o.get("act_fn").getAsString().equals("silu")) {
            throw new IllegalArgumentException("act_fn '" + o.get("act_fn").getAsString() + "' is not supported");
        }
        if (present(o, "latents_mean") || present(o, "latents_std")) {
            throw new IllegalArgumentException("latents_mean/latents_std are not supported");
        }
        return new AutoencoderKLConfig(integer(o, "in_channels", 3), integer(o, "out_channels", 3),
                strings(o, "down_block_types", List.of("DownEncoderBlock2D")),
                strings(o, "up_block_types", List.of("UpDecoderBlock2D")), ints(o, "block_out_channels", List.of(64)),
                integer(o, "layers_per_block", 1), integer(o, "latent_channels", 4), integer(o, "norm_num_groups", 32),
                integer(o, "sample_size", 32), number(o, "scaling_factor", 0.18215), number(o, "shift_factor", 0),
                bool(o, "use_quant_conv", true), bool(o, "use_post_quant_conv", true),
                bool(o, "mid_block_add_attention", true));
    }
}
