package io.vswap.diffusion.api;

import static io.vswap.diffusion.api.ConfigJson.bool;
import static io.vswap.diffusion.api.ConfigJson.integer;
import static io.vswap.diffusion.api.ConfigJson.ints;
import static io.vswap.diffusion.api.ConfigJson.number;
import static io.vswap.diffusion.api.ConfigJson.present;
import static io.vswap.diffusion.api.ConfigJson.string;
import static io.vswap.diffusion.api.ConfigJson.strings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.diffusion.internal.unet.UNet2DBlocks;

/**
 * The fields of a diffusers {@code UNet2DConditionModel} {@code config.json} that the Stable
 * Diffusion 1.x/2.x family uses. Absent fields take diffusers' defaults; fields that ask for
 * something this implementation does not build (class embeddings, other activations, …) are
 * refused by name instead of being ignored.
 *
 * <p>diffusers quirk kept on purpose: when {@code num_attention_heads} is absent,
 * {@code attention_head_dim} is the number of <em>heads</em> (SD 1.5: 8 heads of 40, 80, 160).
 *
 * <p>{@code layers_per_block} is one number for every level (SD) or, as diffusers also allows, one per
 * level; {@link #layersPerBlock()} holds one per level either way.
 */
public record UNet2DConditionConfig(int inChannels, int outChannels, int sampleSize, List<String> downBlockTypes,
        String midBlockType, List<String> upBlockTypes, List<Integer> blockOutChannels, List<Integer> layersPerBlock,
        int downsamplePadding, int normNumGroups, double normEps, int crossAttentionDim, List<Integer> attentionHeads,
        int transformerLayersPerBlock, boolean useLinearProjection, boolean flipSinToCos, double freqShift,
        boolean centerInputSample) {

    public UNet2DConditionConfig {
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
        attentionHeads = List.copyOf(attentionHeads);
        layersPerBlock = List.copyOf(layersPerBlock);
        int n = blockOutChannels.size();
        if (downBlockTypes.size() != n || upBlockTypes.size() != n || attentionHeads.size() != n
                || layersPerBlock.size() != n) {
            throw new IllegalArgumentException("down_block_types, up_block_types, block_out_channels, the "
                    + "attention heads and layers_per_block need one entry per level (" + n + "): " + downBlockTypes
                    + ", " + upBlockTypes + ", " + attentionHeads + ", " + layersPerBlock);
        }
        for (int layers : layersPerBlock) {
            if (layers < 1) {
                throw new IllegalArgumentException("layers_per_block must be at least 1 at every level: "
                        + layersPerBlock);
            }
        }
        // bounds far above any real model, so that a damaged file fails here instead of allocating for ever
        ConfigJson.within("block_out_channels (levels)", n, 1, 8);
        ConfigJson.within("block_out_channels", blockOutChannels, 1, 16384);
        ConfigJson.within("layers_per_block", layersPerBlock, 1, 32);
        ConfigJson.within("in_channels", inChannels, 1, 64);
        ConfigJson.within("out_channels", outChannels, 1, 64);
        ConfigJson.within("sample_size", sampleSize, 1, 4096);
        ConfigJson.within("cross_attention_dim", crossAttentionDim, 1, 16384);
        ConfigJson.within("transformer_layers_per_block", transformerLayersPerBlock, 1, 32);
        ConfigJson.within("downsample_padding", downsamplePadding, 0, 3);
        ConfigJson.groups("norm_num_groups", normNumGroups, blockOutChannels);
        ConfigJson.positive("norm_eps", normEps);
        ConfigJson.within("attention heads", attentionHeads, 1, 1024);
        for (int i = 0; i < n; i++) {
            if (blockOutChannels.get(i) % attentionHeads.get(i) != 0) {
                throw new IllegalArgumentException("the " + blockOutChannels.get(i) + " channels of level " + i
                        + " do not split into " + attentionHeads.get(i) + " attention heads");
            }
        }
        downBlockTypes.forEach(UNet2DBlocks::checkDownBlockType);
        upBlockTypes.forEach(UNet2DBlocks::checkUpBlockType);
        UNet2DBlocks.checkMidBlockType(midBlockType);
    }

    /** Layers of the down block at level {@code i}; its mirrored up block has one more. */
    public int layers(int level) {
        return layersPerBlock.get(level);
    }

    /** Heads of the attention layers at level {@code i} (mid block: the last level's). */
    public int heads(int level) {
        return attentionHeads.get(level);
    }

    /** {@code block_out_channels[0] * 4}, the width of the time embedding. */
    public int timeEmbedDim() {
        return blockOutChannels.get(0) * 4;
    }

    /** @throws IOException naming the file and the field when the config is damaged or unsupported */
    public static UNet2DConditionConfig read(Path configJson) throws IOException {
        return ConfigJson.read(configJson, UNet2DConditionConfig::parse);
    }

    /** Parses a diffusers {@code config.json}. */
    public static UNet2DConditionConfig parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        refuse(o, "act_fn", "silu");
        refuse(o, "resnet_time_scale_shift", "default");
        refuse(o, "time_embedding_type", "positional");
        refuse(o, "conv_in_kernel", "3");
        refuse(o, "conv_out_kernel", "3");
        refuse(o, "only_cross_attention", "false");
        refuse(o, "dual_cross_attention", "false");
        refuse(o, "mid_block_only_cross_attention", "false");
        if (present(o, "mid_block_scale_factor") && o.get("mid_block_scale_factor").getAsDouble() != 1.0) {
            throw new IllegalArgumentException("mid_block_scale_factor other than 1 is not supported");
        }
        for (String k : List.of("class_embed_type", "addition_embed_type", "encoder_hid_dim",
                "time_cond_proj_dim", "num_class_embeds", "projection_class_embeddings_input_dim",
                "time_embedding_dim", "time_embedding_act_fn", "timestep_post_act", "cross_attention_norm",
                "attention_type")) {
            JsonElement e = o.get(k);
            if (e != null && !e.isJsonNull() && !(k.equals("attention_type") && e.getAsString().equals("default"))) {
                throw new IllegalArgumentException("config field '" + k + "' = " + e + " is not supported");
            }
        }
        List<Integer> channels = ints(o, "block_out_channels", List.of(320, 640, 1280, 1280));
        int n = channels.size();
        List<Integer> heads;
        JsonElement nah = o.get("num_attention_heads");
        JsonElement ahd = nah != null && !nah.isJsonNull() ? nah : o.get("attention_head_dim");
        if (ahd == null || ahd.isJsonNull()) {
            heads = repeat(8, n);
        } else if (ahd.isJsonArray()) {
            heads = ints(o, nah != null && !nah.isJsonNull() ? "num_attention_heads" : "attention_head_dim", null);
        } else {
            heads = repeat(ahd.getAsInt(), n);
        }
        JsonElement lpb = o.get("layers_per_block");
        List<Integer> layers = lpb != null && lpb.isJsonArray() ? ints(o, "layers_per_block", null)
                : repeat(integer(o, "layers_per_block", 2), n);
        JsonElement tl = o.get("transformer_layers_per_block");
        int transformerLayers = 1;
        if (tl != null && !tl.isJsonNull()) {
            if (tl.isJsonArray()) {
                throw new IllegalArgumentException("transformer_layers_per_block as a list is not supported");
            }
            transformerLayers = tl.getAsInt();
        }
        return new UNet2DConditionConfig(integer(o, "in_channels", 4), integer(o, "out_channels", 4),
                integer(o, "sample_size", 64),
                strings(o, "down_block_types",
                        List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D")),
                string(o, "mid_block_type", "UNetMidBlock2DCrossAttn"),
                strings(o, "up_block_types",
                        List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D")),
                channels, layers, integer(o, "downsample_padding", 1),
                integer(o, "norm_num_groups", 32), number(o, "norm_eps", 1e-5), integer(o, "cross_attention_dim", 1280),
                heads, transformerLayers, bool(o, "use_linear_projection", false), bool(o, "flip_sin_to_cos", true),
                number(o, "freq_shift", 0), bool(o, "center_input_sample", false));
    }

    private static void refuse(JsonObject o, String key, String supported) {
        JsonElement e = o.get(key);
        if (e != null && !e.isJsonNull() && !e.getAsString().equalsIgnoreCase(supported)) {
            throw new IllegalArgumentException("config field '" + key + "' = " + e + " is not supported (only "
                    + supported + ")");
        }
    }

    private static List<Integer> repeat(int v, int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(v);
        }
        return l;
    }
}
