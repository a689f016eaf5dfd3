package io.vswap.swap.api;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.video.api.RgbFrame;

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

    /**
     * Scaled VAE latents (the posterior's mean) {@code [F, C, h, w]} of frames in [0, 255], all of one
     * size, in {@code manager}: what every method's inversion starts from.
     */
    public NDArray encodeFrames(List<RgbFrame> frames, NDManager manager) {
        RgbFrame first = frames.get(0);
        for (int i = 0; i < frames.size(); i++) {
            RgbFrame f = frames.get(i);
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new IllegalArgumentException("frame " + i + " is " + f.width() + "x" + f.height() + ", frame 0 "
                        + first.width() + "x" + first.height());
            }
        }
        return vae().encodeFrames(manager, frames.stream().map(RgbFrame::rgb).toList(), first.width(), first.height());
    }

    /** Frames in [0, 255] from scaled latents {@code [F, C, h, w]}, numbered from 0. */
    public List<RgbFrame> decodeFrames(NDArray latents) {
        List<byte[]> rgb = vae().decodeFrames(latents);
        int h = (int) latents.getShape().get(2) * vaeScale();
        int w = (int) latents.getShape().get(3) * vaeScale();
        List<RgbFrame> out = new ArrayList<>();
        for (int i = 0; i < rgb.size(); i++) {
            out.add(new RgbFrame(i, w, h, rgb.get(i)));
        }
        return out;
    }

    /** CLIP's {@code last_hidden_state} {@code [1, L, dim]} of a prompt, in {@code manager}. */
    public NDArray embedPrompt(String prompt, NDManager manager) {
        return textEncoder().encode(manager, new int[][] { tokenizer().encode(prompt) });
    }
}
