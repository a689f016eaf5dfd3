package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.internal.DiftEmbeddings;
import io.vswap.swap.internal.DiftEmbeddings.FeatureMaps;
import io.vswap.swap.internal.PointEmbeddings;
import io.vswap.swap.internal.VideoSwapPipeline;

/** §3.3: DIFT features sampled along the trajectories, averaged over visible frames, with the similarity check. */
class DiftEmbeddingsTest {

    @Test
    void bilinearSamplingIsExactOnALinearMap() {
        // one frame, 2 channels, 8x8 cells over a 32x32 clip: channel 0 = column index, channel 1 = row index
        float[] v = new float[2 * 64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                v[y * 8 + x] = x;
                v[64 + y * 8 + x] = y;
            }
        }
        FeatureMaps maps = new FeatureMaps(v, 1, 2, 8, 8);
        // pixel x lies at cell coordinate (x + 0.5) / 4 - 0.5
        float[] f = maps.sample(0, 13.5, 9.5, 32, 32);
        assertEquals(3.0f, f[0], 1e-6f);
        assertEquals(2.0f, f[1], 1e-6f);
        f = maps.sample(0, 15.5, 20.5, 32, 32);
        assertEquals(3.5f, f[0], 1e-6f);
        assertEquals(4.75f, f[1], 1e-6f);
        assertEquals(0f, maps.sample(0, 0, 0, 32, 32)[0], 0f, "clamped at the border");
    }

    @Test
    void aFrameUnlikeThePointsMeanIsNotVisibleAndLeavesTheMean() {
        // 4 frames, 3 channels, 2x2 cells over a 2x2 clip; the point sits on cell (0, 0) throughout
        int frames = 4;
        float[] v = new float[frames * 3 * 4];
        float[][] feature = { { 1, 0, 0 }, { 1, 0.1f, 0 }, { -1, 0, 0.2f }, { 0.9f, 0, 0 } }; // frame 2 points away
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < 3; c++) {
                v[(f * 3 + c) * 4] = feature[f][c];
            }
        }
        FeatureMaps maps = new FeatureMaps(v, frames, 3, 2, 2);
        double[] zero = new double[frames];
        boolean[] visible = { true, true, true, false }; // the tracker lost it on frame 3
        Trajectory t = new Trajectory(zero, zero.clone(), visible, new float[] { 1, 1, 1, 0 });
        DiftEmbeddings d = new DiftEmbeddings(null, null, 261, 1, 1, 0.35);
        PointEmbeddings e = d.embed(maps, Map.of("p", t), 2, 2);
        assertArrayEquals(new boolean[] { true, true, false, false }, e.visible()[0]);
        assertArrayEquals(new float[] { 1, 0.05f, 0 }, e.embeddings()[0], 1e-6f, "mean of frames 0 and 1");
    }

    @Test
    void tinyUNetEmbeddingsHaveTheUpBlocksWidthAndFollowTheSeed() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (TinyWorld w = TinyWorld.create(rt)) {
                VideoSwapSettings s = new VideoSwapSettings(50, 7.5, 0.5, 0.5, 0.3, 0.2, 261, 1, 2, 0.35, 0, 5e-4,
                        0.01, 0.2, 4, true, true, true, false, 0, 1, 16, 4, 1, 7);
                VideoSwapPipeline p = new VideoSwapPipeline(w.models, s);
                NDArray latents = p.encode(TinyWorld.frames(), w.root);
                assertEquals(new ai.djl.ndarray.types.Shape(16, 4, 16, 16), latents.getShape());
                Map<String, Trajectory> ts = TinyWorld.trajectories(TinyWorld.points());
                long start = System.nanoTime();
                PointEmbeddings e = p.embedPoints(latents, "square", ts, 64, 64);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("DIFT, tiny UNet, 16 frames 16x16 latents, ensemble 2: %.2f s%n", seconds);
                assertEquals(List.of("centre", "corner"), e.names());
                assertEquals(32, e.dimension(), "tiny up block 1 is the 32-channel level-0 block");
                assertFalse(e.visible()[1][5], "the tracker's hidden frames stay hidden");
                assertFalse(e.visible()[1][6]);
                int visibleCentre = 0;
                for (boolean b : e.visible()[0]) {
                    visibleCentre += b ? 1 : 0;
                }
                assertTrue(visibleCentre >= 8, "a point on a rigid square looks alike on most frames: " + visibleCentre);
                PointEmbeddings again = p.embedPoints(latents, "square", ts, 64, 64);
                assertArrayEquals(e.embeddings()[0], again.embeddings()[0], 0f, "same seed, same embedding");
                VideoSwapPipeline other = new VideoSwapPipeline(w.models, new VideoSwapSettings(50, 7.5, 0.5, 0.5,
                        0.3, 0.2, 261, 0, 2, 0.35, 0, 5e-4, 0.01, 0.2, 4, true, true, true, false, 0, 1, 16, 4, 1, 7));
                assertEquals(64, other.embedPoints(latents, "square", new LinkedHashMap<>(ts), 64, 64).dimension(),
                        "up block 0: the 64-channel level-1 block");
                // a window's worth of frames at a time (memory flat in the clip's length): the same embeddings
                DiftEmbeddings dift = new DiftEmbeddings(w.models.unet().imageUNet(), w.models.schedule(), 261, 1, 2,
                        0.35);
                NDArray prompt = p.embedText(DiftEmbeddings.prompt("square"), w.root);
                PointEmbeddings whole = dift.embed(dift.featureMaps(latents, prompt, 7), ts, 64, 64);
                PointEmbeddings chunked = dift.embed(latents, prompt, 7, 5, ts, 64, 64);
                for (int k = 0; k < 2; k++) {
                    assertArrayEquals(whole.embeddings()[k], chunked.embeddings()[k], 1e-5f, "point " + k);
                    assertArrayEquals(whole.visible()[k], chunked.visible()[k]);
                }
            }
            return null;
        });
    }
}
