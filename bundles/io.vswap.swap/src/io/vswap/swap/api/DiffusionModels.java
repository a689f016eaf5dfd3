package io.vswap.swap.api;

import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * The loaded base model an edit runs on (SD-family VAE, CLIP text encoder and tokenizer, UNet with
 * motion modules) and the runtime its tensors live in. The caller owns and closes the models.
 *
 * @param schedule the UNet's training noise schedule (SD 1.5: {@link NoiseSchedule#stableDiffusion()})
 */
public record DiffusionModels(TensorRuntime runtime, AutoencoderModel vae, TextEncoderModel textEncoder,
        ClipTokenizer tokenizer, VideoUNetModel unet, NoiseSchedule schedule) {

    /** How many image pixels one latent cell spans (SD: 8), from the VAE's config. */
    public int vaeScale() {
        return vae.config().downscale();
    }

    /** A DDIM scheduler with SD 1.5's conventions (set_alpha_to_one false, steps_offset 1) over {@code steps}. */
    public DdimScheduler ddim(int steps) {
        return new DdimScheduler(schedule, false, 1).setTimesteps(steps);
    }
}
