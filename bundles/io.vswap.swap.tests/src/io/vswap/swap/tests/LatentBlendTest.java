package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.swap.internal.LatentBlend;
import io.vswap.swap.internal.SubjectAttention;
import io.vswap.swap.internal.VideoSwapPipeline;

/** §6.1: subject masks from cross-attention, their union, and a blend that keeps the background bit for bit. */
class LatentBlendTest {

    @Test
    void masksAreNormalisedPerFrameThenThresholdedAndUnited() {
        // two frames of 4 cells; frame 1 is frame 0 scaled and shifted: the same mask after normalisation
        float[] map = { 0.1f, 0.2f, 0.5f, 1.1f, 10f, 20f, 50f, 110f };
        boolean[] m = LatentBlend.mask(map, 2, 0.3);
        // (x - 0.1) / 1.0: 0, 0.1, 0.4, 1
        assertArrayEquals(new boolean[] { false, false, true, true, false, false, true, true }, m);
        float[] flat = { 3, 3, 3, 3 };
        assertArrayEquals(new boolean[4], LatentBlend.mask(flat, 1, 0.3), "a flat map marks nothing");
        assertArrayEquals(new boolean[] { true, true, false, true },
                LatentBlend.union(new boolean[] { true, false, false, true }, new boolean[] { false, true, false, true }));
    }

    @Test
    void blendKeepsTheInvertedLatentsExactlyWhereTheMaskIsZero() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                Shape s = new Shape(3, 4, 8, 8);
                NDArray inv = SeededNoise.normal(m, 1, s).mul(1e-3).add(7.123456f); // values with many mantissa bits
                NDArray den = SeededNoise.normal(m, 2, s).mul(1e5);
                boolean[] mask = new boolean[3 * 64];
                Random r = new Random(3);
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = r.nextDouble() < 0.3;
                }
                float[] out = LatentBlend.blend(inv, den, mask, m).toFloatArray();
                float[] a = inv.toFloatArray();
                float[] b = den.toFloatArray();
                int kept = 0;
                for (int f = 0; f < 3; f++) {
                    for (int c = 0; c < 4; c++) {
                        for (int p = 0; p < 64; p++) {
                            int i = (f * 4 + c) * 64 + p;
                            boolean subject = mask[f * 64 + p];
                            assertEquals(Float.floatToIntBits(subject ? b[i] : a[i]), Float.floatToIntBits(out[i]),
                                    "frame " + f + " channel " + c + " cell " + p);
                            kept += subject ? 0 : 1;
                        }
                    }
                }
                assertTrue(kept > 0 && kept < out.length);
            }
            return null;
        });
    }

    @Test
    void subjectAttentionGivesOneNormalisableMapPerFrameAtLatentSize() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                VideoSwapPipeline p = new VideoSwapPipeline(w.models, io.vswap.swap.api.VideoSwapSettings.DEFAULTS);
                NDArray latents = p.encode(TinyWorld.frames(), w.root);
                String prompt = "a red square moving";
                NDArray text = p.embedText(prompt, w.root);
                int[] tokens = p.tokens(prompt, "square");
                assertArrayEquals(new int[] { 5, 6, 7, 8, 9, 10 }, tokens, "bos, a, r e d, s q u a r e: one letter a token");
                SubjectAttention watcher = new SubjectAttention(16, 16, 16);
                w.models.unet().setAttentionProcessor(watcher);
                {
                    watcher.watch(tokens, 32, 0);
                    NDArray plain;
                    NDArray watched = w.models.unet().forward(latents, 16, new float[] { 500 }, text.repeat(0, 16), null);
                    float[] map = watcher.take();
                    assertEquals(16 * 16 * 16, map.length);
                    for (float v : map) {
                        assertTrue(v >= 0 && v <= 1, "an average of probabilities: " + v);
                    }
                    boolean[] mask = LatentBlend.mask(map, 16, 0.3);
                    int on = 0;
                    for (boolean b : mask) {
                        on += b ? 1 : 0;
                    }
                    assertTrue(on > 0 && on < mask.length, on + " of " + mask.length + " cells marked");
                    w.models.unet().setAttentionProcessor(DotProductAttention.DEFAULT);
                    plain = w.models.unet().forward(latents, 16, new float[] { 500 }, text.repeat(0, 16), null);
                    // the watched cross-attention layers compute their maps whole, the others run PyTorch's
                    // scaled-dot-product attention: the same numbers to float rounding (AttentionMemoryTest)
                    float scale = plain.abs().max().getFloat();
                    assertTrue(plain.sub(watched).abs().max().getFloat() <= 1e-5f * scale,
                            "watching does not change attention");
                    // a half-precision model: the fp32 probabilities meet fp16 values (this failed every
                    // fp16 swap after its registration until the watcher went through weighted())
                    w.models.unet().setPrecision(io.vswap.diffusion.api.Precision.FP16);
                    w.models.unet().setAttentionProcessor(watcher);
                    watcher.watch(tokens, 32, 0);
                    NDArray half = w.models.unet().forward(latents, 16, new float[] { 500 }, text.repeat(0, 16), null);
                    assertEquals(16 * 16 * 16, watcher.take().length);
                    assertTrue(io.vswap.diffusion.api.Precision.relativeError(half, watched) < 0.05,
                            "fp16 close to fp32: " + io.vswap.diffusion.api.Precision.relativeError(half, watched));
                    w.models.unet().setAttentionProcessor(DotProductAttention.DEFAULT);
                    w.models.unet().setPrecision(io.vswap.diffusion.api.Precision.FP32);
                }
            }
            return null;
        });
    }
}
