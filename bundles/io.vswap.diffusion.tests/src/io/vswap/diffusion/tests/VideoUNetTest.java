package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoUNetModel;

/** AnimateDiff motion modules in the SD UNet: the mm_sd_v15 layout, and a tiny video UNet run for real. */
class VideoUNetTest {

    static final int FRAMES = 4;
    static final int CLIPS = 2;

    /** Tiny motion modules for the tiny UNet: its 8 norm groups, 4 heads, mm_sd_v15's max_len 24. */
    static MotionModuleConfig tinyMotion(boolean zeroInit) {
        return MotionModuleConfig.mmSdV15().withNormNumGroups(8).withNumAttentionHeads(4).withMidBlock(true)
                .withZeroInitialize(zeroInit);
    }

    /** Two clips of four frames, folded clip-major: sample [8,4,16,16], text [8,5,32]. */
    static NDArray[] clipInputs(NDManager m) {
        return new NDArray[] { SeededNoise.normal(m, 1, new Shape(CLIPS * FRAMES, 4, 16, 16)),
                SeededNoise.normal(m, 2, new Shape(CLIPS * FRAMES, 5, 32)) };
    }

    static final float[] T = { 261f };

    static double meanAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().mean().getFloat();
    }

    @Test
    void mmSdV15LayoutGivesTheFormulaCountAndAnimateDiffNames() throws Exception {
        Path json = Files.createTempFile("sd15", ".json");
        Files.writeString(json, UNetTest.SD15_CONFIG);
        UNet2DConditionConfig c = UNet2DConditionConfig.read(json);
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (VideoUNetModel v1 = VideoUNetModel.create(c, MotionModuleConfig.mmSdV15());
                    VideoUNetModel v2 = VideoUNetModel.create(c, MotionModuleConfig.mmSdV15V2())) {
                // A module of C channels (1 transformer block, 2 attention blocks): 22·C² + 21·C parameters.
                // v1: 2 per down level, 3 per up level, at 320, 640, 1280, 1280 → 5·Σ = 417,137,600
                // ("417M" is AnimateDiff v1's quoted size); v2 adds mid_block's 1280 module → 453,209,280.
                assertEquals(417_137_600L, v1.motionParameterCount());
                assertEquals(453_209_280L, v2.motionParameterCount());
                assertEquals(859_520_964L, v1.imageUNet().parameterCount()); // SD 1.5 unchanged
                Map<String, Shape> s = v1.motionParameterShapes();
                String m = "down_blocks.0.motion_modules.0.temporal_transformer.";
                assertEquals(new Shape(320), s.get(m + "norm.weight"));
                assertEquals(new Shape(320, 320), s.get(m + "proj_in.weight"));
                assertEquals(new Shape(320, 320), s.get(m + "transformer_blocks.0.attention_blocks.0.to_q.weight"));
                assertEquals(new Shape(320, 320), s.get(m + "transformer_blocks.0.attention_blocks.1.to_v.weight"));
                assertEquals(new Shape(320), s.get(m + "transformer_blocks.0.attention_blocks.1.to_out.0.bias"));
                assertFalse(s.containsKey(m + "transformer_blocks.0.attention_blocks.0.to_q.bias"));
                assertEquals(new Shape(320), s.get(m + "transformer_blocks.0.norms.1.weight"));
                assertEquals(new Shape(2560, 320), s.get(m + "transformer_blocks.0.ff.net.0.proj.weight"));
                assertEquals(new Shape(320, 1280), s.get(m + "transformer_blocks.0.ff.net.2.weight"));
                assertEquals(new Shape(320), s.get(m + "transformer_blocks.0.ff_norm.bias"));
                assertEquals(new Shape(320), s.get(m + "proj_out.bias"));
                assertFalse(s.containsKey(m + "transformer_blocks.1.ff_norm.bias"));
                assertTrue(s.containsKey("down_blocks.3.motion_modules.1.temporal_transformer.proj_out.weight"));
                assertTrue(s.containsKey("up_blocks.0.motion_modules.2.temporal_transformer.proj_out.weight"));
                assertEquals(new Shape(320, 320),
                        s.get("up_blocks.3.motion_modules.2.temporal_transformer.proj_out.weight"));
                assertFalse(s.keySet().stream().anyMatch(k -> k.startsWith("mid_block")));
                assertTrue(v2.motionParameterShapes().containsKey("mid_block.motion_modules.0.temporal_transformer.proj_in.weight"));
                // 26 tensors per module, 20 modules (v1) / 21 (v2)
                assertEquals(20 * 26, s.size());
                assertEquals(21 * 26, v2.motionParameterShapes().size());
                // 32 spatial + 20 modules × 2 temporal self-attentions
                assertEquals(32 + 40, v1.attentionLayers().size());
            }
            return null;
        });
    }

    @Test
    void tinyVideoUNetKeepsTheShapeAndPrintsItsTime() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel v = VideoUNetModel.create(c, tinyMotion(false))) {
                v.imageUNet().initialize(root, 42);
                v.initializeMotionModules(root, 7);
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    NDArray out = v.forward(in[0], FRAMES, T, in[1], null);
                    assertEquals(in[0].getShape(), out.getShape());
                    assertTrue(out.isNaN().none().getBoolean());
                    long best = Long.MAX_VALUE;
                    for (int i = 0; i < 3; i++) {
                        long t0 = System.nanoTime();
                        v.forward(in[0], FRAMES, T, in[1], null).toFloatArray();
                        best = Math.min(best, System.nanoTime() - t0);
                    }
                    System.out.printf("tiny video UNet (%d + %d motion parameters), %d clips × %d frames of 16×16: "
                            + "forward %.1f ms (best of 3, %s)%n", v.imageUNet().parameterCount(),
                            v.motionParameterCount(), CLIPS, FRAMES, best / 1e6, rt.engineDescription());
                }
                assertThrows(IllegalArgumentException.class, () -> {
                    try (NDManager step = root.newSubManager()) {
                        NDArray[] in = clipInputs(step);
                        v.forward(in[0], 3, T, in[1], null); // 8 rows are not clips of 3
                    }
                });
            }
            return null;
        });
    }

    @Test
    void zeroProjOutMakesTheVideoUNetTheImageUNetExactly() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel v = VideoUNetModel.create(c, tinyMotion(true));
                    UNetModel image = UNetModel.create(c)) {
                v.imageUNet().initialize(root, 42);
                image.initialize(root, 42); // same seed, same names: the same weights
                v.initializeMotionModules(root, 7);
                assertTrue(v.motionParameters().entrySet().stream()
                        .filter(e -> e.getKey().contains(".proj_out."))
                        .allMatch(e -> e.getValue().abs().max().getFloat() == 0f));
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    float[] video = v.forward(in[0], FRAMES, T, in[1], null).toFloatArray();
                    // every frame through the image UNet on its own (folded batch rows never mix there)
                    assertArrayEquals(image.forward(in[0], T, in[1]).toFloatArray(), video, 0f);
                    // and one frame alone, as a batch of one
                    NDArray frame3 = image.forward(in[0].get(new NDIndex("3:4")), T, in[1].get(new NDIndex("3:4")));
                    NDArray video3 = step.create(video, in[0].getShape()).get(new NDIndex("3:4"));
                    assertTrue(meanAbsDiff(frame3, video3) < 1e-5, "frame 3 alone: " + meanAbsDiff(frame3, video3));
                }
            }
            return null;
        });
    }

    @Test
    void motionModulesMixFramesWithinAClipOnly() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel v = VideoUNetModel.create(c, tinyMotion(false))) {
                v.imageUNet().initialize(root, 42);
                v.initializeMotionModules(root, 7);
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    NDArray moved = in[0].duplicate();
                    moved.set(new NDIndex("0"), SeededNoise.normal(step, 99, new Shape(4, 16, 16)));
                    NDArray a = v.forward(in[0], FRAMES, T, in[1], null);
                    NDArray b = v.forward(moved, FRAMES, T, in[1], null);
                    double frame3 = meanAbsDiff(a.get(new NDIndex("3")), b.get(new NDIndex("3")));
                    assertTrue(frame3 > 1e-4, "clip 0 frame 3 follows frame 0: " + frame3);
                    for (int r = FRAMES; r < CLIPS * FRAMES; r++) { // the other clip does not
                        assertArrayEquals(a.get(new NDIndex(r)).toFloatArray(), b.get(new NDIndex(r)).toFloatArray(),
                                1e-6f, "clip 1 row " + r);
                    }
                    UNetModel image = v.imageUNet(); // motion modules skipped: frames independent
                    float[] ia = image.forward(in[0], T, in[1]).get(new NDIndex("3")).toFloatArray();
                    float[] ib = image.forward(moved, T, in[1]).get(new NDIndex("3")).toFloatArray();
                    assertArrayEquals(ia, ib, 0f);
                }
            }
            return null;
        });
    }

    @Test
    void residualHookAndAttentionProcessorsReachTheVideoUNet() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel v = VideoUNetModel.create(c, tinyMotion(false))) {
                v.imageUNet().initialize(root, 42);
                v.initializeMotionModules(root, 7);
                String temporal = "down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.1";
                AttentionLayer layer = v.attentionLayers().stream().filter(l -> l.name().equals(temporal)).findFirst()
                        .orElseThrow();
                assertFalse(layer.crossAttention());
                AtomicInteger calls = new AtomicInteger();
                List<Long> keyTokens = new ArrayList<>();
                v.setAttentionProcessor(temporal, (l, q, k, val) -> {
                    calls.incrementAndGet();
                    keyTokens.add(k.getShape().get(1));
                    return DotProductAttention.DEFAULT.attend(l, q, k, val);
                });
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    float[] plain = v.forward(in[0], FRAMES, T, in[1], null).toFloatArray();
                    assertEquals(1, calls.get());
                    assertEquals(List.of((long) FRAMES), keyTokens); // attends over the frames
                    List<NDArray> zeros = List.of(step.zeros(new Shape(8, 32, 16, 16)), step.zeros(new Shape(8, 64, 8, 8)));
                    assertArrayEquals(plain, v.forward(in[0], FRAMES, T, in[1], zeros).toFloatArray(), 0f);
                    List<NDArray> res = List.of(SeededNoise.normal(step, 10, new Shape(8, 32, 16, 16)), zeros.get(1));
                    NDArray moved = v.forward(in[0], FRAMES, T, in[1], res);
                    assertTrue(meanAbsDiff(moved, step.create(plain, moved.getShape())) > 1e-4);
                }
            }
            return null;
        });
    }

    @Test
    void motionWeightsSaveAndLoadWithTheirPositionEncodings(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        Path file = dir.resolve("mm.safetensors");
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel a = VideoUNetModel.create(c, tinyMotion(false));
                    VideoUNetModel b = VideoUNetModel.create(c, tinyMotion(false))) {
                a.imageUNet().initialize(root, 42);
                b.imageUNet().initialize(root, 42);
                a.initializeMotionModules(root, 7);
                a.saveMotionModules(file);
                try (SafetensorsFile f = SafetensorsFile.open(file)) {
                    String pe = "down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.0.pos_encoder.pe";
                    assertEquals(List.of(1L, 24L, 32L), java.util.Arrays.stream(f.entry(pe).shape()).boxed().toList());
                    float[] row1 = f.floats(pe);
                    assertEquals(Math.sin(1.0), row1[32], 1e-6); // pe[0, 1, 0] = sin(1)
                    assertEquals(Math.cos(1.0), row1[33], 1e-6);
                    ParameterLoadReport r = b.loadMotionModules(f, root);
                    assertTrue(r.isComplete(), r.toString());
                    assertTrue(r.unexpected().isEmpty(), r.toString()); // pe buffers are taken, not left over
                }
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    assertArrayEquals(a.forward(in[0], FRAMES, T, in[1], null).toFloatArray(),
                            b.forward(in[0], FRAMES, T, in[1], null).toFloatArray(), 0f);
                }
            }
            return null;
        });
    }

    @Test
    void aMotionFileWithAMissingKeyIsRefusedByName(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        Path file = dir.resolve("mm-missing.safetensors");
        String dropped = "up_blocks.1.motion_modules.1.temporal_transformer.transformer_blocks.0.attention_blocks.1.to_v.weight";
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel a = VideoUNetModel.create(c, tinyMotion(false));
                    VideoUNetModel b = VideoUNetModel.create(c, tinyMotion(false))) {
                a.initializeMotionModules(root, 7);
                assertTrue(a.motionParameters().containsKey(dropped));
                SafetensorsWriter w = new SafetensorsWriter();
                a.motionParameters().forEach((k, t) -> {
                    if (!k.equals(dropped)) {
                        w.add(k, t);
                    }
                });
                w.write(file);
                b.imageUNet().initialize(root, 42);
                try (SafetensorsFile f = SafetensorsFile.open(file)) {
                    ParameterLoadReport r = b.loadMotionModules(f, root);
                    assertFalse(r.isComplete());
                    assertEquals(List.of(dropped), r.missing());
                }
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> b.forward(in[0], FRAMES, T, in[1], null));
                    assertTrue(e.getMessage().contains(dropped), e.getMessage());
                }
            }
            return null;
        });
    }

    /**
     * Gradient checkpointing gives the residuals' gradients a backward through the whole video UNet
     * gives (motion modules with trained-like non-zero outputs, residuals into both down blocks).
     */
    @Test
    void checkpointedResidualGradientsMatchAPlainBackward() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel v = VideoUNetModel.create(c, tinyMotion(false))) {
                v.imageUNet().initialize(root, 42);
                v.initializeMotionModules(root, 7);
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = clipInputs(step);
                    long rows = CLIPS * FRAMES;
                    List<NDArray> residuals = List.of(SeededNoise.normal(step, 20, new Shape(rows, 32, 16, 16)),
                            SeededNoise.normal(step, 21, new Shape(rows, 64, 8, 8)));
                    NDArray g = SeededNoise.normal(step, 22, in[0].getShape());
                    List<float[]> plain = new java.util.ArrayList<>();
                    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance()
                            .newGradientCollector()) {
                        residuals.forEach(r -> r.setRequiresGradient(true));
                        gc.backward(v.forward(in[0], FRAMES, T, in[1], residuals).mul(g).sum());
                    }
                    for (NDArray r : residuals) {
                        plain.add(r.getGradient().toFloatArray());
                    }
                    List<NDArray> fresh = residuals.stream().map(NDArray::stopGradient).toList();
                    List<NDArray> checkpointed = v.residualGradients(in[0], FRAMES, T, in[1], fresh, g);
                    assertEquals(2, checkpointed.size());
                    for (int i = 0; i < 2; i++) {
                        float[] a = plain.get(i);
                        float[] b = checkpointed.get(i).toFloatArray();
                        double scale = 0;
                        double diff = 0;
                        for (int k = 0; k < a.length; k++) {
                            scale = Math.max(scale, Math.abs(a[k]));
                            diff = Math.max(diff, Math.abs(a[k] - b[k]));
                        }
                        assertTrue(scale > 0, "residual " + i + " has a gradient");
                        assertTrue(diff <= 1e-5 * scale, "residual " + i + ": max difference " + diff + " of " + scale);
                    }
                }
            }
            return null;
        });
    }
}
