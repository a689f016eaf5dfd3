package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.LoraAdapters;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SafetensorsDtype;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TensorRuntimeException;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * Models held in fp16 on the CPU (seeded random weights, the tiny configs of the other tests):
 * the weights really are fp16, inputs and outputs stay float32, and the outputs agree with the
 * fp32 model's within a relative L2 error measured here. bf16 is refused with a clear message
 * (the embedded DJL's PyTorch bindings have no bfloat16: a cast would abort the JVM). The shipped
 * sample model's figures are in io.vswap.samples.model.tests' ShippedModelPrecisionTest.
 */
class PrecisionTest {

    /**
     * Relative L2 error ‖y − y₃₂‖ / ‖y₃₂‖ allowed for fp16. fp16 keeps 11 significant bits (unit
     * roundoff 2⁻¹¹ ≈ 0.05 %); over the ~20 layers of the tiny nets the measured errors (this
     * machine, PyTorch 2.7.1 CPU, 1 thread) were: video UNet with motion modules 0.18 % (noise
     * prediction) and 0.14 % (up-block features), VAE decode 0.20 %, encode 0.04 %, text encoder
     * 0.06 %, text encoder with a LoRA 0.06 %. 1 % is 5× the largest. The bound leaves room for other CPUs' kernels while a
     * wrong cast or an fp16 overflow (errors of order 1, or NaN) cannot pass.
     */
    static final double FP16_TOLERANCE = 0.01;

    static final LoraConfig LORA = new LoraConfig(2, 2, LoraConfig.TEXT_ENCODER_ATTENTION_PROJECTIONS);

    static double tolerance(Precision p) {
        return FP16_TOLERANCE;
    }


    static void assertAllIn(Precision p, Map<String, NDArray> params, String what) {
        assertTrue(!params.isEmpty(), what + " has parameters");
        params.forEach((name, a) -> assertEquals(p.dataType(), a.getDataType(), what + " " + name));
    }

    /** fp16 on this CPU: either it runs (then it is tested) or the runtime says what to use instead. */
    static boolean fp16Runs(TensorRuntime rt) {
        try {
            rt.requireSupported(Precision.FP16);
            return true;
        } catch (TensorRuntimeException e) {
            System.out.println("fp16 on this CPU: " + e.getMessage());
            assertTrue(e.getMessage().contains("use --precision fp32"), e.getMessage());
            return false;
        }
    }

    @Test
    void parsingNamesTheAllowedValues() {
        assertSame(Precision.BF16, Precision.parse("BF16"));
        assertSame(Precision.FP16, Precision.parse(" half "));
        assertSame(Precision.FP32, Precision.parse("float32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8"));
        assertEquals("unknown precision 'fp8': use one of fp32, fp16, bf16", e.getMessage());
        assertEquals("fp32, fp16, bf16", Precision.allowed());
        assertSame(Precision.BF16, Precision.of(DataType.BFLOAT16));
    }

    @Test
    void theRuntimeDefaultsToFp32OnTheCpuAndRefusesBf16Clearly() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        assertTrue(rt.device().isGpu() || rt.precision() == Precision.FP32,
                "fp32 is the CPU default, got " + rt.precision());
        rt.requireSupported(Precision.FP32);
        fp16Runs(rt);
        TensorRuntimeException e = assertThrows(TensorRuntimeException.class,
                () -> rt.requireSupported(Precision.BF16));
        System.out.println("bf16: " + e.getMessage());
        assertTrue(e.getMessage().contains("bf16 is not available") && e.getMessage().contains("no bfloat16 type")
                && e.getMessage().contains("use --precision fp16 or fp32"), e.getMessage());
        // the models refuse it before any cast (a bf16 cast through DJL 0.35.1 aborts the JVM)
        rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(
                    ClipTest.tinyConfig(ClipTest.tinyVocab().size()))) {
                te.initialize(root, 3);
                TensorRuntimeException m = assertThrows(TensorRuntimeException.class,
                        () -> te.setPrecision(Precision.BF16));
                assertTrue(m.getMessage().contains("use --precision fp16 or fp32"), m.getMessage());
                assertSame(Precision.FP32, te.precision(), "unchanged");
                assertAllIn(Precision.FP32, te.parameters(), "text encoder");
                assertThrows(TensorRuntimeException.class, () -> Precision.BF16.cast(root.zeros(new Shape(2))));
            }
            return null;
        });
    }

    @Test
    void videoUNetWithMotionModulesAgreesWithFp32() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        boolean fp16 = fp16Runs(rt);
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoUNetModel ref = VideoUNetModel.create(c,
                    VideoUNetTest.tinyMotion(false))) {
                ref.imageUNet().initialize(root, 42);
                ref.initializeMotionModules(root, 43);
                for (Precision p : fp16 ? new Precision[] { Precision.FP16 } : new Precision[0]) {
                    try (VideoUNetModel low = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false))) {
                        // precision first: each parameter is cast as it is created
                        low.setPrecision(p);
                        low.imageUNet().initialize(root, 42);
                        low.initializeMotionModules(root, 43);
                        assertSame(p, low.precision());
                        assertSame(p, low.imageUNet().precision());
                        assertAllIn(p, low.imageUNet().parameters(), "UNet");
                        assertAllIn(p, low.motionParameters(), "motion module");
                        try (NDManager step = root.newSubManager()) {
                            NDArray[] in = VideoUNetTest.clipInputs(step);
                            NDArray y32 = ref.forward(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T, in[1], null);
                            NDArray y = low.forward(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T, in[1], null);
                            assertEquals(DataType.FLOAT32, y.getDataType(), "fp32 out");
                            assertEquals(DataType.FLOAT32, in[0].getDataType(), "the caller's input is untouched");
                            double err = Precision.relativeError(y, y32);
                            NDArray f32 = ref.upBlockFeatures(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T, in[1], 0);
                            NDArray f = low.upBlockFeatures(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T, in[1], 0);
                            assertEquals(DataType.FLOAT32, f.getDataType());
                            double errF = Precision.relativeError(f, f32);
                            System.out.printf("tiny video UNet (motion modules, 2 clips x 4 frames) in %s: relative L2 "
                                    + "error %.4f (noise prediction), %.4f (up block 0 features); tolerance %.3f%n",
                                    p.id(), err, errF, tolerance(p));
                            assertTrue(err < tolerance(p), p.id() + " UNet error " + err);
                            assertTrue(errF < tolerance(p), p.id() + " feature error " + errF);
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * A cast between precisions carries the gradient when a graph is recorded (DJL's own cast
     * does not): {@code d/dx Σ fp16(x)·w = w}, back in x's fp32.
     */
    @Test
    void castsCarryTheGradientUnderAutograd() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        if (!fp16Runs(rt)) {
            return;
        }
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = m.create(new float[] { 1f, -2f, 3f, 0.5f });
                NDArray w = m.create(new float[] { 0.25f, 2f, -1f, 8f }).toType(DataType.FLOAT16, false);
                x.setRequiresGradient(true);
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray half = Precision.FP16.cast(x);
                    assertEquals(DataType.FLOAT16, half.getDataType());
                    gc.backward(Precision.fp32(half.mul(w)).sum());
                }
                NDArray g = x.getGradient();
                assertEquals(DataType.FLOAT32, g.getDataType());
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] { 0.25f, 2f, -1f, 8f }, g.toFloatArray());
                // without a graph the cast is a plain copy
                NDArray plain = Precision.FP16.cast(m.create(new float[] { 1f }));
                assertEquals(DataType.FLOAT16, plain.getDataType());
            }
            return null;
        });
    }

    /**
     * The checkpointed backward through a video UNet held in fp16 (as registration runs on a GPU)
     * gives the fp32 model's residual gradients: measured here with an output gradient of a
     * loss's size (~1e-6 per element, below fp16's normal range: unscaled, most of it would flush
     * to zero), which the backward scales by a power of two and back.
     */
    @Test
    void checkpointedGradientsThroughAnFp16VideoUNetAgreeWithFp32() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        if (!fp16Runs(rt)) {
            return;
        }
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoUNetModel ref = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false));
                    VideoUNetModel low = VideoUNetModel.create(c, VideoUNetTest.tinyMotion(false))) {
                ref.imageUNet().initialize(root, 42);
                ref.initializeMotionModules(root, 7);
                low.setPrecision(Precision.FP16);
                low.imageUNet().initialize(root, 42);
                low.initializeMotionModules(root, 7);
                try (NDManager step = root.newSubManager()) {
                    NDArray[] in = VideoUNetTest.clipInputs(step);
                    long rows = VideoUNetTest.CLIPS * VideoUNetTest.FRAMES;
                    java.util.List<NDArray> residuals = java.util.List.of(
                            SeededNoise.normal(step, 20, new Shape(rows, 32, 16, 16)),
                            SeededNoise.normal(step, 21, new Shape(rows, 64, 8, 8)));
                    NDArray g = SeededNoise.normal(step, 22, in[0].getShape()).mul(1e-6f);
                    java.util.List<NDArray> g32 = ref.residualGradients(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T,
                            in[1], residuals, g);
                    java.util.List<NDArray> g16 = low.residualGradients(in[0], VideoUNetTest.FRAMES, VideoUNetTest.T,
                            in[1], residuals, g);
                    assertSame(Precision.FP16, low.precision(), "the UNet stays in fp16");
                    for (int i = 0; i < 2; i++) {
                        assertEquals(DataType.FLOAT32, g16.get(i).getDataType());
                        double err = Precision.relativeError(g16.get(i), g32.get(i));
                        System.out.printf("checkpointed residual %d gradient in fp16 (output gradient ~1e-6): relative "
                                + "L2 error %.4f; tolerance %.3f%n", i, err, 2 * FP16_TOLERANCE);
                        assertTrue(err < 2 * FP16_TOLERANCE, "residual " + i + " gradient error " + err);
                    }
                }
            }
            return null;
        });
    }

    @Test
    void vaeAndTextEncoderAgreeWithFp32AndCastAfterLoading(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        AutoencoderKLConfig vc = AutoencoderKLConfig.parse(VaeTest.TINY_VAE_CONFIG);
        CLIPTextConfig tc = ClipTest.tinyConfig(ClipTest.tinyVocab().size());
        boolean fp16 = fp16Runs(rt);
        rt.call(() -> {
            try (NDManager root = rt.newManager(); AutoencoderModel vae = AutoencoderModel.create(vc);
                    TextEncoderModel te = TextEncoderModel.create(tc)) {
                vae.initialize(root, 11);
                te.initialize(root, 3);
                vae.save(dir.resolve("vae.safetensors"));
                te.save(dir.resolve("te.safetensors"));
                int[] ids = new int[16];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = (i * 7 + 3) % tc.vocabSize();
                }
                for (Precision p : fp16 ? new Precision[] { Precision.FP16 } : new Precision[0]) {
                    try (AutoencoderModel vl = AutoencoderModel.create(vc); TextEncoderModel tl = TextEncoderModel.create(tc);
                            SafetensorsFile vf = SafetensorsFile.open(dir.resolve("vae.safetensors"));
                            SafetensorsFile tf = SafetensorsFile.open(dir.resolve("te.safetensors"));
                            NDManager step = root.newSubManager()) {
                        // loaded in fp32, then cast: the other order from the UNet test's
                        assertTrue(vl.load(vf, root).isComplete());
                        assertTrue(tl.load(tf, root).isComplete());
                        vl.setPrecision(p);
                        tl.setPrecision(p);
                        assertAllIn(p, vl.parameters(), "VAE");
                        assertAllIn(p, tl.parameters(), "text encoder");

                        NDArray z = SeededNoise.normal(step, 7, new Shape(2, 4, 16, 16));
                        NDArray x32 = vae.decode(z);
                        NDArray x = vl.decode(z);
                        assertEquals(DataType.FLOAT32, x.getDataType());
                        double errDecode = Precision.relativeError(x, x32);
                        NDArray images = VaeTest.images(step, 1);
                        NDArray e = vl.encode(images, 5L);
                        assertEquals(DataType.FLOAT32, e.getDataType());
                        double errEncode = Precision.relativeError(e, vae.encode(images, 5L));

                        NDArray h32 = te.encode(step, new int[][] { ids });
                        NDArray h = tl.encode(step, new int[][] { ids });
                        assertEquals(DataType.FLOAT32, h.getDataType());
                        double errText = Precision.relativeError(h, h32);
                        System.out.printf("tiny VAE / text encoder in %s: relative L2 error decode %.4f, encode (sampled) "
                                + "%.4f, text %.4f; tolerance %.3f%n", p.id(), errDecode, errEncode, errText, tolerance(p));
                        assertTrue(errDecode < tolerance(p), p.id() + " decode " + errDecode);
                        assertTrue(errEncode < tolerance(p), p.id() + " encode " + errEncode);
                        assertTrue(errText < tolerance(p), p.id() + " text " + errText);

                        // saved back as F32 whatever the precision held
                        Path back = dir.resolve("vae-" + p.id() + ".safetensors");
                        vl.save(back);
                        try (SafetensorsFile b = SafetensorsFile.open(back)) {
                            assertTrue(b.entries().stream().allMatch(en -> en.dtype() == SafetensorsDtype.F32));
                        }
                    }
                }
            }
            return null;
        });
    }

    @Test
    void trainingLoraOnALowPrecisionModelIsRefusedButLoadedAdaptersRun(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        CLIPTextConfig tc = ClipTest.tinyConfig(ClipTest.tinyVocab().size());
        rt.call(() -> {
            try (NDManager root = rt.newManager(); TextEncoderModel te = TextEncoderModel.create(tc)) {
                te.initialize(root, 3);
                Path file = dir.resolve("lora.safetensors");
                try (LoraAdapters lora = LoraAdapters.attach(te, LORA, root, 1)) {
                    // B = 0 at first: give it something so the adapter changes the output
                    lora.parameters().values().forEach(a -> a.addi(0.05f));
                    lora.save(file);
                }
                int[][] ids = { { 1, 2, 3, 4, 5 } };
                float[] ref;
                try (LoraAdapters lora = LoraAdapters.load(te, file, root); NDManager step = root.newSubManager()) {
                    ref = te.encode(step, ids).toFloatArray();
                }
                if (!fp16Runs(rt)) {
                    return null;
                }
                te.setPrecision(Precision.FP16);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> LoraAdapters.attach(te, LORA, root, 1));
                assertTrue(e.getMessage().contains("LoRA training needs the model in fp32, but it is in fp16"),
                        e.getMessage());
                try (LoraAdapters lora = LoraAdapters.load(te, file, root); NDManager step = root.newSubManager()) {
                    NDArray h = te.encode(step, ids);
                    assertEquals(DataType.FLOAT32, h.getDataType());
                    double err = Precision.relativeError(h, step.create(ref, h.getShape()));
                    System.out.printf("tiny text encoder with a loaded LoRA in fp16: relative L2 error %.4f%n", err);
                    assertTrue(err < FP16_TOLERANCE, "fp16 + LoRA error " + err);
                }
            }
            return null;
        });
    }
}
