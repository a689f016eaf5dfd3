package io.vswap.diffusion.internal.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;

/**
 * {@code vae/}: {@code config.json} and {@code diffusion_pytorch_model[.fp16].safetensors}. Run
 * takes {@code images} ([B,3,H,W] in −1..1) → {@code latents} (the mode, scaled), or
 * {@code latents} → {@code images}.
 */
final class VaeComponent implements ModelComponent {

    @Override
    public String folder() {
        return "vae";
    }

    @Override
    public List<String> weightFiles() {
        return List.of("diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors");
    }

    private static AutoencoderKLConfig config(Path dir) throws IOException {
        return AutoencoderKLConfig.read(WeightFiles.config(dir, "the VAE"));
    }

    @Override
    public Inspection inspect(Path dir) throws IOException {
        AutoencoderKLConfig c = config(dir);
        Path w = WeightFiles.weights(dir, weightFiles());
        try (AutoencoderModel vae = AutoencoderModel.create(c); SafetensorsFile f = SafetensorsFile.open(w)) {
            String summary = "in " + c.inChannels() + ", latent " + c.latentChannels() + ", blocks "
                    + c.blockOutChannels() + ", layers/block " + c.layersPerBlock() + ", groups " + c.normNumGroups()
                    + ", scaling " + c.scalingFactor();
            return new Inspection("AutoencoderKL", summary, w, vae.parameterCount(),
                    WeightFiles.check(vae.parameterShapes(), f));
        }
    }

    @Override
    public Loaded load(Path dir, NDManager manager) throws IOException {
        AutoencoderModel vae = AutoencoderModel.create(config(dir));
        try (SafetensorsFile f = SafetensorsFile.open(WeightFiles.weights(dir, weightFiles()))) {
            ParameterLoadReport r = vae.load(f, manager);
            if (!r.isComplete()) {
                throw new IOException("the VAE weights do not fit its config: " + r);
            }
        } catch (IOException | RuntimeException e) {
            vae.close();
            throw e;
        }
        return new Loaded() {
            @Override
            public List<String> inputs() {
                return List.of("images", "latents");
            }

            @Override
            public boolean needsAllInputs() {
                return false;
            }

            @Override
            public Map<String, NDArray> run(Map<String, NDArray> in) {
                if (in.containsKey("images")) {
                    return Map.of("latents", vae.encode(in.get("images"), null));
                }
                if (in.containsKey("latents")) {
                    return Map.of("images", vae.decode(in.get("latents")));
                }
                throw new IllegalArgumentException("the VAE needs an input tensor named images (to encode) or latents (to decode)");
            }

            @Override
            public void close() {
                vae.close();
            }
        };
    }
}
