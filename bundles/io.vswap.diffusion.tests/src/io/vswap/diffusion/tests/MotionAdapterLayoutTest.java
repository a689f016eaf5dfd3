package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * A motion module file in diffusers' {@code MotionAdapter} layout loads as the same weights as the
 * AnimateDiff file it was converted from (diffusers' {@code convert_animatediff_motion_module_to_diffusers.py}
 * renames the keys; {@code pos_encoder} is diffusers' {@code pos_embed}).
 */
class MotionAdapterLayoutTest {

    /** The conversion script's renames, as its source writes them, and pos_encoder → pos_embed. */
    static String asMotionAdapter(String key) {
        return key.replace(".norms.0", ".norm1").replace(".norms.1", ".norm2").replace(".ff_norm", ".norm3")
                .replace(".attention_blocks.0", ".attn1").replace(".attention_blocks.1", ".attn2")
                .replace(".temporal_transformer", "").replace(".pos_encoder", ".pos_embed");
    }

    @Test
    void aMotionAdapterFileLoadsAsTheAnimateDiffFileItCameFrom(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        Path original = dir.resolve("mm.safetensors");
        Path adapter = dir.resolve("diffusion_pytorch_model.safetensors");
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoUNetModel a = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false));
                    VideoUNetModel b = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false))) {
                a.imageUNet().initialize(root, 42);
                b.imageUNet().initialize(root, 42);
                a.initializeMotionModules(root, 7);
                a.saveMotionModules(original);
                Set<String> keys = new TreeSet<>();
                try (SafetensorsFile f = SafetensorsFile.open(original); NDManager m = root.newSubManager()) {
                    SafetensorsWriter w = new SafetensorsWriter();
                    for (var e : f.entries()) {
                        keys.add(asMotionAdapter(e.name()));
                        w.add(asMotionAdapter(e.name()), f.load(e.name(), m));
                    }
                    w.write(adapter);
                }
                // MotionAdapter's own module names (diffusers' MotionModules / TransformerTemporalModel)
                String mm = "down_blocks.0.motion_modules.0.";
                for (String k : List.of("norm.weight", "proj_in.weight", "proj_out.bias",
                        "transformer_blocks.0.attn1.to_q.weight", "transformer_blocks.0.attn2.to_out.0.weight",
                        "transformer_blocks.0.norm1.weight", "transformer_blocks.0.norm3.bias",
                        "transformer_blocks.0.ff.net.0.proj.weight", "transformer_blocks.0.attn1.pos_embed.pe")) {
                    assertTrue(keys.contains(mm + k), mm + k + " in " + keys);
                }
                try (SafetensorsFile f = SafetensorsFile.open(adapter)) {
                    ParameterLoadReport r = b.loadMotionModules(f, root);
                    assertTrue(r.isComplete(), r.toString());
                    assertEquals(List.of(), r.unexpected(), "the pe buffers are taken too");
                }
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = VideoUNetTest.clipInputs(step);
                    assertArrayEquals(a.forward(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T, in[1], null).toFloatArray(),
                            b.forward(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T, in[1], null).toFloatArray(), 0f);
                }
            }
            return null;
        });
    }

    @Test
    void aMissingKeyOfAMotionAdapterFileIsNamedInAnimateDiffsNames(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        Path adapter = dir.resolve("adapter.safetensors");
        String dropped = "up_blocks.1.motion_modules.1.temporal_transformer.transformer_blocks.0.attention_blocks.1.to_v.weight";
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoUNetModel a = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false));
                    VideoUNetModel b = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false))) {
                a.initializeMotionModules(root, 7);
                SafetensorsWriter w = new SafetensorsWriter();
                a.motionParameters().forEach((k, t) -> {
                    if (!k.equals(dropped)) {
                        w.add(asMotionAdapter(k), t);
                    }
                });
                w.add("down_blocks.0.motion_modules.0.stray.weight", a.motionParameters().values().iterator().next());
                w.write(adapter);
                try (SafetensorsFile f = SafetensorsFile.open(adapter)) {
                    ParameterLoadReport r = b.loadMotionModules(f, root);
                    assertEquals(List.of(dropped), r.missing());
                    assertEquals(List.of("down_blocks.0.motion_modules.0.stray.weight"), r.unexpected());
                }
            }
            return null;
        });
    }
}
