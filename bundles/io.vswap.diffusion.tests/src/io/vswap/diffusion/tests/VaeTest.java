package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;

/** Stable Diffusion's VAE (AutoencoderKL): SD 1.5's parameter layout, and a tiny one run for real. */
class VaeTest {

    /** runwayml/stable-diffusion-v1-5, vae/config.json as published (no scaling_factor: the default 0.18215). */
    static final String SD15_VAE_CONFIG = """
            {
              "_class_name": "AutoencoderKL",
              "_diffusers_version": "0.6.0",
              "act_fn": "silu",
              "block_out_channels": [128, 256, 512, 512],
              "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
              "in_channels": 3,
              "latent_channels": 4,
              "layers_per_block": 2,
              "norm_num_groups": 32,
              "out_channels": 3,
              "sample_size": 512,
              "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
            }
            """;

    /** Three levels: 64×64 images ↔ 16×16 latents. */
    static final String TINY_VAE_CONFIG = """
            {
              "_class_name": "AutoencoderKL",
              "block_out_channels": [8, 16, 16],
              "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
              "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
              "latent_channels": 4,
              "layers_per_block": 1,
              "norm_num_groups": 4,
              "scaling_factor": 0.5
            }
            """;

    static NDArray images(NDManager m, long seed) {
        return SeededNoise.normal(m, seed, new Shape(2, 3, 64, 64)).tanh();
    }

    @Test
    void sd15ConfigGivesThePublishedParameterCountAndDiffusersNames(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("config.json");
        Files.writeString(json, SD15_VAE_CONFIG);
        AutoencoderKLConfig c = AutoencoderKLConfig.read(json);
        assertEquals(0.18215, c.scalingFactor(), 0);
        assertEquals(8, c.downscale());
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (AutoencoderModel vae = AutoencoderModel.create(c)) { // shapes only
                // diffusers: AutoencoderKL.from_pretrained(sd-1.5, subfolder="vae").num_parameters() == 83653863
                assertEquals(83_653_863L, vae.parameterCount());
                Map<String, Shape> s = vae.parameterShapes();
                long decoderSlice = s.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("decoder.") || e.getKey().startsWith("post_quant_conv."))
                        .mapToLong(e -> e.getValue().size()).sum();
                assertEquals(49_490_199L, decoderSlice); // the decoder + post_quant_conv slice as published
                assertEquals(108, s.keySet().stream()
                        .filter(k -> k.startsWith("encoder.") || k.startsWith("quant_conv.")).count());
                assertEquals(new Shape(128, 3, 3, 3), s.get("encoder.conv_in.weight"));
                assertEquals(new Shape(128, 128, 3, 3), s.get("encoder.down_blocks.0.resnets.1.conv2.weight"));
                assertEquals(new Shape(256, 128, 1, 1), s.get("encoder.down_blocks.1.resnets.0.conv_shortcut.weight"));
                assertEquals(new Shape(128, 128, 3, 3), s.get("encoder.down_blocks.0.downsamplers.0.conv.weight"));
                assertFalse(s.containsKey("encoder.down_blocks.3.downsamplers.0.conv.weight"));
                assertEquals(new Shape(512), s.get("encoder.mid_block.attentions.0.group_norm.weight"));
                assertEquals(new Shape(512, 512), s.get("encoder.mid_block.attentions.0.to_q.weight"));
                assertEquals(new Shape(512), s.get("encoder.mid_block.attentions.0.to_k.bias"));
                assertEquals(new Shape(512, 512), s.get("decoder.mid_block.attentions.0.to_out.0.weight"));
                assertEquals(new Shape(8, 512, 3, 3), s.get("encoder.conv_out.weight"));
                assertEquals(new Shape(8, 8, 1, 1), s.get("quant_conv.weight"));
                assertEquals(new Shape(4, 4, 1, 1), s.get("post_quant_conv.weight"));
                assertEquals(new Shape(512, 4, 3, 3), s.get("decoder.conv_in.weight"));
                assertEquals(new Shape(512, 512, 3, 3), s.get("decoder.up_blocks.0.resnets.2.conv1.weight"));
                assertEquals(new Shape(256, 512, 1, 1), s.get("decoder.up_blocks.2.resnets.0.conv_shortcut.weight"));
                assertEquals(new Shape(512, 512, 3, 3), s.get("decoder.up_blocks.0.upsamplers.0.conv.weight"));
                assertFalse(s.containsKey("decoder.up_blocks.3.upsamplers.0.conv.weight"));
                assertEquals(new Shape(3, 128, 3, 3), s.get("decoder.conv_out.weight"));
                assertFalse(s.keySet().stream().anyMatch(k -> k.contains("time_emb_proj")));
            }
            return null;
        });
    }

    @Test
    void tinyEncodeDecodeShapesSamplingAndBackward() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        AutoencoderKLConfig c = AutoencoderKLConfig.parse(TINY_VAE_CONFIG);
        rt.call(() -> {
            try (NDManager root = rt.newManager(); AutoencoderModel vae = AutoencoderModel.create(c)) {
                vae.initialize(root, 11);
                try (NDManager step = root.newSubManager()) {
                    NDArray x = images(step, 1);
                    NDArray moments = vae.encodeMoments(x);
                    assertEquals(new Shape(2, 8, 16, 16), moments.getShape());
                    NDArray mode = vae.encode(x, null);
                    assertEquals(new Shape(2, 4, 16, 16), mode.getShape());
                    // mode = mean · scaling_factor
                    assertArrayEquals(moments.get(":, 0:4").mul(0.5).toFloatArray(), mode.toFloatArray(), 1e-6f);
                    float[] s1 = vae.encode(x, 5L).toFloatArray();
                    assertArrayEquals(s1, vae.encode(x, 5L).toFloatArray(), 0f, "same seed, same sample");
                    assertFalse(java.util.Arrays.equals(s1, vae.encode(x, 6L).toFloatArray()));
                    // sample - mode = std · ε · scaling_factor, with std from the clamped log-variance
                    NDArray std = moments.get(":, 4:8").clip(-30, 20).mul(0.5).exp();
                    NDArray eps = SeededNoise.normal(step, 5, new Shape(2, 4, 16, 16));
                    assertArrayEquals(mode.add(std.mul(eps).mul(0.5)).toFloatArray(), s1, 1e-5f);
                    NDArray y = vae.decode(mode);
                    assertEquals(x.getShape(), y.getShape());
                    assertTrue(y.isNaN().none().getBoolean());
                    assertThrows(IllegalArgumentException.class, () -> vae.encode(step.zeros(new Shape(1, 3, 62, 62)), null));
                }
                vae.parameters().values().forEach(p -> p.setRequiresGradient(true));
                for (int round = 0; round < 2; round++) {
                    try (NDManager step = root.newSubManager()) {
                        NDArray x = images(step, 2);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray y = vae.decode(vae.encode(x, 3L));
                            gc.backward(y.sub(x).square().mean());
                        }
                        System.out.printf("tiny VAE (%d parameters), batch 2, 64x64: forward+backward %.1f ms%n",
                                vae.parameterCount(), (System.nanoTime() - t0) / 1e6);
                    }
                }
                if (!Gradients.allFinite(vae.parameters())) { // replay once: see Gradients
                    Gradients.clear(vae.parameters());
                    try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x = images(step, 2);
                        gc.backward(vae.decode(vae.encode(x, 3L)).sub(x).square().mean());
                    }
                }
                for (Map.Entry<String, NDArray> p : vae.parameters().entrySet()) {
                    NDArray g = p.getValue().getGradient();
                    assertTrue(g.isNaN().none().getBoolean(), p.getKey() + " gradient is finite");
                    // a key bias shifts every score of a query equally: softmax ignores it, its gradient is 0
                    if (!p.getKey().endsWith("to_k.bias")) {
                        assertTrue(g.abs().sum().getFloat() > 0, p.getKey() + " gets a gradient");
                    }
                }
            }
            return null;
        });
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        AutoencoderKLConfig c = AutoencoderKLConfig.parse(TINY_VAE_CONFIG);
        Path file = dir.resolve("vae.safetensors");
        rt.call(() -> {
            try (NDManager root = rt.newManager(); AutoencoderModel a = AutoencoderModel.create(c);
                    AutoencoderModel b = AutoencoderModel.create(c)) {
                a.initialize(root, 7);
                b.initialize(root, 8);
                a.save(file);
                try (NDManager step = root.newSubManager()) {
                    NDArray x = images(step, 4);
                    assertFalse(java.util.Arrays.equals(a.encode(x, null).toFloatArray(),
                            b.encode(x, null).toFloatArray()), "different seeds, different models");
                }
                try (SafetensorsFile f = SafetensorsFile.open(file)) {
                    ParameterLoadReport r = b.load(f, root);
                    assertTrue(r.isComplete() && r.unexpected().isEmpty(), r.toString());
                }
                try (NDManager step = root.newSubManager()) {
                    NDArray x = images(step, 4);
                    NDArray za = a.encode(x, 9L);
                    assertArrayEquals(za.toFloatArray(), b.encode(x, 9L).toFloatArray(), 0f);
                    assertArrayEquals(a.decode(za).toFloatArray(), b.decode(za).toFloatArray(), 0f);
                }
            }
            return null;
        });
    }
}
