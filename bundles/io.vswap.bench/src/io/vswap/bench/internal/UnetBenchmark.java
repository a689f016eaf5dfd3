package io.vswap.bench.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;

/**
 * Time of one UNet step at Stable Diffusion 1.5 size (random weights, 64×64 latents unless
 * {@code --latent} says otherwise, 77 text tokens, in {@code --precision}), beside one matrix product with the same FLOP count measured in the same run: the
 * ratio is the share of the engine's dense-matmul speed that the UNet achieves.
 */
final class UnetBenchmark {

    /** runwayml/stable-diffusion-v1-5 unet/config.json. */
    static final String SD15 = """
            {"_class_name": "UNet2DConditionModel", "act_fn": "silu", "attention_head_dim": 8,
             "block_out_channels": [320, 640, 1280, 1280], "center_input_sample": false, "cross_attention_dim": 768,
             "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
             "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4, "layers_per_block": 2,
             "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32, "out_channels": 4, "sample_size": 64,
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]}
            """;
    static final int LATENT = 64;
    static final int TOKENS = 77;

    private final List<Integer> batches;
    private final int steps;
    private final int latent;
    private final Precision precision;

    /** @param precision null: the runtime's */
    UnetBenchmark(List<Integer> batches, int steps, int latent, Precision precision) {
        this.batches = batches;
        this.steps = steps;
        this.latent = latent;
        this.precision = precision;
    }

    void run(PrintStream out) throws Exception {
        TensorRuntime rt = runtime();
        UNet2DConditionConfig c = UNet2DConditionConfig.parse(SD15);
        rt.call(() -> {
            Precision p = precision != null ? precision : rt.precision();
            try (NDManager root = rt.newManager(); UNetModel unet = UNetModel.create(c)) {
                long t0 = System.nanoTime();
                unet.setPrecision(p);
                unet.initialize(root, 1);
                out.printf(Locale.ROOT, "unet: SD 1.5 UNet, %,d parameters (%.2f GB %s), random init %.1f s, %s, %s, "
                        + "%s threads, VmRSS %.2f GB%n", unet.parameterCount(),
                        unet.parameterCount() * p.dataType().getNumOfBytes() / 1e9, p.id(),
                        (System.nanoTime() - t0) / 1e9, rt.engineDescription(), rt.device(),
                        System.getProperty("ai.djl.pytorch.num_threads", "default"), proc("VmRSS") / 1e9);
                List<double[]> perBatch = new ArrayList<>(); // {batch, seconds per step}
                for (int b : batches) {
                    double flops = flops(unet, c, b, latent);
                    double unetS = timeSteps(unet, root, b);
                    double refS = timeMatmul(root, flops, p);
                    perBatch.add(new double[] { b, unetS });
                    out.printf(Locale.ROOT, "unet step, %s, batch %d, %dx%d latents: %.2f s (%.2f s per image) | %.0f GFLOP "
                            + "-> %.1f GFLOP/s | one %d^3 %s matmul of the same FLOPs: %.2f s (%.1f GFLOP/s) | ratio %.2f | "
                            + "peak RSS %.2f GB%n", p.id(), b, latent, latent, unetS, unetS / b, flops / 1e9, flops / unetS / 1e9,
                            side(flops), p.id(), refS, flops / refS / 1e9, refS / unetS, proc("VmHWM") / 1e9);
                }
                double[] fit = fit(perBatch);
                out.printf(Locale.ROOT, "unet: EXTRAPOLATED (linear in batch from the rows above, no motion modules): "
                        + "2 x 16 frames = 32 images per step ~ %.0f s per step; 2 x 32 frames ~ %.0f s%n",
                        fit[0] + 32 * fit[1], fit[0] + 64 * fit[1]);
            }
            return null;
        });
    }

    /** Best of {@link #steps} timed forwards after one warm-up, each in its own sub-manager. */
    private double timeSteps(UNetModel unet, NDManager root, int batch) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i <= steps; i++) {
            try (NDManager step = root.newSubManager()) {
                NDArray x = SeededNoise.normal(step, 1, new Shape(batch, 4, latent, latent));
                NDArray text = SeededNoise.normal(step, 2, new Shape(batch, TOKENS, 768));
                long t0 = System.nanoTime();
                NDArray y = unet.forward(x, new float[] { 501 }, text);
                y.toFloatArray(); // make sure it ran
                double s = (System.nanoTime() - t0) / 1e9;
                if (i > 0) {
                    best = Math.min(best, s);
                }
            }
        }
        return best;
    }

    static int side(double flops) {
        return (int) Math.round(Math.cbrt(flops / 2));
    }

    /** Best of two square products with 2n³ ≈ {@code flops}, after a small warm-up. */
    private static double timeMatmul(NDManager root, double flops, Precision p) {
        int n = side(flops);
        double best = Double.MAX_VALUE;
        try (NDManager m = root.newSubManager()) {
            p.cast(m.randomUniform(-1, 1, new Shape(512, 512))).matMul(p.cast(m.randomUniform(-1, 1, new Shape(512, 512))))
                    .get(0, 0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
            NDArray a = p.cast(m.randomUniform(-1, 1, new Shape(n, n)));
            NDArray b = p.cast(m.randomUniform(-1, 1, new Shape(n, n)));
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.get(0, 0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
        }
        return best;
    }

    /**
     * Multiply-add FLOPs (2 per MAC) of convolutions, linear layers and the two attention products;
     * norms, activations and softmax are not counted (they are memory-bound and small in FLOPs).
     */
    static double flops(UNetModel unet, UNet2DConditionConfig c, int batch) {
        return flops(unet, c, batch, LATENT);
    }

    static double flops(UNetModel unet, UNet2DConditionConfig c, int batch, int latentSide) {
        int levels = c.blockOutChannels().size();
        double f = 0;
        for (Map.Entry<String, Shape> e : unet.parameterShapes().entrySet()) {
            String name = e.getKey();
            Shape s = e.getValue();
            if (!name.endsWith(".weight") || s.dimension() < 2) {
                continue;
            }
            long res = latentSide >> level(name, levels);
            if (s.dimension() == 4) {
                f += 2.0 * batch * res * res * s.size(); // per output pixel: k·k·in·out MACs
            } else {
                long tokens = name.startsWith("time_embedding") || name.contains("time_emb_proj") ? 1
                        : name.contains(".attn2.to_k") || name.contains(".attn2.to_v") ? TOKENS : res * res;
                f += 2.0 * batch * tokens * s.size();
            }
        }
        for (AttentionLayer a : unet.attentionLayers()) {
            long res = latentSide >> level(a.name(), levels);
            long n = res * res;
            long m = a.crossAttention() ? TOKENS : n;
            f += 2.0 * 2.0 * batch * n * m * a.heads() * a.headDim(); // Q·Kᵀ and P·V
        }
        return f;
    }

    /** The resolution level (0 = full latent size) a parameter's output lives at. */
    static int level(String name, int levels) {
        String[] p = name.split("\\.");
        if (p[0].equals("down_blocks")) {
            int i = Integer.parseInt(p[1]);
            return name.contains(".downsamplers.") ? i + 1 : i;
        }
        if (p[0].equals("mid_block")) {
            return levels - 1;
        }
        if (p[0].equals("up_blocks")) {
            int l = levels - 1 - Integer.parseInt(p[1]);
            return name.contains(".upsamplers.") ? l - 1 : l;
        }
        return 0;
    }

    /** Least squares {@code t = a + b · batch}; with one row, {@code a = 0}. */
    static double[] fit(List<double[]> rows) {
        if (rows.size() == 1) {
            return new double[] { 0, rows.get(0)[1] / rows.get(0)[0] };
        }
        double n = rows.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] r : rows) {
            sx += r[0];
            sy += r[1];
            sxx += r[0] * r[0];
            sxy += r[0] * r[1];
        }
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new double[] { (sy - b * sx) / n, b };
    }

    /** A field of /proc/self/status in bytes (VmRSS, VmHWM = peak RSS). */
    static long proc(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        return -1;
    }

    private static TensorRuntime runtime() throws InterruptedException {
        var ctx = FrameworkUtil.getBundle(UnetBenchmark.class).getBundleContext();
        ServiceTracker<TensorRuntime, TensorRuntime> t = new ServiceTracker<>(ctx, TensorRuntime.class, null);
        t.open();
        TensorRuntime r = t.waitForService(TimeUnit.SECONDS.toMillis(60));
        if (r == null) {
            throw new IllegalStateException("the tensor runtime (io.vswap.diffusion) did not start");
        }
        return r;
    }
}
