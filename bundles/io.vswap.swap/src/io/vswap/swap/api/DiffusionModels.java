package io.vswap.swap.api;

import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * The loaded base model an edit runs on ({@link VideoDiffusionModel}, the one loaded-model type:
 * SD-family VAE, CLIP text encoder and tokenizer, UNet with motion modules) and the runtime its
 * tensors live in. The caller owns and closes the model; the accessors are the model's.
 */
public record DiffusionModels(TensorRuntime runtime, VideoDiffusionModel model) {

    public AutoencoderModel vae() {
        return model.vae();
    }

    public TextEncoderModel textEncoder() {
        return model.textEncoder();
    }

    public ClipTokenizer tokenizer() {
        return model.tokenizer();
    }

    public VideoUNetModel unet() {
        return model.unet();
    }

    /** {@link VideoDiffusionModel#schedule()}. */
    public NoiseSchedule schedule() {
        return model.schedule();
    }

    /** {@link VideoDiffusionModel#vaeScale()}. */
    public int vaeScale() {
        return model.vaeScale();
    }

    /** {@link VideoDiffusionModel#ddim(int)}. */
    public DdimScheduler ddim(int steps) {
        return model.ddim(steps);
    }
}
