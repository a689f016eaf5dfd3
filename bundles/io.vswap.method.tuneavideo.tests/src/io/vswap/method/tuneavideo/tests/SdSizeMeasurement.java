package io.vswap.method.tuneavideo.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.method.tuneavideo.internal.InflatedUNet;
import io.vswap.method.tuneavideo.internal.OneShotTuning;
import io.vswap.testing.TestServices;

/**
 * Not part of the suite (minutes, ~15 GB): Tune-A-Video's stages at Stable Diffusion 1.5 size with random
 * weights (SD 1.5's UNet configuration inflated as the method inflates it, 64×64 latents = 512² frames,
 * 77-token prompts) on {@code -Dvswap.measure.frames} frames (default 2): one inversion step and one edit
 * step (both halves of guidance) of the inflated UNet, then one tuning step (forward and backward over the
 * clip, AdamW on the query projections and temporal layers), each with its wall seconds and the process's
 * peak RSS during the pass (VmHWM after a reset through /proc/self/clear_refs; JVM, weights and what the
 * allocator kept included). Its name keeps it out of the suite: run it by name,
 * {@code -Dtest=SdSizeMeasurement}; docs/results/2026-12-07-methods.md quotes it.
 */
class SdSizeMeasurement {

    /** runwayml/stable-diffusion-v1-5 unet/config.json (as io.vswap.bench's). */
    static final String SD15 = """
            {"_class_name": "UNet2DConditionModel", "act_fn": "silu", "attention_head_dim": 8,
             "block_out_channels": [320, 640, 1280, 1280], "center_input_sample": false, "cross_attention_dim": 768,
             "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
             "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4, "layers_per_block": 2,
             "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32, "out_channels": 4, "sample_size": 64,
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]}
            """;

    @Test
    void oneStepOfEachStage() throws Exception {
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        int[] frameCounts = java.util.Arrays.stream(System.getProperty("vswap.measure.frames", "2").split(","))
                .mapToInt(Integer::parseInt).toArray();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(UNet2DConditionConfig.parse(SD15))) {
                long t0 = System.nanoTime();
                unet.initialize(root, 1);
                System.out.printf(Locale.ROOT, "sd-size tav: SD 1.5 UNet, random weights, init %.1f s, RSS %.2f GB, "
                        + "load %s%n", (System.nanoTime() - t0) / 1e9, proc("VmRSS"), load());
                for (int frames : frameCounts) {
                    measure(rt, root, unet, frames);
                }
            }
            return null;
        });
    }

    private static void measure(TensorRuntime rt, NDManager root, UNetModel unet, int frames) throws Exception {
        try (NDManager m = root.newSubManager(); InflatedUNet inflated = new InflatedUNet(unet, m, 1)) {
            NDArray latents = m.randomNormal(new Shape(frames, 4, 64, 64));
            NDArray prompt = m.randomNormal(new Shape(1, 77, 768));
            NDArray uncond = m.randomNormal(new Shape(1, 77, 768));
            NDArray text = prompt.repeat(0, frames);
            NDArray utext = uncond.repeat(0, frames);
            inflated.install(frames);
            reset();
            long t0 = System.nanoTime();
            try (NDManager s = m.newSubManager()) {
                NDArray x = latents.duplicate();
                x.attach(s);
                unet.forward(x, new float[] { 500 }, utext).toFloatArray();
            }
            line(frames, "inversion step (sparse-causal + temporal attention)", (System.nanoTime() - t0) / 1e9);
            reset();
            t0 = System.nanoTime();
            try (NDManager s = m.newSubManager()) {
                NDArray x = latents.duplicate();
                x.attach(s);
                unet.forward(x, new float[] { 500 }, utext).toFloatArray();
                unet.forward(x, new float[] { 500 }, text).toFloatArray();
            }
            line(frames, "edit step (both halves of guidance, apart)", (System.nanoTime() - t0) / 1e9);
            inflated.uninstall();
            reset();
            t0 = System.nanoTime();
            OneShotTuning.Result r = new OneShotTuning(NoiseSchedule.stableDiffusion(), rt).tune(inflated, latents, prompt,
                    new OneShotTuning.Options(1, 3e-5, 0.01, 33, 0), null, (step, steps, t, loss, skipped) -> {
                    }, (done, updates, w, mo, losses) -> {
                    }, new NullProgressMonitor());
            line(frames, "tuning step (forward + backward + AdamW; replays " + r.replays() + ", skipped " + r.skipped()
                    + ", gradient self-check included)", (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void line(int frames, String what, double seconds) throws Exception {
        System.out.printf(Locale.ROOT, "sd-size tav: %d frames, %s: %.1f s, peak RSS %.2f GB (load %s)%n", frames, what,
                seconds, proc("VmHWM"), load());
    }

    static void reset() {
        System.gc();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception e) {
            // peaks then since the start
        }
    }

    static double proc(String key) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(key + ":")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024 / 1e9;
            }
        }
        return Double.NaN;
    }

    static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
