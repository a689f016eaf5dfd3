package io.vswap.concepts.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.Concept.Training;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.concepts.internal.training.EdLoraModel;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * Hand-built ED-LoRA concepts for the fusion tests (training one takes minutes): seeded layer-wise embeddings
 * of the size of the model's own, and rank-4 LoRA on every text-encoder and UNet attention projection, large
 * enough to change what the layers give (ΔW about a third of the weights' own spread).
 */
final class FusionWeights {

    private FusionWeights() {
    }

    /** Writes {@code token}'s weights file for {@code model}; {@code only} restricts the LoRA's change to modules matching it. */
    static Path write(VideoDiffusionModel model, String token, long seed, Path file, String only) throws IOException {
        Random rnd = new Random(seed);
        List<String> layers = EdLoraModel.crossAttentionLayers(model.unet().imageUNet());
        int hidden = model.textEncoder().config().hiddenSize();
        float[] table = model.textEncoder().parameters().get("text_model.embeddings.token_embedding.weight")
                .toFloatArray();
        double sd = 0;
        for (float v : table) {
            sd += v * v;
        }
        sd = Math.sqrt(sd / table.length);
        float[] emb = new float[layers.size() * 2 * hidden];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) (rnd.nextGaussian() * sd);
        }
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", EdLoraModel.FORMAT).metadata("token", token)
                .metadata("layers", String.join(",", layers)).metadata("lora_rank", "4").metadata("lora_alpha", "4.0")
                .metadata("unet_targets", LoraConfig.ATTENTION_PROJECTIONS)
                .metadata("text_encoder_targets", LoraConfig.TEXT_ENCODER_ATTENTION_PROJECTIONS);
        w.add(EdLoraModel.EMBEDDINGS, emb, layers.size(), 2, hidden);
        lora(w, "text_encoder.", model.textEncoder().parameters(), LoraConfig.TEXT_ENCODER_ATTENTION_PROJECTIONS, only,
                rnd);
        lora(w, "unet.", model.unet().imageUNet().parameters(), LoraConfig.ATTENTION_PROJECTIONS, only, rnd);
        Files.createDirectories(file.getParent());
        w.write(file);
        return file;
    }

    private static void lora(SafetensorsWriter w, String prefix, Map<String, ai.djl.ndarray.NDArray> params,
            String targets, String only, Random rnd) {
        for (var e : params.entrySet()) {
            String module = e.getKey().replaceAll("\\.weight$", "");
            if (!e.getKey().endsWith(".weight") || !module.matches(targets)) {
                continue;
            }
            // outside {@code only} the adapter is there (as a trained concept's file has all) but changes nothing
            double spread = only == null || module.matches(only) ? 0.25 : 0;
            int out = (int) e.getValue().getShape().get(0);
            int in = (int) e.getValue().getShape().get(1);
            float[] a = new float[4 * in];
            float[] b = new float[out * 4];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((rnd.nextDouble() * 2 - 1) / Math.sqrt(in));
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (rnd.nextGaussian() * spread);
            }
            w.add(prefix + module + ".lora_A.weight", a, 4, in);
            w.add(prefix + module + ".lora_B.weight", b, out, 4);
        }
    }

    /** A concept of {@code weights} and its files (fake images), for {@code ConceptStore.add}. */
    static ConceptFixtures.Made concept(Path dir, String name, String token, BaseModelId model, Path weights)
            throws IOException {
        ConceptFixtures.Made made = ConceptFixtures.make(dir, name, token, model);
        Map<String, Path> files = new LinkedHashMap<>(made.files());
        files.put("edlora.safetensors", weights);
        Concept c = made.concept();
        return new ConceptFixtures.Made(new Concept(c.name(), c.token(), "shape", "", List.of(), c.created(), model,
                c.images(), c.thumbnail(), new Weights("edlora.safetensors", ConceptFixtures.NO_SUM, 0),
                Training.none(), List.of()), files);
    }
}
