package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.vswap.diffusion.api.LoraAdapters;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNetModel;

/** LoRA adapters on the tiny UNet's attention projections: train, merge, unmerge, save, load. */
class LoraTest {

    static final LoraConfig CONFIG = new LoraConfig(4, 8, LoraConfig.ATTENTION_PROJECTIONS);

    static Map<String, float[]> copy(Map<String, NDArray> arrays) {
        Map<String, float[]> m = new HashMap<>();
        arrays.forEach((k, v) -> m.put(k, v.toFloatArray()));
        return m;
    }

    static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void attachesToEveryAttentionProjectionAndAFreshAdapterChangesNothing() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = UNetTest.inputs(step);
                    NDArray before = unet.forward(in[0], UNetTest.T, in[1]);
                    try (LoraAdapters lora = LoraAdapters.attach(unet, CONFIG, root, 1)) {
                        // tiny UNet: transformer blocks in down 0 (1), mid (1), up 1 (2) = 4 × (attn1, attn2) × 4 projections
                        assertEquals(32, lora.modules().size(), lora.modules().toString());
                        assertTrue(lora.modules().contains("mid_block.attentions.0.transformer_blocks.0.attn2.to_k"));
                        assertTrue(lora.modules().stream().noneMatch(m -> m.contains("ff.net") || m.contains("proj_in")));
                        assertEquals(64, lora.parameters().size());
                        assertEquals(0f, maxDiff(before, unet.forward(in[0], UNetTest.T, in[1])), "B = 0: no change");
                    }
                }
            }
            return null;
        });
    }

    @Test
    void trainingMovesOnlyTheAdaptersAndLowersTheLoss() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[] losses = rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                Map<String, float[]> base = copy(unet.parameters());
                try (LoraAdapters lora = LoraAdapters.attach(unet, CONFIG, root, 1)) {
                    lora.parameters().values().forEach(p -> p.setRequiresGradient(true));
                    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
                    float[] loss = new float[8];
                    int[] skipped = { 0 };
                    for (int i = 0; i < loss.length; i++) {
                        try (NDManager step = root.newSubManager()) {
                            NDArray[] in = UNetTest.inputs(step);
                            NDArray target = SeededNoise.normal(step, 99, in[0].getShape());
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray l = unet.forward(in[0], UNetTest.T, in[1]).sub(target).square().mean();
                                loss[i] = l.getFloat();
                                gc.backward(l);
                            }
                            if (!adamStep(lora, adam)) {
                                skipped[0]++;
                                loss[i] = i > 0 ? loss[i - 1] : loss[i];
                            }
                        }
                    }
                    for (var e : unet.parameters().entrySet()) {
                        assertFalse(e.getValue().hasGradient(), e.getKey() + " got a gradient");
                        assertArrayEquals(base.get(e.getKey()), e.getValue().toFloatArray(), 0f, e.getKey() + " moved");
                    }
                    assertTrue(skipped[0] <= 2, skipped[0] + " of 8 steps had non-finite gradients");
                    assertTrue(lora.parameters().entrySet().stream().filter(e -> e.getKey().endsWith("lora_B.weight"))
                            .allMatch(e -> e.getValue().abs().max().getFloat() > 0), "every B was trained");
                    return loss;
                }
            }
        });
        System.out.println("LoRA training, tiny UNet, Adam 1e-2: loss per step " + java.util.Arrays.toString(losses));
        assertTrue(losses[losses.length - 1] < losses[0] * 0.98, java.util.Arrays.toString(losses));
    }

    /**
     * One Adam update of the adapters from their gradients, or none when a gradient is not finite
     * (a backend glitch can yield one on a step that replays cleanly, docs/gradients.md;
     * the gradients are cleared, since NaN − NaN stays NaN).
     *
     * @return whether the step was taken
     */
    static boolean adamStep(LoraAdapters lora, Optimizer adam) {
        boolean finite = lora.parameters().values().stream().allMatch(
                p -> p.getGradient().isInfinite().logicalOr(p.getGradient().isNaN()).none().getBoolean());
        if (!finite) {
            lora.parameters().values().forEach(p -> ai.djl.pytorch.jni.JniUtils
                    .zeroGrad((ai.djl.pytorch.engine.PtNDArray) p));
            return false;
        }
        for (var e : lora.parameters().entrySet()) {
            adam.update(e.getKey(), e.getValue(), e.getValue().getGradient());
        }
        return true;
    }

    /** Gives every B a seeded non-zero value, as after training. */
    static void randomizeUp(LoraAdapters lora, NDManager m) {
        int i = 0;
        for (var e : lora.parameters().entrySet()) {
            if (e.getKey().endsWith("lora_B.weight")) {
                e.getValue().set(SeededNoise.normal(m, 500 + i++, e.getValue().getShape()).mul(0.1f).toFloatArray());
            }
        }
    }

    @Test
    void mergeMatchesTheAdapterPathAndUnmergeRestoresTheBase() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[] err = rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                Map<String, float[]> base = copy(unet.parameters());
                try (NDManager step = root.newSubManager(); LoraAdapters lora = LoraAdapters.attach(unet, CONFIG, root, 1)) {
                    randomizeUp(lora, step);
                    NDArray[] in = UNetTest.inputs(step);
                    NDArray plain;
                    lora.setMultiplier(0);
                    plain = unet.forward(in[0], UNetTest.T, in[1]);
                    lora.setMultiplier(0.7);
                    NDArray adapted = unet.forward(in[0], UNetTest.T, in[1]);
                    lora.setMultiplier(1);
                    lora.merge(0.7);
                    assertTrue(lora.isMerged());
                    NDArray merged = unet.forward(in[0], UNetTest.T, in[1]);
                    lora.unmerge();
                    lora.setMultiplier(0.7);
                    float restored = 0;
                    for (var e : unet.parameters().entrySet()) {
                        float[] now = e.getValue().toFloatArray();
                        float[] was = base.get(e.getKey());
                        for (int i = 0; i < now.length; i++) {
                            restored = Math.max(restored, Math.abs(now[i] - was[i]));
                        }
                    }
                    return new float[] { maxDiff(adapted, plain), maxDiff(merged, adapted), restored,
                            maxDiff(unet.forward(in[0], UNetTest.T, in[1]), adapted) };
                }
            }
        });
        System.out.printf("LoRA merge: adapter effect %.3g, |merged - adapter| %.3g, |unmerged W - W| %.3g%n", err[0],
                err[1], err[2]);
        assertTrue(err[0] > 1e-3, "the adapters change the output: " + err[0]);
        assertTrue(err[1] < 1e-5, "merged forward == adapter forward: " + err[1]);
        assertTrue(err[2] < 1e-6, "unmerge restores the base weights: " + err[2]);
        assertTrue(err[3] < 1e-5, "after unmerge the adapter path is back: " + err[3]);
    }

    @Test
    void savedAdaptersLoadBackUnderBothNamings(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(root, 42);
                Path peft = dir.resolve("lora.safetensors");
                Path diffusers = dir.resolve("lora-diffusers.safetensors");
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = UNetTest.inputs(step);
                    NDArray expected;
                    try (LoraAdapters lora = LoraAdapters.attach(unet, CONFIG, root, 1)) {
                        randomizeUp(lora, step);
                        expected = unet.forward(in[0], UNetTest.T, in[1]);
                        lora.save(peft);
                        // the same adapters as diffusers writes them: unet.<module>.lora.down/up.weight, alpha per module
                        SafetensorsWriter w = new SafetensorsWriter();
                        lora.parameters().forEach((k, v) -> w.add("unet." + k.replace("lora_A", "lora.down")
                                .replace("lora_B", "lora.up"), v));
                        lora.modules().forEach(mod -> w.add("unet." + mod + ".alpha", new float[] { 8f }));
                        w.write(diffusers);
                    }
                    try (SafetensorsFile f = SafetensorsFile.open(peft)) {
                        assertTrue(f.contains("mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight"));
                        assertEquals(new Shape(4, 64).getShape()[0],
                                f.entry("mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight").shape()[0]);
                        assertEquals("8.0", f.metadata().get("lora_alpha"));
                    }
                    for (Path p : List.of(peft, diffusers)) {
                        try (LoraAdapters back = LoraAdapters.load(unet, p, root)) {
                            assertEquals(32, back.modules().size());
                            assertEquals(0f, maxDiff(expected, unet.forward(in[0], UNetTest.T, in[1])), p.toString());
                        }
                    }
                    // a LoRA for another model is refused by name
                    Path wrong = dir.resolve("wrong.safetensors");
                    new SafetensorsWriter().add("nope.attn1.to_q.lora_A.weight", new float[8], 4, 2)
                            .add("nope.attn1.to_q.lora_B.weight", new float[8], 2, 4).write(wrong);
                    IOException e = assertThrows(IOException.class, () -> LoraAdapters.load(unet, wrong, root));
                    assertTrue(e.getMessage().contains("nope.attn1.to_q: the model has no such linear layer"), e.getMessage());
                }
            }
            return null;
        });
    }
}
