package io.vswap.method.tuneavideo.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.method.tuneavideo.internal.InflatedUNet;
import io.vswap.method.tuneavideo.internal.OneShotTuning;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/**
 * Not part of the suite (minutes): how far the one-shot tuning moves the tuning loss at fixed draws
 * (6 timesteps, the same noise) on a sample clip, for each {@code learningRate:steps} run listed in
 * {@code -Dvswap.measure.runs} (each from the shipped model, which is not changed), and its seconds per
 * step. Run with {@code -Dvswap.measure=tuning-steps} ({@code -Dvswap.measure.frames}, default 8); what
 * docs/tuneavideo.md's "Steps on the tiny model" quotes.
 */
@EnabledIfSystemProperty(named = "vswap.measure", matches = "tuning-steps")
class TuningStepsMeasurement {

    @Test
    void lossAtFixedDrawsAfterEachRun() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        ModelProvider provider = TestServices.await(ModelProvider.class);
        int frames = Integer.getInteger("vswap.measure.frames", 8);
        SampleClip clip = SampleWorld.clip(5, 64, frames, new SampleSpec(SubjectShape.STAR, SubjectColor.RED,
                BackgroundPattern.STRIPES, BackgroundColor.GREY));
        List<RgbFrame> source = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            source.add(new RgbFrame(f, 64, 64, clip.frameRgb(f)));
        }
        int[] timesteps = { 100, 250, 400, 550, 700, 850 };
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root)) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                NDArray latents = dm.encodeFrames(source, root);
                NDArray prompt = dm.embedPrompt(clip.caption(), root);
                OneShotTuning tuning = new OneShotTuning(model.schedule(), rt);
                for (String run : System.getProperty("vswap.measure.runs", "3e-5:25,3e-5:50,3e-5:100").split(",")) {
                    double lr = Double.parseDouble(run.split(":")[0]);
                    int steps = Integer.parseInt(run.split(":")[1]);
                    try (InflatedUNet inflated = new InflatedUNet(model.unet().imageUNet(), root, 33)) {
                        float before = tuning.loss(inflated, latents, prompt, timesteps, 99);
                        long t0 = System.nanoTime();
                        OneShotTuning.Result r = tuning.tune(inflated, latents, prompt, new OneShotTuning.Options(steps,
                                lr, 0.01, 33, 0), null, (s, n, t, l, skipped) -> { }, (d, u, w, m, l) -> { },
                                new NullProgressMonitor());
                        double perStep = (System.nanoTime() - t0) / 1e9 / steps;
                        float after = tuning.loss(inflated, latents, prompt, timesteps, 99);
                        System.out.printf(Locale.ROOT, "MEASURE lr %.0e, %d steps, %d frames: loss at fixed draws %.5f "
                                + "-> %.5f (%+.1f %%); mean of the first 10 steps %.5f, of the last 10 %.5f; %.2f s per "
                                + "step%n", lr, steps, frames, before, after, 100.0 * (after - before) / before,
                                r.meanOfFirst(10), r.meanOfLast(10), perStep);
                    }
                }
            }
            return null;
        });
    }
}
