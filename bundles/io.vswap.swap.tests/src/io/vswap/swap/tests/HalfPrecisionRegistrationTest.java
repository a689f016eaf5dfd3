package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.types.DataType;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.swap.internal.MotionFeatureAdapter;
import io.vswap.swap.internal.Registration;
import io.vswap.swap.tests.RegistrationTest.Source;

/**
 * Registration on a video UNet held in fp16 (as on a GPU, where fp16 is the default): the UNet
 * stays in fp16 throughout (half the memory of widening it to fp32), its backward checkpointed
 * and gradient-scaled, the MLPs trained in fp32; its losses and gradient norms are the fp32
 * run's. A class of its own so that the AVX2 rerun of {@link RegistrationTest} does not repeat
 * it: fp16 kernels on this CPU make an iteration ~20 times slower than fp32.
 */
class HalfPrecisionRegistrationTest {

    /** Three iterations on every point (each replayed once by the policy: six passes). */
    static final Registration.Options THREE = new Registration.Options(3, 3e-2, 0.01, 0, 4, true, true, 3);

    /**
     * Relative difference allowed between fp16 and fp32 losses and gradient norms: measured here
     * 2026-12-07 (20 iterations, this CPU) at most 0.3 % for the norms, 0.01 % for the losses.
     */
    static final double TOLERANCE = 0.01;

    record Run(List<Float> losses, List<Double> norms, List<Precision> during, Map<String, float[]> trained) {
    }

    @Test
    void anFp16UNetGivesTheFp32LossesAndGradientsAndStaysInFp16() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                Source s = RegistrationTest.source(w, RegistrationTest.settings(3, 3e-2));
                Registration r = new Registration(w.models.unet(), w.models.schedule(), w.models.runtime());
                try (MotionFeatureAdapter initial = s.pipeline().newAdapter(s.embeddings().dimension(), w.root)) {
                    Run fp32 = run(r, initial, s, w);
                    w.models.unet().setPrecision(Precision.FP16);
                    Map<String, float[]> unetBefore = RegistrationTest.values(w.models.unet().imageUNet().parameters());
                    Run fp16 = run(r, initial, s, w);
                    assertTrue(r.checkpointed(), "a half-precision UNet is differentiated block by block");
                    assertTrue(fp16.during().stream().allMatch(p -> p == Precision.FP16),
                            "the UNet stays in fp16 during the registration: " + fp16.during());
                    System.out.printf("registration through an fp16 tiny video UNet, 3 iterations: losses %s (fp32 %s), "
                            + "gradient norms %s (fp32 %s)%n", fp16.losses(), fp32.losses(), fp16.norms(), fp32.norms());
                    for (int i = 0; i < 3; i++) {
                        assertClose(fp32.losses().get(i), fp16.losses().get(i), "loss " + i);
                        assertClose(fp32.norms().get(i), fp16.norms().get(i), "gradient norm " + i);
                    }
                    assertEquals(fp32.trained().keySet(), fp16.trained().keySet());
                    w.models.unet().imageUNet().parameters().forEach((k, v) -> {
                        assertEquals(DataType.FLOAT16, v.getDataType(), k);
                        assertArrayEquals(unetBefore.get(k), v.toFloatArray(), 0f, k + " unchanged");
                    });
                }
            }
            return null;
        });
    }

    private static Run run(Registration r, MotionFeatureAdapter initial, Source s, TinyWorld w) {
        List<Float> losses = new ArrayList<>();
        List<Precision> during = new ArrayList<>();
        try (MotionFeatureAdapter trained = r.register(initial, s.latents(), s.prompt(), s.embeddings(),
                s.trajectories(), s.grid(), THREE, (it, t, loss, skip) -> {
                    losses.add(loss);
                    during.add(w.models.unet().precision());
                }, new NullProgressMonitor())) {
            trained.parameters().forEach((k, v) -> assertEquals(DataType.FLOAT32, v.getDataType(), k + " trains in fp32"));
            return new Run(losses, r.gradientNorms(), during, RegistrationTest.values(trained.parameters()));
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Double.isFinite(actual) && Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected),
                what + ": fp16 " + actual + " against fp32 " + expected);
    }
}
