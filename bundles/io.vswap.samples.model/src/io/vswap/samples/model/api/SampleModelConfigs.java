package io.vswap.samples.model.api;

import java.util.List;
import java.util.stream.Collectors;

import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.UNet2DConditionConfig;

/**
 * The sample model's architecture: Stable Diffusion 1.5's classes in tiny configurations, written
 * as the diffusers {@code config.json} files they ship with. 64×64 RGB ↔ 16×16×4 latents (a
 * factor 4, where SD uses 8), a UNet with four levels (16, 8, 4, 2) and cross-attention on the
 * first three, motion modules after every block, a 2-layer CLIP text encoder over the sample
 * world's vocabulary with 16 token positions.
 */
public final class SampleModelConfigs {

    /** Frame size the model is trained at. */
    public static final int IMAGE_SIZE = 64;
    /** Frames per clip the motion modules are trained on (VideoSwap's clips are 16 frames). */
    public static final int FRAMES = 16;
    /** Token positions: the longest caption plus start and end, with room for a concept token. */
    public static final int MAX_TOKENS = 16;

    private SampleModelConfigs() {
    }

    /** {@code vae/config.json} before training; the trained model's carries its measured scaling factor. */
    public static String vaeJson(double scalingFactor) {
        return """
                {
                  "_class_name": "AutoencoderKL",
                  "act_fn": "silu",
                  "block_out_channels": [32, 64, 64],
                  "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
                  "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
                  "in_channels": 3,
                  "out_channels": 3,
                  "latent_channels": 4,
                  "layers_per_block": 1,
                  "norm_num_groups": 16,
                  "sample_size": 64,
                  "scaling_factor": %s
                }
                """.formatted(Double.toString(scalingFactor));
    }

    /**
     * Layers per UNet level of a model trained from scratch (one at each of the four levels), as the shipped
     * plan's base is; the shipped model has a second layer at the finest level since its refinement round 6.
     */
    public static final List<Integer> UNET_LAYERS = List.of(1, 1, 1, 1);

    /** {@code unet/config.json} of the shipped architecture. */
    public static String unetJson() {
        return unetJson(UNET_LAYERS);
    }

    /**
     * {@code unet/config.json} with {@code layers} per level (down blocks; each up block has one more):
     * written as one number where every level has the same, as the shipped model's file always was.
     */
    public static String unetJson(List<Integer> layers) {
        if (layers.size() != UNET_LAYERS.size()) {
            throw new IllegalArgumentException("the sample model's UNet has " + UNET_LAYERS.size()
                    + " levels, so layers per block needs " + UNET_LAYERS.size() + " numbers: " + layers);
        }
        String value = layers.stream().distinct().count() == 1 ? layers.get(0).toString()
                : layers.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        return """
                {
                  "_class_name": "UNet2DConditionModel",
                  "act_fn": "silu",
                  "attention_head_dim": 4,
                  "block_out_channels": [64, 96, 96, 96],
                  "center_input_sample": false,
                  "cross_attention_dim": 64,
                  "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
                  "downsample_padding": 1,
                  "flip_sin_to_cos": true,
                  "freq_shift": 0,
                  "in_channels": 4,
                  "layers_per_block": %s,
                  "mid_block_scale_factor": 1,
                  "norm_eps": 1e-05,
                  "norm_num_groups": 16,
                  "out_channels": 4,
                  "sample_size": 16,
                  "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
                }
                """.formatted(value);
    }

    public static String textEncoderJson(int vocabSize) {
        return """
                {
                  "architectures": ["CLIPTextModel"],
                  "model_type": "clip_text_model",
                  "vocab_size": %d,
                  "hidden_size": 64,
                  "intermediate_size": 256,
                  "num_hidden_layers": 2,
                  "num_attention_heads": 4,
                  "max_position_embeddings": %d,
                  "hidden_act": "quick_gelu",
                  "layer_norm_eps": 1e-05
                }
                """.formatted(vocabSize, MAX_TOKENS);
    }

    public static MotionModuleConfig motion() {
        return new MotionModuleConfig(4, 1, 2, true, 24, false, 16, true);
    }

    public static AutoencoderKLConfig vae(double scalingFactor) {
        return AutoencoderKLConfig.parse(vaeJson(scalingFactor));
    }

    public static UNet2DConditionConfig unet() {
        return unet(UNET_LAYERS);
    }

    public static UNet2DConditionConfig unet(List<Integer> layers) {
        return UNet2DConditionConfig.parse(unetJson(layers));
    }

    public static CLIPTextConfig textEncoder(int vocabSize) {
        return CLIPTextConfig.parse(textEncoderJson(vocabSize));
    }
}
