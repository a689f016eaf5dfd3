package io.vswap.method.cove.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.method.cove.internal.SourceInjection;
import io.vswap.testing.TestServices;

/**
 * COVE's feature injection on a real (small, seeded) UNet: a source pass records the decoder's
 * self-attention queries and keys, then an edit pass over two groups of a two-frame clip, {@code [edit;
 * source]}, attends with them. The source group then gives exactly the source pass's prediction (its
 * own queries and keys come back, repeated group by group in frame order), the edit group differs from
 * its own plain prediction (its decoder attends where the source's did), and in pass-through the
 * processor is the plain attention.
 */
class SourceInjectionTest {

    private static final String SMALL = """
            {"_class_name": "UNet2DConditionModel", "act_fn": "silu", "attention_head_dim": 2,
             "block_out_channels": [16, 32], "center_input_sample": false, "cross_attention_dim": 16,
             "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "downsample_padding": 1,
             "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4, "layers_per_block": 1,
             "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 8, "out_channels": 4, "sample_size": 8,
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"]}
            """;

    @Test
    void theSourceGroupIsReproducedAndTheEditAttendsWhereTheSourceDid() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        double[] d = rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNet2DConditionConfig.parse(SMALL))) {
                unet.initialize(root, 3);
                NDArray source = SeededNoise.normal(root, 1, new Shape(2, 4, 8, 8)); // two frames
                NDArray edit = SeededNoise.normal(root, 2, new Shape(2, 4, 8, 8));
                NDArray text = SeededNoise.normal(root, 3, new Shape(2, 5, 16));
                float[] t = { 500 };
                NDArray plainSource = unet.forward(source, t, text);
                NDArray plainEdit = unet.forward(edit, t, text);
                SourceInjection injection = new SourceInjection(DotProductAttention.DEFAULT);
                for (var layer : unet.attentionLayers()) {
                    if (!layer.crossAttention()) {
                        unet.setAttentionProcessor(layer.name(), injection);
                    }
                }
                injection.record(root);
                NDArray recorded = unet.forward(source, t, text);
                injection.inject();
                NDArray both = unet.forward(NDArrays.concat(new NDList(edit, source)),
                        t, NDArrays.concat(new NDList(text, text)));
                NDList halves = both.split(2, 0);
                injection.pass();
                NDArray passed = unet.forward(edit, t, text);
                unet.setAttentionProcessor(DotProductAttention.DEFAULT);
                return new double[] { max(recorded.sub(plainSource)), max(halves.get(1).sub(plainSource)),
                        max(halves.get(0).sub(plainEdit)), max(passed.sub(plainEdit)), max(plainEdit) };
            }
        });
        System.out.printf(Locale.ROOT, "source injection, small seeded UNet: recording %.2g, source group %.2g, edit "
                + "group moved %.3g, pass-through %.2g (prediction scale %.3g)%n", d[0], d[1], d[2], d[3], d[4]);
        assertTrue(d[0] < 1e-5 * d[4], "recording changes the source pass by " + d[0]);
        assertTrue(d[1] < 1e-5 * d[4], "the source group under injection: " + d[1]);
        assertTrue(d[2] > 1e-3 * d[4], "the edit group is unchanged by the injection: " + d[2]);
        assertTrue(d[3] < 1e-5 * d[4], "pass-through: " + d[3]);
    }

    @Test
    void onlyTheDecodersSelfAttentionIsInjected() {
        assertTrue(SourceInjection.injected(new AttentionLayer("up_blocks.1.attentions.0.transformer_blocks.0.attn1",
                false, 8, 40)));
        assertTrue(!SourceInjection.injected(new AttentionLayer("up_blocks.1.attentions.0.transformer_blocks.0.attn2",
                true, 8, 40)));
        assertTrue(!SourceInjection.injected(new AttentionLayer("down_blocks.0.attentions.0.transformer_blocks.0.attn1",
                false, 8, 40)));
        assertTrue(!SourceInjection.injected(new AttentionLayer("mid_block.attentions.0.transformer_blocks.0.attn1",
                false, 8, 40)));
    }

    private static double max(NDArray a) {
        return a.abs().max().getFloat();
    }
}
