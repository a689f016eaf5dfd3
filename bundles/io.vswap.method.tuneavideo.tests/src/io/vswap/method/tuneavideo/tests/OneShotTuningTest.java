package io.vswap.method.tuneavideo.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.method.tuneavideo.internal.InflatedUNet;
import io.vswap.method.tuneavideo.internal.OneShotTuning;
import io.vswap.method.tuneavideo.internal.TuneAVideoSettings;
import io.vswap.method.tuneavideo.internal.TunedWeightsCache;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/**
 * The inflation and the one-shot tuning on the shipped sample model (a fixture: its own weights are
 * never changed; the tests check that they come back as they were) and a sample clip: the inflated UNet
 * with fresh temporal layers computes what it does without them, and on a one-frame clip what the
 * image UNet does; a few tuning steps lower the tuning loss at fixed draws; the tuned weights go to the
 * cache and come back the same; a tuning resumed from its half-way checkpoint reaches the very weights
 * of a run that went through (a cancelled one saves the same state: {@code TuneAVideoEditTest}).
 */
class OneShotTuningTest {

    private static final int FRAMES = 6;
    private static final int STEPS = 8;
    private static final SampleSpec SPEC = new SampleSpec(SubjectShape.STAR, SubjectColor.RED,
            BackgroundPattern.STRIPES, BackgroundColor.GREY);
    private static final int[] EVAL_TIMESTEPS = { 200, 500, 800 };

    @Test
    void freshInflationChangesNothingAndTuningLowersTheLossSavesAndResumes(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        ModelProvider provider = TestServices.await(ModelProvider.class);
        SampleClip clip = SampleWorld.clip(5, 64, FRAMES, SPEC);
        List<RgbFrame> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            frames.add(new RgbFrame(f, 64, 64, clip.frameRgb(f)));
        }
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root)) {
                UNetModel unet = model.unet().imageUNet();
                NDArray latents = model.vae().encodeFrames(root, frames.stream().map(RgbFrame::rgb).toList(), 64, 64);
                NDArray prompt = model.textEncoder().encode(root, new int[][] { model.tokenizer().encode(clip.caption()) });
                NDArray text = prompt.repeat(0, FRAMES);
                NDArray zt = model.schedule().addNoise(latents, SeededNoise.normal(root, 3, latents.getShape()), 500);
                float[] plain = unet.forward(zt, new float[] { 500 }, text).toFloatArray();

                // fresh: the temporal layers add nothing, and one frame alone is the image UNet's pass
                try (InflatedUNet inflated = new InflatedUNet(unet, root, 1)) {
                    inflated.install(FRAMES);
                    float[] withTemporal = unet.forward(zt, new float[] { 500 }, text).toFloatArray();
                    inflated.useTemporalLayers(false);
                    inflated.install(FRAMES);
                    assertArrayEquals(unet.forward(zt, new float[] { 500 }, text).toFloatArray(), withTemporal, 1e-5f);
                    inflated.install(1);
                    NDIndex first = new NDIndex("0:1");
                    assertArrayEquals(java.util.Arrays.copyOf(plain, plain.length / FRAMES),
                            unet.forward(zt.get(first), new float[] { 500 }, text.get(first)).toFloatArray(), 1e-5f);
                }

                OneShotTuning tuning = new OneShotTuning(model.schedule(), rt);
                TuneAVideoSettings s = new TuneAVideoSettings(STEPS, 1e-4, 0.01, 0, true, 10, 10, 7.5, 5);
                // a checkpoint half-way (into its own cache folder), the finished tuning at the end
                OneShotTuning.Options options = new OneShotTuning.Options(STEPS, s.learningRate(), s.weightDecay(),
                        s.seed(), STEPS / 2);
                TunedWeightsCache cache = new TunedWeightsCache(new PreprocessingCache(dir, "test-model"), frames,
                        clip.caption(), s);
                TunedWeightsCache half = new TunedWeightsCache(new PreprocessingCache(dir.resolve("half"), "test-model"),
                        frames, clip.caption(), s);
                OneShotTuning.Checkpoint save = (done, updates, weights, moments, losses) -> (done < STEPS ? half : cache)
                        .writeTuned(STEPS, done, updates, weights, moments, losses);
                float before, after;
                Map<String, float[]> straight = new java.util.LinkedHashMap<>();
                long t0 = System.nanoTime();
                try (InflatedUNet inflated = new InflatedUNet(unet, root, s.seed())) {
                    before = tuning.loss(inflated, latents, prompt, EVAL_TIMESTEPS, 99);
                    OneShotTuning.Result r = tuning.tune(inflated, latents, prompt, options, null,
                            (step, steps, t, loss, skipped) -> { }, save, new NullProgressMonitor());
                    after = tuning.loss(inflated, latents, prompt, EVAL_TIMESTEPS, 99);
                    assertEquals(STEPS, r.losses().size());
                    inflated.trainable().forEach((k, a) -> straight.put(k, a.toFloatArray()));
                }
                double perStep = (System.nanoTime() - t0) / 1e9 / STEPS;
                System.out.printf(Locale.ROOT, "Tune-A-Video tuning on the sample model, %d frames of 64x64: loss at "
                        + "fixed draws %.5f -> %.5f after %d steps (lr %.0e), %.2f s per step%n", FRAMES, before, after,
                        STEPS, s.learningRate(), perStep);
                assertTrue(after < before, "tuning lowers the loss: " + before + " -> " + after);

                // the saved weights come back: the same weights, the same loss
                OneShotTuning.Resume saved = cache.readTuned();
                assertNotNull(saved);
                assertEquals(STEPS, saved.stepsDone());
                try (InflatedUNet again = new InflatedUNet(unet, root, 12345)) {
                    again.load(saved.weights());
                    again.trainable().forEach((k, a) -> assertArrayEquals(straight.get(k), a.toFloatArray(), 0f, k));
                    assertEquals(after, tuning.loss(again, latents, prompt, EVAL_TIMESTEPS, 99), 1e-6f);
                }

                // resumed from the half-way state (weights, moments, losses): the very weights of the straight run
                OneShotTuning.Resume halfWay = half.readTuned();
                assertEquals(STEPS / 2, halfWay.stepsDone());
                try (InflatedUNet inflated = new InflatedUNet(unet, root, s.seed())) {
                    OneShotTuning.Result r = tuning.tune(inflated, latents, prompt, options, halfWay,
                            (step, steps, t, loss, skipped) -> { }, (done, updates, weights, moments, losses) -> { },
                            new NullProgressMonitor());
                    assertEquals(STEPS / 2, r.resumedFrom());
                    assertEquals(STEPS, r.losses().size());
                    inflated.trainable().forEach((k, a) -> assertArrayEquals(straight.get(k), a.toFloatArray(), 1e-6f,
                            k));
                }

                // the caller's model leaves as it came: its query projections and its own attention
                assertArrayEquals(plain, unet.forward(zt, new float[] { 500 }, text).toFloatArray(), 0f);
            }
            return null;
        });
    }
}
