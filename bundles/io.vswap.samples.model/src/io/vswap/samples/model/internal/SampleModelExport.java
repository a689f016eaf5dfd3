package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;

import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.SafetensorsDtype;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.AtomicFolder;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;

/**
 * Writes a trained model as a diffusers-layout folder with F16 weights (half the size; the loader
 * widens them exactly), the configs, the tokenizer, {@code training.json} (the plan and seed that
 * reproduce it, the loss curves) and {@code checksums.json}. The folder is assembled beside the
 * target and swapped in by renames, so an existing model is never half replaced.
 */
final class SampleModelExport {

    private SampleModelExport() {
    }

    static void write(Path output, AutoencoderModel vae, TextEncoderModel text, VideoUNetModel unet, Path tokenizerDir,
            double scalingFactor, TrainingPlan plan, String command, JsonObject history) throws IOException {
        AtomicFolder.replace(output, tmp -> {
            var gson = new GsonBuilder().setPrettyPrinting().create();
            JsonObject index = new JsonObject();
            index.addProperty("_class_name", "VideoSwapSampleModel");
            index.addProperty("_diffusers_version", "0.31.0");
            index.addProperty("description", "Tiny latent video diffusion model trained on the VideoSwap sample world");
            AtomicFile.writeString(tmp.resolve("model_index.json"), gson.toJson(index));
            AtomicFile.writeString(tmp.resolve("vae/config.json"), SampleModelConfigs.vaeJson(scalingFactor));
            f16(vae.parameters(), tmp.resolve("vae/diffusion_pytorch_model.fp16.safetensors"), "AutoencoderKL");
            AtomicFile.writeString(tmp.resolve("text_encoder/config.json"),
                    SampleModelConfigs.textEncoderJson(text.config().vocabSize()));
            f16(text.parameters(), tmp.resolve("text_encoder/model.fp16.safetensors"), "CLIPTextModel");
            AtomicFile.writeString(tmp.resolve("unet/config.json"), SampleModelConfigs.unetJson(unet.imageUNet().config().layersPerBlock()));
            f16(unet.imageUNet().parameters(), tmp.resolve("unet/diffusion_pytorch_model.fp16.safetensors"),
                    "UNet2DConditionModel");
            AtomicFile.writeString(tmp.resolve("motion_module/config.json"), SampleModelConfigs.motion().toJson());
            f16(unet.motionParameters(), tmp.resolve("motion_module/motion_module.fp16.safetensors"), "MotionModule");
            Files.createDirectories(tmp.resolve("tokenizer"));
            for (String name : List.of("vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json")) {
                Files.copy(tokenizerDir.resolve(name), tmp.resolve("tokenizer").resolve(name));
            }
            JsonObject training = new JsonObject();
            training.addProperty("command", command);
            training.add("plan", plan.toJson());
            training.addProperty("scaling_factor", scalingFactor);
            training.add("history", history);
            AtomicFile.writeString(tmp.resolve("training.json"), gson.toJson(training));
            SampleModel.writeChecksums(tmp);
        });
    }

    /** The command-line options that select {@code plan}. */
    static String planArguments(TrainingPlan plan) {
        if (plan.equals(TrainingPlan.base())) {
            return " plan=base";
        }
        double w = plan.subjectWeight();
        String weight = (w == 0 ? "" : " subject_weight=" + TrainingPlan.argument(w))
                + (plan.shapeWeights().isEmpty() ? "" : " shape_weights=" + plan.shapeWeightsArgument())
                + (plan.pointWeight() == 0 ? "" : " point_weight=" + TrainingPlan.argument(plan.pointWeight()))
                + (plan.unetLayers().isEmpty() ? "" : " unet_layers=" + plan.unetLayersArgument());
        TrainingPlan unweighted = plan.withSubjectWeight(0).withShapeWeights(Map.of()).withPointWeight(0)
                .withUnetLayers(List.of());
        if (unweighted.equals(TrainingPlan.refine(1))) {
            return " plan=refine" + weight;
        }
        if (unweighted.equals(TrainingPlan.refine(1).withSeed(plan.seed()))) {
            return " plan=refine seed=" + plan.seed() + weight;
        }
        return " seed=" + plan.seed() + " vae_steps=" + plan.vaeSteps() + " vae_batch=" + plan.vaeBatch()
                + " unet_steps=" + plan.unetSteps() + " unet_batch=" + plan.unetBatch() + " motion_steps="
                + plan.motionSteps() + " motion_clips=" + plan.motionClips() + weight;
    }

    private static void f16(Map<String, NDArray> params, Path file, String model) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        w.metadata("format", "pt");
        w.metadata("model", model);
        params.forEach((k, v) -> w.add(k, SafetensorsDtype.F16, v));
        w.write(file);
    }
}
