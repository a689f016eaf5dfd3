package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.LoraAdapters;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;

/**
 * LoRA adapters on the tiny CLIP text encoder's self-attention projections (ED-LoRA trains the
 * text encoder's as well as the UNet's): a fresh adapter changes nothing, training moves only
 * the adapters, merge equals the adapter path, files load back under peft's and diffusers' names.
 */
class TextEncoderLoraTest {

    static final LoraConfig CONFIG = new LoraConfig(4, 8, LoraConfig.TEXT_ENCODER_ATTENTION_PROJECTIONS);
    static final CLIPTextConfig TINY = ClipTest.tinyConfig(64);

    static int[][] ids() {
        int[][] ids = new int[2][16];
        for (int i = 0; i < 16; i++) {
            ids[0][i] = (i * 7 + 3) % 64;
            ids[1][i] = (i * 5 + 1) % 64;
        }
        return ids;
    }

    @Test
    void attachesToEverySelfAttentionProjectionAndAFreshAdapterChangesNothing() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(TINY)) {
                te.initialize(root, 3);
                try (NDManager step = root.newSubManager()) {
                    NDArray before = te.encode(step, ids());
                    try (LoraAdapters lora = LoraAdapters.attach(te, CONFIG, root, 1)) {
                        // 2 layers × (q, k, v, out)
                        assertEquals(8, lora.modules().size(), lora.modules().toString());
                        assertTrue(lora.modules().contains("text_model.encoder.layers.1.self_attn.out_proj"));
                        assertTrue(lora.modules().stream().noneMatch(m -> m.contains("mlp")));
                        // A [4, 32] and B [32, 4] per module
                        assertEquals(8 * (4 * 32 + 32 * 4), lora.parameterCount());
                        assertEquals(0f, LoraTest.maxDiff(before, te.encode(step, ids())), "B = 0: no change");
                    }
                    assertEquals(0f, LoraTest.maxDiff(before, te.encode(step, ids())), "closed: detached");
                }
            }
            return null;
        });
    }

    @Test
    void trainingMovesOnlyTheAdaptersAndLowersTheLoss() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[] losses = rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(TINY)) {
                te.initialize(root, 3);
                Map<String, float[]> base = LoraTest.copy(te.parameters());
                try (LoraAdapters lora = LoraAdapters.attach(te, CONFIG, root, 1)) {
                    lora.parameters().values().forEach(p -> p.setRequiresGradient(true));
                    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
                    float[] loss = new float[10];
                    int skipped = 0;
                    for (int i = 0; i < loss.length; i++) {
                        try (NDManager step = root.newSubManager()) {
                            NDArray in = step.create(ids());
                            NDArray target = SeededNoise.normal(step, 99, new ai.djl.ndarray.types.Shape(2, 16, 32));
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray l = te.encode(in).sub(target).square().mean();
                                loss[i] = l.getFloat();
                                gc.backward(l);
                            }
                            if (!LoraTest.adamStep(lora, adam)) {
                                skipped++;
                                loss[i] = i > 0 ? loss[i - 1] : loss[i];
                            }
                        }
                    }
                    for (var e : te.parameters().entrySet()) {
                        assertFalse(e.getValue().hasGradient(), e.getKey() + " got a gradient");
                        assertArrayEquals(base.get(e.getKey()), e.getValue().toFloatArray(), 0f, e.getKey() + " moved");
                    }
                    assertTrue(skipped <= 2, skipped + " of 10 steps had non-finite gradients");
                    assertTrue(lora.parameters().entrySet().stream().filter(e -> e.getKey().endsWith("lora_B.weight"))
                            .allMatch(e -> e.getValue().abs().max().getFloat() > 0), "every B was trained");
                    return loss;
                }
            }
        });
        System.out.println("LoRA training, tiny text encoder, Adam 1e-2: loss per step " + Arrays.toString(losses));
        assertTrue(losses[losses.length - 1] < losses[0] * 0.98, Arrays.toString(losses));
    }

    @Test
    void mergeMatchesTheAdapterPathAndFilesLoadBackUnderBothNamings(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(TINY)) {
                te.initialize(root, 3);
                Path peft = dir.resolve("text-lora.safetensors");
                Path diffusers = dir.resolve("text-lora-diffusers.safetensors");
                try (NDManager step = root.newSubManager()) {
                    NDArray base = te.encode(step, ids());
                    NDArray expected;
                    try (LoraAdapters lora = LoraAdapters.attach(te, CONFIG, root, 1)) {
                        LoraTest.randomizeUp(lora, step);
                        expected = te.encode(step, ids());
                        assertTrue(LoraTest.maxDiff(base, expected) > 1e-3, "trained adapters change the encoding");
                        lora.merge(1);
                        assertTrue(LoraTest.maxDiff(expected, te.encode(step, ids())) < 1e-5, "merged == adapter path");
                        lora.unmerge();
                        lora.save(peft);
                        // diffusers' text-encoder LoRA naming: text_encoder.<module>.lora.down/up.weight
                        SafetensorsWriter w = new SafetensorsWriter();
                        lora.parameters().forEach((k, v) -> w.add("text_encoder." + k.replace("lora_A", "lora.down")
                                .replace("lora_B", "lora.up"), v));
                        w.metadata("lora_alpha", "8");
                        w.write(diffusers);
                    }
                    assertTrue(LoraTest.maxDiff(base, te.encode(step, ids())) < 1e-6, "closed: the base is back");
                    try (SafetensorsFile f = SafetensorsFile.open(peft)) {
                        assertTrue(f.contains("text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight"));
                    }
                    for (Path p : new Path[] { peft, diffusers }) {
                        try (LoraAdapters back = LoraAdapters.load(te, p, root)) {
                            assertEquals(8, back.modules().size());
                            assertTrue(LoraTest.maxDiff(expected, te.encode(step, ids())) < 1e-6, p.toString());
                        }
                    }
                    // a UNet LoRA is refused by name on the text encoder
                    Path unetLora = dir.resolve("unet-lora.safetensors");
                    new SafetensorsWriter().add("unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight",
                            new float[8], 4, 2).add("unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_B.weight",
                                    new float[8], 2, 4).write(unetLora);
                    IOException e = assertThrows(IOException.class, () -> LoraAdapters.load(te, unetLora, root));
                    assertTrue(e.getMessage().contains("the model has no such linear layer"), e.getMessage());
                }
            }
            return null;
        });
    }
}
