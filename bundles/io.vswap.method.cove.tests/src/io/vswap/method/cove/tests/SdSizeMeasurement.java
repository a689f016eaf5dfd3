package io.vswap.method.cove.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.method.cove.internal.CorrespondenceAttention;
import io.vswap.method.cove.internal.CorrespondenceSearch;
import io.vswap.method.cove.internal.Correspondences;
import io.vswap.method.cove.internal.DiffusionFeatures;
import io.vswap.testing.TestServices;

/**
 * Not part of the suite (minutes, ~10 GB): COVE's stages at Stable Diffusion 1.5 size with random weights
 * (SD 1.5's UNet configuration, 64×64 latents = 512² frames, 77-token prompts), one pass each, on
 * {@code -Dvswap.measure.frames} frames (default 2): the diffusion-feature pass and the correspondence
 * search, one inversion step (one UNet pass over the clip) and one edit step (both halves of guidance),
 * each with the correspondence-guided attention (merge ratio 0.5) and without it (frame by frame), with
 * the wall seconds and the process's peak RSS during the pass (VmHWM after a reset through
 * /proc/self/clear_refs; it includes the JVM, the weights and what the allocator kept). Its name keeps it
 * out of the suite: run it by name, {@code -Dtest=SdSizeMeasurement}; docs/results/2026-12-07-methods.md
 * quotes it.
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
                System.out.printf(Locale.ROOT, "sd-size cove: SD 1.5 UNet, random weights, init %.1f s, RSS %.2f GB, "
                        + "load %s%n", (System.nanoTime() - t0) / 1e9, proc("VmRSS"), load());
                for (int frames : frameCounts) {
                    measure(rt, root, unet, frames);
                }
            }
            return null;
        });
    }

    private static void measure(TensorRuntime rt, NDManager root, UNetModel unet, int frames) throws Exception {
        try (NDManager m = root.newSubManager()) {
            NDArray latents = m.randomNormal(new Shape(frames, 4, 64, 64));
            NDArray prompt = m.randomNormal(new Shape(1, 77, 768));
            NDArray uncond = m.randomNormal(new Shape(1, 77, 768));
            NDArray text = prompt.repeat(0, frames);
            NDArray utext = uncond.repeat(0, frames);
            reset();
            long t0 = System.nanoTime();
            DiffusionFeatures features = DiffusionFeatures.extract(unet, NoiseSchedule.stableDiffusion(), latents, prompt,
                    261, 2, 0, new NullProgressMonitor());
            double featureS = (System.nanoTime() - t0) / 1e9;
            Map<String, Correspondences> c = features.correspond(DiffusionFeatures.grids(64, 64, 4),
                    new CorrespondenceSearch(9, 3), new NullProgressMonitor());
            double corrS = (System.nanoTime() - t0) / 1e9 - featureS;
            line(frames, "diffusion features (one pass to up block 2) + correspondence search", featureS + corrS,
                    String.format(Locale.ROOT, "features %.1f s, search %.1f s, %d grids", featureS, corrS, c.size()));
            CorrespondenceAttention cga = new CorrespondenceAttention(frames, c.values(), 0.5, false);
            for (boolean withCga : new boolean[] { false, true }) {
                install(unet, withCga ? cga : null);
                String what = withCga ? "with correspondence attention" : "frame by frame (own attention)";
                reset();
                t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    NDArray x = latents.duplicate();
                    x.attach(s);
                    unet.forward(x, new float[] { 500 }, text).toFloatArray();
                }
                line(frames, "inversion step, " + what, (System.nanoTime() - t0) / 1e9, "");
                reset();
                t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    NDArray x = latents.duplicate();
                    x.attach(s);
                    unet.forward(x, new float[] { 500 }, utext).toFloatArray();
                    unet.forward(x, new float[] { 500 }, text).toFloatArray();
                }
                line(frames, "edit step (both halves of guidance, apart), " + what, (System.nanoTime() - t0) / 1e9, "");
            }
            install(unet, null);
        }
    }

    private static void install(UNetModel unet, CorrespondenceAttention a) {
        if (a == null) {
            unet.setAttentionProcessor(DotProductAttention.DEFAULT);
            return;
        }
        for (AttentionLayer l : unet.attentionLayers()) {
            if (!l.crossAttention()) {
                unet.setAttentionProcessor(l.name(), a);
            }
        }
    }

    private static void line(int frames, String what, double seconds, String note) throws Exception {
        System.out.printf(Locale.ROOT, "sd-size cove: %d frames, %s: %.1f s, peak RSS %.2f GB (load %s) %s%n", frames,
                what, seconds, proc("VmHWM"), load(), note);
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
        String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return p[0];
    }
}
