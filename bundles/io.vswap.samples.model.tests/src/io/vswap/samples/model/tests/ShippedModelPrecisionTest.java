package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;

/**
 * The shipped sample model loaded in fp16 on the CPU: every weight is fp16, the parts take and
 * give float32, and a video-UNet forward with its motion modules (a whole 16-frame clip), the
 * VAE decode and the text encoder agree with the fp32 model within a relative L2 error measured
 * here (printed).
 */
class ShippedModelPrecisionTest {

    /**
     * fp16 keeps 11 significant bits (unit roundoff 2⁻¹¹ ≈ 0.05 %). Measured on the shipped
     * weights (PyTorch 2.7.1 CPU, 1 thread, 2026-11): video UNet 0.05 %, VAE decode 0.11 %, text
     * encoder 0.05 %. 1 % is 9× the largest, tight enough that a wrong cast or an overflow to inf
     * (errors of order 10 %–100 %, or NaN) fails. (fp16 on this CPU is slower than fp32, 5.7 s vs
     * 1.6 s for the forward: it has no fp16 arithmetic; the figure is printed, not asserted.)
     */
    static final double TOLERANCE = 0.01;

    private static void assertAll(DataType t, Map<String, NDArray> params, String what) {
        assertTrue(!params.isEmpty(), what);
        params.forEach((name, a) -> assertEquals(t, a.getDataType(), what + " " + name));
    }

    @Test
    void fp16AgreesWithFp32OnTheShippedWeights() throws Exception {
        TensorRuntime rt = Runtime.get();
        rt.requireSupported(Precision.FP16); // runs on this project's CPUs (PyTorch 2.7.1 has the kernels)
        VideoDiffusionModel.Layout layout = SampleModel.shipped();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoDiffusionModel ref = VideoDiffusionModel.load(layout, root);
                    VideoDiffusionModel half = VideoDiffusionModel.load(layout, root, Precision.FP16)) {
                assertEquals(Precision.FP32, ref.precision());
                assertEquals(Precision.FP16, half.precision());
                assertAll(DataType.FLOAT16, half.unet().imageUNet().parameters(), "UNet");
                assertAll(DataType.FLOAT16, half.unet().motionParameters(), "motion modules");
                assertAll(DataType.FLOAT16, half.vae().parameters(), "VAE");
                assertAll(DataType.FLOAT16, half.textEncoder().parameters(), "text encoder");
                int frames = SampleModelConfigs.FRAMES;
                int side = SampleModelConfigs.IMAGE_SIZE / half.vae().config().downscale();
                int channels = half.unet().imageUNet().config().inChannels();
                try (NDManager step = root.newSubManager()) {
                    NDArray text32 = ref.encodePrompts(step, List.of("a red striped star on grey"));
                    NDArray text16 = half.encodePrompts(step, List.of("a red striped star on grey"));
                    assertEquals(DataType.FLOAT32, text16.getDataType());
                    double errText = Precision.relativeError(text16, text32);

                    NDArray z = SeededNoise.normal(step, 5, new Shape(frames, channels, side, side));
                    NDArray ctx = text32.repeat(0, frames);
                    long t0 = System.nanoTime();
                    NDArray e32 = ref.unet().forward(z, frames, new float[] { 501 }, ctx, null);
                    long t1 = System.nanoTime();
                    NDArray e16 = half.unet().forward(z, frames, new float[] { 501 }, ctx, null);
                    long t2 = System.nanoTime();
                    assertEquals(DataType.FLOAT32, e16.getDataType());
                    double errUnet = Precision.relativeError(e16, e32);

                    NDArray latents = z.get("0:4").mul(0.5f);
                    NDArray x32 = ref.vae().decode(latents);
                    NDArray x16 = half.vae().decode(latents);
                    assertEquals(DataType.FLOAT32, x16.getDataType());
                    double errDecode = Precision.relativeError(x16, x32);
                    System.out.printf("shipped sample model, fp16 vs fp32 (CPU): relative L2 error video UNet (16 frames, "
                            + "motion modules) %.4f, VAE decode %.4f, text encoder %.4f; tolerance %.3f; UNet forward "
                            + "fp32 %.0f ms, fp16 %.0f ms%n", errUnet, errDecode, errText, TOLERANCE, (t1 - t0) / 1e6,
                            (t2 - t1) / 1e6);
                    assertTrue(errUnet < TOLERANCE, "UNet " + errUnet);
                    assertTrue(errDecode < TOLERANCE, "decode " + errDecode);
                    assertTrue(errText < TOLERANCE, "text " + errText);
                }
            }
            return null;
        });
    }
}
