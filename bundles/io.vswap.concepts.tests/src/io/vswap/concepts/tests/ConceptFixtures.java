package io.vswap.concepts.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.Concept.Training;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.diffusion.api.SafetensorsWriter;

/** A concept's files as a trainer leaves them: three reference images, a thumbnail, ED-LoRA weights, a loss curve. */
final class ConceptFixtures {

    static final String NO_SUM = "0".repeat(64);

    private ConceptFixtures() {
    }

    /** The concept (its weights' checksum left for the store to compute) and its files, written into {@code dir}. */
    record Made(Concept concept, Map<String, Path> files) {
    }

    static Made make(Path dir, String name, String token, BaseModelId model) throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            files.put("images/0" + i + ".png", Files.write(dir.resolve(token.replaceAll("[<>]", "") + "-" + i + ".png"),
                    ("reference image " + i + " of " + name).getBytes()));
        }
        files.put("thumbnail.png", Files.write(dir.resolve("thumb-" + token.replaceAll("[<>]", "") + ".png"),
                ("thumbnail of " + name).getBytes()));
        // layer-wise embeddings (16 layers) and a rank-4 LoRA pair, as ED-LoRA keeps them
        SafetensorsWriter w = new SafetensorsWriter().metadata("token", token);
        for (int layer = 0; layer < 16; layer++) {
            float[] e = new float[32];
            for (int k = 0; k < e.length; k++) {
                e[k] = (float) Math.sin(layer * 31 + k + name.length());
            }
            w.add("embeddings.layer" + layer, e, 1, 32);
        }
        w.add("unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.lora_down.weight", new float[4 * 32], 4, 32);
        Path weights = dir.resolve("w-" + token.replaceAll("[<>]", "") + ".safetensors");
        w.write(weights);
        files.put("edlora.safetensors", weights);
        files.put("loss.csv", Files.writeString(dir.resolve("loss-" + token.replaceAll("[<>]", "") + ".csv"),
                "step,loss\n1,0.5\n2,0.4\n"));
        Concept c = new Concept(name, token, "hexagon", "a test concept", List.of("shape", "test"),
                "2026-12-07T17:00:00Z", model, List.of("images/01.png", "images/02.png", "images/03.png"),
                "thumbnail.png", new Weights("edlora.safetensors", NO_SUM, 0),
                new Training(Map.of("steps", "200"), Map.of("finalLoss", 0.4), "loss.csv"), List.of());
        return new Made(c, files);
    }
}
