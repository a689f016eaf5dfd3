package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AttentionKernel;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;

/** The diffusers-shaped UNet: SD 1.5's parameter layout, and a tiny one run for real. */
class UNetTest {

    /** runwayml/stable-diffusion-v1-5, unet/config.json as published. */
    static final String SD15_CONFIG = """
            {
              "_class_name": "UNet2DConditionModel",
              "_diffusers_version": "0.6.0",
              "act_fn": "silu",
              "attention_head_dim": 8,
              "block_out_channels": [320, 640, 1280, 1280],
              "center_input_sample": false,
              "cross_attention_dim": 768,
              "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
              "downsample_padding": 1,
              "flip_sin_to_cos": true,
              "freq_shift": 0,
              "in_channels": 4,
              "layers_per_block": 2,
              "mid_block_scale_factor": 1,
              "norm_eps": 1e-05,
              "norm_num_groups": 32,
              "out_channels": 4,
              "sample_size": 64,
              "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
            }
            """;

    static UNet2DConditionConfig tinyConfig() throws Exception {
        try (InputStream in = UNetTest.class.getResourceAsStream("tiny-unet-config.json")) {
            assertNotNull(in, "tiny-unet-config.json on the test bundle's class path");
            return UNet2DConditionConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Seeded inputs for the tiny UNet: sample [2,4,16,16], text [2,5,32]. */
    static NDArray[] inputs(NDManager m) {
        return new NDArray[] { SeededNoise.normal(m, 1, new Shape(2, 4, 16, 16)),
                SeededNoise.normal(m, 2, new Shape(2, 5, 32)) };
    }

    static final float[] T = { 261f, 999f };

    @Test
    void sd15ConfigGivesThePublishedParameterCountAndDiffusersNames(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("config.json");
        Files.writeString(json, SD15_CONFIG);
        UNet2DConditionConfig c = UNet2DConditionConfig.read(json);
        assertEquals(List.of(320, 640, 1280, 1280), c.blockOutChannels());
        assertEquals(List.of(8, 8, 8, 8), c.attentionHeads());
        assertEquals(768, c.crossAttentionDim());
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (UNetModel unet = UNetModel.create(c)) { // shapes only, nothing allocated
                // diffusers: UNet2DConditionModel.from_pretrained(sd-1.5).num_parameters() == 859520964
                assertEquals(859_520_964L, unet.parameterCount());
                Map<String, Shape> s = unet.parameterShapes();
                assertEquals(686, s.size());
                assertEquals(new Shape(320, 4, 3, 3), s.get("conv_in.weight"));
                assertEquals(new Shape(1280, 320), s.get("time_embedding.linear_1.weight"));
                assertEquals(new Shape(320, 320, 3, 3), s.get("down_blocks.0.resnets.0.conv1.weight"));
                assertEquals(new Shape(320), s.get("down_blocks.0.resnets.0.norm1.weight"));
                assertEquals(new Shape(320, 768),
                        s.get("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"));
                assertEquals(new Shape(2560, 320),
                        s.get("down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj.weight"));
                assertEquals(new Shape(320, 320, 1, 1), s.get("down_blocks.0.attentions.0.proj_in.weight"));
                assertEquals(new Shape(640, 320, 1, 1), s.get("down_blocks.1.resnets.0.conv_shortcut.weight"));
                assertEquals(new Shape(320, 320, 3, 3), s.get("down_blocks.0.downsamplers.0.conv.weight"));
                assertTrue(s.containsKey("mid_block.resnets.1.time_emb_proj.bias"));
                assertTrue(s.containsKey("mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0.weight"));
                assertEquals(new Shape(1280, 2560, 3, 3), s.get("up_blocks.0.resnets.0.conv1.weight"));
                assertEquals(new Shape(1280, 1280, 3, 3), s.get("up_blocks.1.upsamplers.0.conv.weight"));
                // up_blocks.3.resnets.0 sees 640 channels from below plus a 320-channel skip
                assertEquals(new Shape(320, 960, 1, 1), s.get("up_blocks.3.resnets.0.conv_shortcut.weight"));
                assertFalse(s.containsKey("up_blocks.3.upsamplers.0.conv.weight"));
                assertFalse(s.containsKey("down_blocks.3.downsamplers.0.conv.weight"));
                assertEquals(new Shape(320), s.get("conv_norm_out.weight"));
                assertEquals(new Shape(4, 320, 3, 3), s.get("conv_out.weight"));
                assertEquals(32, unet.attentionLayers().size()); // 16 transformer blocks × (attn1, attn2)
                assertEquals(16, unet.attentionLayers().stream().filter(AttentionLayer::crossAttention).count());
            }
            return null;
        });
    }

    @Test
    void tinyForwardKeepsTheShapeAndBackwardReachesEveryParameter() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                unet.initialize(root, 42);
                System.out.println("tiny UNet: " + unet.parameterCount() + " parameters in "
                        + unet.parameterShapes().size() + " tensors");
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    NDArray out = unet.forward(in[0], T, in[1]);
                    assertEquals(in[0].getShape(), out.getShape());
                    assertTrue(out.isNaN().none().getBoolean() && out.abs().max().getFloat() > 0);
                }
                unet.parameters().values().forEach(p -> p.setRequiresGradient(true));
                for (int round = 0; round < 4; round++) { // the first rounds warm up the engine
                    try (NDManager step = root.newSubManager()) {
                        NDArray[] in = inputs(step);
                        long t0 = System.nanoTime();
                        long t1;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray out = unet.forward(in[0], T, in[1]);
                            t1 = System.nanoTime();
                            gc.backward(out.sub(in[0]).square().mean());
                        }
                        long t2 = System.nanoTime();
                        System.out.printf("tiny UNet, batch 2, 16x16: forward %.1f ms, backward %.1f ms%n",
                                (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                    }
                }
                if (!Gradients.allFinite(unet.parameters())) { // replay once: see Gradients
                    Gradients.clear(unet.parameters());
                    try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray[] in = inputs(step);
                        gc.backward(unet.forward(in[0], T, in[1]).sub(in[0]).square().mean());
                    }
                }
                int withGrad = 0;
                for (Map.Entry<String, NDArray> p : unet.parameters().entrySet()) {
                    NDArray g = p.getValue().getGradient();
                    assertTrue(g.isNaN().none().getBoolean(), p.getKey() + " gradient is finite");
                    if (g.abs().sum().getFloat() > 0) {
                        withGrad++;
                    }
                }
                assertEquals(unet.parameters().size(), withGrad, "every parameter gets a gradient");
            }
            return null;
        });
    }

    /** diffusers' per-level {@code layers_per_block}: the skips of a deeper level meet their mirrored up block. */
    @Test
    void layersPerBlockMayDifferByLevel() throws Exception {
        String json;
        try (InputStream in = UNetTest.class.getResourceAsStream("tiny-unet-config.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        UNet2DConditionConfig c = UNet2DConditionConfig.parse(
                json.replace("\"layers_per_block\": 1", "\"layers_per_block\": [2, 1]"));
        assertEquals(List.of(2, 1), c.layersPerBlock());
        assertEquals(List.of(1, 1), tinyConfig().layersPerBlock());
        assertThrows(IllegalArgumentException.class, () -> UNet2DConditionConfig
                .parse(json.replace("\"layers_per_block\": 1", "\"layers_per_block\": [2, 1, 1]")));
        assertThrows(IllegalArgumentException.class, () -> UNet2DConditionConfig
                .parse(json.replace("\"layers_per_block\": 1", "\"layers_per_block\": [0, 1]")));
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                Map<String, Shape> s = unet.parameterShapes();
                assertTrue(s.containsKey("down_blocks.0.resnets.1.conv1.weight"));
                assertTrue(s.containsKey("down_blocks.0.attentions.1.proj_out.weight"));
                assertFalse(s.containsKey("down_blocks.1.resnets.1.conv1.weight"));
                // up block 1 mirrors level 0: three resnets, the last fed by conv_in's 32 channels
                assertEquals(new Shape(32, 64, 1, 1), s.get("up_blocks.1.resnets.2.conv_shortcut.weight"));
                assertFalse(s.containsKey("up_blocks.0.resnets.2.conv1.weight"));
                unet.initialize(root, 42);
                NDArray[] in = inputs(root);
                NDArray out = unet.forward(in[0], T, in[1]);
                assertEquals(in[0].getShape(), out.getShape());
                assertTrue(out.isNaN().none().getBoolean());
            }
            return null;
        });
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        Path file = dir.resolve("unet.safetensors");
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel a = UNetModel.create(c); UNetModel b = UNetModel.create(c)) {
                a.initialize(root, 7);
                a.save(file);
                try (SafetensorsFile f = SafetensorsFile.open(file)) {
                    ParameterLoadReport r = b.load(f, root);
                    assertTrue(r.isComplete(), r.toString());
                    assertTrue(r.unexpected().isEmpty(), r.toString());
                }
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    assertArrayEquals(a.forward(in[0], T, in[1]).toFloatArray(),
                            b.forward(in[0], T, in[1]).toFloatArray(), 0f);
                }
            }
            return null;
        });
    }

    @Test
    void aCheckpointWithAMissingOrMisshapenKeyIsRefusedByName(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        String dropped = "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight";
        String bent = "up_blocks.0.upsamplers.0.conv.weight";
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel a = UNetModel.create(c); UNetModel b = UNetModel.create(c)) {
                a.initialize(root, 7);
                SafetensorsWriter w = new SafetensorsWriter();
                for (Map.Entry<String, NDArray> p : a.parameters().entrySet()) {
                    if (p.getKey().equals(bent)) {
                        w.add(bent, new float[(int) p.getValue().size()], p.getValue().size());
                    } else if (!p.getKey().equals(dropped)) {
                        w.add(p.getKey(), p.getValue());
                    }
                }
                w.add("extra.weight", new float[] { 1f }, 1);
                Path file = dir.resolve("broken.safetensors");
                w.write(file);
                try (SafetensorsFile f = SafetensorsFile.open(file)) {
                    ParameterLoadReport r = b.load(f, root);
                    assertFalse(r.isComplete());
                    assertEquals(List.of(dropped), r.missing());
                    assertEquals(1, r.mismatched().size());
                    assertTrue(r.mismatched().get(0).startsWith(bent + ": file ["), r.mismatched().get(0));
                    assertEquals(List.of("extra.weight"), r.unexpected());
                }
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> b.forward(in[0], T, in[1]));
                    assertTrue(e.getMessage().contains(dropped) && e.getMessage().contains(bent), e.getMessage());
                }
            }
            return null;
        });
    }

    @Test
    void downBlockResidualsChangeTheOutputAndZerosDoNot() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                unet.initialize(root, 3);
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    float[] plain = unet.forward(in[0], T, in[1]).toFloatArray();
                    // T2I-Adapter shapes: block 0 at 16×16 (before its downsampler), block 1 at 8×8
                    List<NDArray> zeros = List.of(step.zeros(new Shape(2, 32, 16, 16)), step.zeros(new Shape(2, 64, 8, 8)));
                    assertArrayEquals(plain, unet.forward(in[0], T, in[1], zeros).toFloatArray(), 0f);
                    for (int block = 0; block < 2; block++) {
                        List<NDArray> res = new ArrayList<>(zeros);
                        res.set(block, SeededNoise.normal(step, 10 + block, zeros.get(block).getShape()));
                        float[] moved = unet.forward(in[0], T, in[1], res).toFloatArray();
                        double diff = 0;
                        for (int i = 0; i < plain.length; i++) {
                            diff += Math.abs(plain[i] - moved[i]);
                        }
                        assertTrue(diff / plain.length > 1e-4, "residual into block " + block + " changes the output: "
                                + diff / plain.length);
                    }
                }
            }
            return null;
        });
    }

    @Test
    void anAttentionObserverSeesCrossAttentionProbabilities() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                unet.initialize(root, 5);
                List<String> seen = new ArrayList<>();
                List<Shape> shapes = new ArrayList<>();
                List<float[]> rowSums = new ArrayList<>();
                unet.setAttentionProcessor(new DotProductAttention((layer, p) -> {
                    if (layer.crossAttention()) {
                        seen.add(layer.name());
                        shapes.add(p.getShape());
                        rowSums.add(p.sum(new int[] { 2 }).toFloatArray());
                    }
                }));
                float[] observed;
                float[] plain;
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    observed = unet.forward(in[0], T, in[1]).toFloatArray();
                    unet.setAttentionProcessor(DotProductAttention.DEFAULT);
                    // the kernel an observer's layers run (the others agree within 1e-5: AttentionMemoryTest)
                    System.setProperty(AttentionKernel.PROPERTY, "whole");
                    try {
                        plain = unet.forward(in[0], T, in[1]).toFloatArray();
                    } finally {
                        System.clearProperty(AttentionKernel.PROPERTY);
                    }
                }
                assertArrayEquals(plain, observed, 0f, "observing changes nothing");
                // tiny config: cross-attention in down_blocks.0 (16×16), the mid block (8×8), up_blocks.1 (16×16)
                assertEquals(List.of("down_blocks.0.attentions.0.transformer_blocks.0.attn2",
                        "mid_block.attentions.0.transformer_blocks.0.attn2",
                        "up_blocks.1.attentions.0.transformer_blocks.0.attn2",
                        "up_blocks.1.attentions.1.transformer_blocks.0.attn2"), seen);
                // [batch·heads, hw, tokens] = [2·2, 16·16, 5]
                assertEquals(new Shape(4, 256, 5), shapes.get(0));
                assertEquals(new Shape(4, 64, 5), shapes.get(1));
                for (float s : rowSums.get(0)) {
                    assertEquals(1f, s, 1e-5f);
                }
            }
            return null;
        });
    }

    @Test
    void aReplacementProcessorReplacesAttention() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                unet.initialize(root, 5);
                String layer = unet.attentionLayers().get(1).name();
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    float[] plain = unet.forward(in[0], T, in[1]).toFloatArray();
                    unet.setAttentionProcessor(layer, (l, q, k, v) -> q.zerosLike());
                    float[] replaced = unet.forward(in[0], T, in[1]).toFloatArray();
                    assertFalse(java.util.Arrays.equals(plain, replaced));
                    assertThrows(IllegalArgumentException.class, () -> unet.setAttentionProcessor("nope", null));
                }
            }
            return null;
        });
    }

    @Test
    void upBlockFeaturesStopAtTheAskedBlock() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                unet.initialize(root, 42);
                List<String> upAttentionCalls = new ArrayList<>();
                unet.setAttentionProcessor((layer, q, k, v) -> {
                    if (layer.name().startsWith("up_blocks.")) {
                        upAttentionCalls.add(layer.name());
                    }
                    return DotProductAttention.DEFAULT.attend(layer, q, k, v);
                });
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = inputs(step);
                    // tiny UNet: up block 0 is UpBlock2D at level 1 (64 channels, upsampled to 16x16),
                    // up block 1 the CrossAttnUpBlock2D at level 0 (32 channels)
                    NDArray f0 = unet.upBlockFeatures(in[0], T, in[1], 0);
                    assertEquals(new Shape(2, 64, 16, 16), f0.getShape());
                    assertTrue(upAttentionCalls.isEmpty(), "blocks above up block 0 ran: " + upAttentionCalls);
                    NDArray f1 = unet.upBlockFeatures(in[0], T, in[1], 1);
                    assertEquals(new Shape(2, 32, 16, 16), f1.getShape());
                    assertFalse(upAttentionCalls.isEmpty(), "up block 1 holds cross-attention");
                    assertEquals(0f, f0.sub(unet.upBlockFeatures(in[0], T, in[1], 0)).abs().max().getFloat(),
                            "deterministic");
                    NDArray otherPrompt = SeededNoise.normal(step, 77, in[1].getShape());
                    assertTrue(f1.sub(unet.upBlockFeatures(in[0], T, otherPrompt, 1)).abs().max().getFloat() > 1e-4,
                            "the prompt reaches the features through cross-attention");
                    assertThrows(IllegalArgumentException.class, () -> unet.upBlockFeatures(in[0], T, in[1], 2));
                }
            }
            return null;
        });
    }
}
