package io.vswap.diffusion.internal.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.TextEncoderModel;

/** {@code text_encoder/}: {@code config.json} and {@code model[.fp16].safetensors}; {@code input_ids} → {@code last_hidden_state}. */
final class TextEncoderComponent implements ModelComponent {

    @Override
    public String folder() {
        return "text_encoder";
    }

    @Override
    public List<String> weightFiles() {
        return List.of("model.safetensors", "model.fp16.safetensors");
    }

    private static CLIPTextConfig config(Path dir) throws IOException {
        return CLIPTextConfig.read(WeightFiles.config(dir, "the text encoder"));
    }

    @Override
    public Inspection inspect(Path dir) throws IOException {
        CLIPTextConfig c = config(dir);
        Path w = WeightFiles.weights(dir, weightFiles());
        try (TextEncoderModel te = TextEncoderModel.create(c); SafetensorsFile f = SafetensorsFile.open(w)) {
            String summary = "vocab " + c.vocabSize() + ", hidden " + c.hiddenSize() + ", layers " + c.numHiddenLayers()
                    + ", heads " + c.numAttentionHeads() + ", positions " + c.maxPositionEmbeddings() + ", "
                    + c.hiddenAct();
            return new Inspection("CLIPTextModel", summary, w, te.parameterCount(),
                    WeightFiles.check(te.parameterShapes(), f));
        }
    }

    @Override
    public Loaded load(Path dir, NDManager manager) throws IOException {
        TextEncoderModel te = TextEncoderModel.create(config(dir));
        try (SafetensorsFile f = SafetensorsFile.open(WeightFiles.weights(dir, weightFiles()))) {
            ParameterLoadReport r = te.load(f, manager);
            if (!r.isComplete()) {
                throw new IOException("the text encoder weights do not fit its config: " + r);
            }
        } catch (IOException | RuntimeException e) {
            te.close();
            throw e;
        }
        return new Loaded() {
            @Override
            public List<String> inputs() {
                return List.of("input_ids");
            }

            @Override
            public Map<String, NDArray> run(Map<String, NDArray> in) {
                NDArray ids = in.get("input_ids");
                if (ids == null) {
                    throw new IllegalArgumentException("the text encoder needs an input tensor named input_ids");
                }
                return Map.of("last_hidden_state", te.encode(ids));
            }

            @Override
            public void close() {
                te.close();
            }
        };
    }
}
