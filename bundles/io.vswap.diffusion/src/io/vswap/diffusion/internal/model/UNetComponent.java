package io.vswap.diffusion.internal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;

/** {@code unet/}: {@code config.json} and {@code diffusion_pytorch_model[.fp16].safetensors}. */
final class UNetComponent implements ModelComponent {

    @Override
    public String folder() {
        return "unet";
    }

    @Override
    public List<String> weightFiles() {
        return List.of("diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors");
    }

    private UNet2DConditionConfig config(Path dir) throws IOException {
        return UNet2DConditionConfig.read(WeightFiles.config(dir, "the UNet"));
    }

    Path weights(Path dir) throws IOException {
        return WeightFiles.weights(dir, weightFiles());
    }

    @Override
    public Inspection inspect(Path dir) throws IOException {
        UNet2DConditionConfig c = config(dir);
        Path w = weights(dir);
        try (UNetModel unet = UNetModel.create(c); SafetensorsFile f = SafetensorsFile.open(w)) {
            String summary = "in " + c.inChannels() + ", out " + c.outChannels() + ", sample " + c.sampleSize()
                    + ", blocks " + c.blockOutChannels() + " " + c.downBlockTypes() + " / " + c.upBlockTypes()
                    + ", layers/block " + c.layersPerBlock() + ", heads " + c.attentionHeads() + ", cross-attention "
                    + c.crossAttentionDim() + ", groups " + c.normNumGroups();
            return new Inspection("UNet2DConditionModel", summary, w, unet.parameterCount(),
                    WeightFiles.check(unet.parameterShapes(), f));
        }
    }

    @Override
    public Loaded load(Path dir, NDManager manager) throws IOException {
        UNetModel unet = UNetModel.create(config(dir));
        try (SafetensorsFile f = SafetensorsFile.open(weights(dir))) {
            ParameterLoadReport r = unet.load(f, manager);
            if (!r.isComplete()) {
                throw new IOException("the UNet weights do not fit its config: " + r);
            }
        } catch (IOException | RuntimeException e) {
            unet.close();
            throw e;
        }
        return new Loaded() {
            @Override
            public List<String> inputs() {
                return List.of("sample", "timestep", "encoder_hidden_states");
            }

            @Override
            public Map<String, NDArray> run(Map<String, NDArray> in) {
                NDArray sample = in.get("sample");
                NDArray t = in.get("timestep");
                NDArray text = in.get("encoder_hidden_states");
                float[] timesteps = t.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                return Map.of("out_sample", unet.forward(sample, timesteps, text));
            }

            @Override
            public void close() {
                unet.close();
            }
        };
    }
}
