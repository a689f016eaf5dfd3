package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VaeImageProcessor;

/**
 * The one image↔tensor conversion (diffusers' {@code VaeImageProcessor}), exact values: no diffusers
 * here to make a reference fixture from, so the expected numbers are its formulas worked by hand.
 */
class VaeImageProcessorTest {

    @Test
    void normalizeAndDenormalizeAreDiffusersFormulasAndDenormalizeClamps() {
        assertArrayEquals(new float[] { -1, -0.5f, 0, 0.5f, 1 },
                VaeImageProcessor.normalize(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }));
        // a VAE's output overshoots [-1, 1]: clamped to [0, 1] on the way back
        assertArrayEquals(new float[] { 0, 0, 0.25f, 0.5f, 1, 1 },
                VaeImageProcessor.denormalize(new float[] { -3, -1, -0.5f, 0, 1, 1.25f }));
        float[] in = { 0.1f, 0.3f };
        VaeImageProcessor.normalize(in);
        assertArrayEquals(new float[] { 0.1f, 0.3f }, in, "the input is left as it was");
    }

    @Test
    void eightBitValuesScaleBy255AndRoundHalfUp() {
        assertArrayEquals(new float[] { 0, 1 / 255f, 128 / 255f, 1 },
                VaeImageProcessor.pilToNumpy(new byte[] { 0, 1, (byte) 128, (byte) 255 }));
        // 0.5 · 255 = 127.5 rounds up (numpy's round would give 128 too: 128 is even); out of range clamps
        assertArrayEquals(new byte[] { 0, (byte) 128, 51, (byte) 255, 0, (byte) 255 },
                VaeImageProcessor.numpyToPil(new float[] { 0, 0.5f, 0.2f, 1, -0.1f, 1.7f }));
    }

    @Test
    void preprocessLaysHwcImagesOutAsNchwInMinusOneToOne() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        // two images of 2×1 (width 2, height 1): pixel p, channel c at HWC index 3p + c
        float[] a = { 0, 0.25f, 0.5f, 0.75f, 1, 0.5f };
        float[] b = { 1, 1, 1, 0, 0, 0 };
        Object[] got = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = VaeImageProcessor.preprocess(m, List.of(a, b), 2, 1);
                return new Object[] { x.getShape(), x.toFloatArray() };
            }
        });
        assertEquals(new Shape(2, 3, 1, 2), got[0]);
        // image a: R of both pixels, then G, then B; each 2x - 1
        float[] expected = { -1, 0.5f, -0.5f, 1, 0, 0, 1, -1, 1, -1, 1, -1 };
        assertArrayEquals(expected, (float[]) got[1]);
        assertThrows(IllegalArgumentException.class, () -> rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                return VaeImageProcessor.preprocess(m, List.of(new float[5]), 2, 1);
            }
        }));
    }

    @Test
    void postprocessLaysNchwOutAsHwcClampedToZeroOne() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        // one image 2×1: R = {-3, 0}, G = {1, 3}, B = {-0.5, 0.5}
        float[] nchw = { -3, 0, 1, 3, -0.5f, 0.5f };
        List<float[]> got = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                return VaeImageProcessor.postprocess(m.create(nchw, new Shape(1, 3, 1, 2)));
            }
        });
        assertEquals(1, got.size());
        assertArrayEquals(new float[] { 0, 1, 0.25f, 0.5f, 1, 0.75f }, got.get(0));
    }

    @Test
    void everyEightBitValueSurvivesTheRoundTrip() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        // 256 values as an image of 16×16 pixels whose channels are shifted copies
        byte[] rgb = new byte[16 * 16 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((i % 3) * 85 + i / 3);
        }
        List<byte[]> back = rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = VaeImageProcessor.preprocessRgb(m, List.of(rgb, rgb), 16, 16);
                return VaeImageProcessor.postprocessRgb(x);
            }
        });
        assertEquals(2, back.size());
        assertArrayEquals(rgb, back.get(0));
        assertArrayEquals(rgb, back.get(1));
    }
}
