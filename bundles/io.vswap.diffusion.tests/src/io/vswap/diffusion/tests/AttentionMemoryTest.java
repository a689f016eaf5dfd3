package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.AttentionKernel;
import io.vswap.diffusion.api.AttentionSlicing;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.FeedForwardChunking;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;

/**
 * Attention within a memory budget (sliced attention) gives today's numbers and gradients, and a
 * UNet pass keeps only its output alive in the caller's manager.
 */
class AttentionMemoryTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void slicesOfHeadsOrRowsGiveTheSameNumbersAndGradients() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                for (int keys : new int[] { 200, 77 }) { // self-attention, and cross-attention over a prompt
                    Shape q = new Shape(6, 200, 8);
                    Shape kv = new Shape(6, keys, 8);
                    long row = (long) keys * Float.BYTES;
                    // -1: PyTorch's scaled-dot-product attention
                    long[] budgets = { Long.MAX_VALUE, 2 * 200 * row, 200 * row, 37 * row, row / 2, -1 };
                    float[][] whole = null;
                    for (long budget : budgets) {
                        float[][] got = attentionAndGradients(m, q, kv, budget);
                        if (whole == null) {
                            whole = got;
                            continue;
                        }
                        String what = keys + " keys, " + (budget < 0 ? "SDPA" : "budget " + budget + " B");
                        assertClose(whole[0], got[0], what + ": output");
                        assertClose(whole[1], got[1], what + ": dQ");
                        assertClose(whole[2], got[2], what + ": dK");
                        assertClose(whole[3], got[3], what + ": dV");
                    }
                }
            }
            return null;
        });
    }

    /** {out, dQ, dK, dV} of {@code sum(attention(q, k, v) · w)} for seeded inputs. */
    private static float[][] attentionAndGradients(NDManager parent, Shape qs, Shape kvs, long budget) {
        try (NDManager m = parent.newSubManager()) {
            NDArray q = SeededNoise.normal(m, 11, qs);
            NDArray k = SeededNoise.normal(m, 12, kvs);
            NDArray v = SeededNoise.normal(m, 13, kvs);
            NDArray w = SeededNoise.normal(m, 14, qs);
            q.setRequiresGradient(true);
            k.setRequiresGradient(true);
            v.setRequiresGradient(true);
            float[] out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray o = budget < 0 ? withKernel(AttentionKernel.SDPA, () -> DotProductAttention.attention(q, k, v))
                        : DotProductAttention.attention(q, k, v, budget);
                assertEquals(qs, o.getShape());
                out = o.toFloatArray();
                gc.backward(o.mul(w).sum());
            }
            return new float[][] { out, q.getGradient().toFloatArray(), k.getGradient().toFloatArray(),
                    v.getGradient().toFloatArray() };
        }
    }

    private static <T> T withKernel(AttentionKernel kernel, java.util.function.Supplier<T> work) {
        String before = System.getProperty(AttentionKernel.PROPERTY);
        System.setProperty(AttentionKernel.PROPERTY, kernel.id());
        try {
            return work.get();
        } finally {
            restore(AttentionKernel.PROPERTY, before);
        }
    }

    /** Max absolute difference within {@link #TOLERANCE} of the largest magnitude. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= TOLERANCE * scale, what + ": max difference " + diff + " against max " + scale);
    }

    @Test
    void theSettingIsAutoOffOrMebibytes() {
        String before = System.getProperty(AttentionSlicing.PROPERTY);
        try {
            System.setProperty(AttentionSlicing.PROPERTY, "off");
            assertEquals(Long.MAX_VALUE, AttentionSlicing.budgetBytes(Device.cpu()));
            System.setProperty(AttentionSlicing.PROPERTY, "256");
            assertEquals(256L << 20, AttentionSlicing.budgetBytes(Device.cpu()));
            System.setProperty(AttentionSlicing.PROPERTY, "auto");
            long auto = AttentionSlicing.budgetBytes(Device.cpu());
            assertTrue(auto >= 64L << 20 && auto <= 1L << 30, "auto budget " + auto);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AttentionSlicing.requireValid("lots"));
            assertTrue(e.getMessage().contains("auto, off or a number of MiB"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> AttentionSlicing.requireValid("0"));
            AttentionSlicing.requireValid("AUTO");
        } finally {
            restore(AttentionSlicing.PROPERTY, before);
        }
    }

    /**
     * The tiny UNet at 64×64 latents (4096 tokens, 64 MiB of scores per head): whole, in 64-row
     * slices (a 1 MiB budget) and through PyTorch's scaled-dot-product attention, the same output;
     * and a pass leaves only its output and the blocks' glue in the caller's manager.
     */
    @Test
    void aUnetPassGivesTheSameOutputWithEveryKernelAndLeavesOnlyItsOutput() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        String before = System.getProperty(AttentionSlicing.PROPERTY);
        try {
            rt.call(() -> {
                try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                    unet.initialize(root, 42);
                    try (NDManager inputs = root.newSubManager()) {
                        NDArray sample = SeededNoise.normal(inputs, 1, new Shape(1, 4, 64, 64));
                        NDArray text = SeededNoise.normal(inputs, 2, new Shape(1, 5, 32));
                        float[] whole;
                        try (NDManager step = inputs.newSubManager()) {
                            sample.tempAttach(step);
                            NDArray out = withKernel(AttentionKernel.WHOLE,
                                    () -> unet.forward(sample, new float[] { 261f }, text));
                            whole = out.toFloatArray();
                            // the skips, the blocks' glue and the output stay (65 arrays, 15.9 MB measured);
                            // every module's intermediates gone (unscoped: 578 arrays, 215.7 MB)
                            long bytes = step.getManagedArrays().stream().mapToLong(a -> a.size() * 4).sum();
                            assertTrue(bytes < 40e6, bytes + " bytes in " + step.getManagedArrays().size()
                                    + " arrays left in the step's manager after one pass");
                        }
                        System.setProperty(AttentionSlicing.PROPERTY, "1");
                        for (AttentionKernel k : new AttentionKernel[] { AttentionKernel.SLICED, AttentionKernel.SDPA,
                                AttentionKernel.AUTO }) {
                            try (NDManager step = inputs.newSubManager()) {
                                sample.tempAttach(step);
                                assertClose(whole, withKernel(k, () -> unet.forward(sample, new float[] { 261f }, text))
                                        .toFloatArray(), k.id() + " UNet pass");
                            }
                        }
                    }
                }
                return null;
            });
        } finally {
            restore(AttentionSlicing.PROPERTY, before);
        }
    }

    /**
     * The tiny UNet at 64×64 latents with its feed-forwards in chunks (a budget of 1 MiB: 1024 of the
     * 4096 tokens at 1 KB of hidden activations each, 512 at the next level): the same output and the
     * same gradient into its input as in one piece, and the setting refused in words when it is not a
     * budget.
     */
    @Test
    void feedForwardInChunksGivesTheSameOutputAndGradient() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        UNet2DConditionConfig c = UNetTest.tinyConfig();
        String before = System.getProperty(FeedForwardChunking.PROPERTY);
        try {
            rt.call(() -> {
                try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                    unet.initialize(root, 42);
                    float[][] whole = null;
                    for (String setting : new String[] { "off", "1" }) {
                        System.setProperty(FeedForwardChunking.PROPERTY, setting);
                        try (NDManager step = root.newSubManager()) {
                            NDArray sample = SeededNoise.normal(step, 1, new Shape(1, 4, 64, 64));
                            NDArray text = SeededNoise.normal(step, 2, new Shape(1, 5, 32));
                            NDArray w = SeededNoise.normal(step, 3, new Shape(1, 4, 64, 64));
                            sample.setRequiresGradient(true);
                            float[] out;
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray o = unet.forward(sample, new float[] { 261f }, text);
                                out = o.toFloatArray();
                                gc.backward(o.mul(w).sum());
                            }
                            float[][] got = { out, sample.getGradient().toFloatArray() };
                            if (whole == null) {
                                whole = got;
                            } else {
                                assertClose(whole[0], got[0], "chunked feed-forward: output");
                                assertClose(whole[1], got[1], "chunked feed-forward: input gradient");
                            }
                        }
                    }
                }
                return null;
            });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeedForwardChunking.requireValid("big"));
            assertEquals("feed-forward chunking 'big' is not auto, off or a number of MiB (at least 1), e.g. 256",
                    e.getMessage());
        } finally {
            restore(FeedForwardChunking.PROPERTY, before);
        }
    }

    @Test
    void theKernelIsNamedOrRefusedInWords() {
        assertEquals(AttentionKernel.SDPA, AttentionKernel.parse(" SDPA "));
        assertEquals(AttentionKernel.AUTO, AttentionKernel.parse(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionKernel.parse("flash"));
        assertEquals("attention 'flash' is not one of auto, sdpa, sliced, whole", e.getMessage());
    }

    /** Puts {@code property} back as it was ({@code before}: null when it was not set). */
    private static void restore(String property, String before) {
        if (before == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, before);
        }
    }
}
