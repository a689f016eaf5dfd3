package io.vswap.samples.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectChecker;

/**
 * The sample model's figures, measured against the sample world's ground truth with the
 * {@link SubjectChecker}: VAE reconstruction PSNR, DDIM inversion + reconstruction PSNR of clips,
 * and text-to-clip generation (is the asked shape in the asked colour there, frame by frame, and
 * does it move smoothly). Every sample comes from a seed, so a figure can be reproduced.
 * Tensor methods run inside the runtime's call.
 */
public final class SampleModelEvaluation {

    /** What was measured; {@code null} fields were not measured. */
    public record Figures(int samples, Double vaePsnr, Double vaePsnrMin, Double inversionPsnr, Double inversionPsnrMin,
            int inversionSteps, Double shapeAndColour, Double shapeOnly, Double colourOnly, Double found,
            Double meanCentroidJump, Double p95CentroidJump, int generationSteps, double guidance) {

        public String table() {
            StringBuilder b = new StringBuilder();
            b.append("| figure | measured | goal |\n|---|---|---|\n");
            if (vaePsnr != null) {
                b.append(String.format(Locale.ROOT, "| VAE reconstruction PSNR (%d images) | %.2f dB (min %.2f) | ≥ 30 dB |%n",
                        samples, vaePsnr, vaePsnrMin));
            }
            if (inversionPsnr != null) {
                b.append(String.format(Locale.ROOT,
                        "| DDIM inversion + reconstruction PSNR (%d clips × 16 frames, %d steps) | %.2f dB (min %.2f) | ≥ 28 dB |%n",
                        samples, inversionSteps, inversionPsnr, inversionPsnrMin));
            }
            if (shapeAndColour != null) {
                b.append(String.format(Locale.ROOT,
                        "| text-to-clip: asked shape in asked colour (%d clips × 16 frames, %d steps, guidance %.1f) | %.1f %% of frames | ≥ 90 %% |%n",
                        samples, generationSteps, guidance, 100 * shapeAndColour));
                b.append(String.format(Locale.ROOT, "| … asked shape (any colour) | %.1f %% | |%n", 100 * shapeOnly));
                b.append(String.format(Locale.ROOT, "| … asked colour (any shape) | %.1f %% | |%n", 100 * colourOnly));
                b.append(String.format(Locale.ROOT, "| … a subject found at all | %.1f %% | |%n", 100 * found));
                b.append(String.format(Locale.ROOT,
                        "| generated subject's centroid jump between frames (64×64) | mean %.2f px, 95th percentile %.2f px | ≤ 3 px |%n",
                        meanCentroidJump, p95CentroidJump));
            }
            return b.toString();
        }
    }

    private final VideoDiffusionModel model;
    private final int size;
    private final int frames;

    public SampleModelEvaluation(VideoDiffusionModel model, int size, int frames) {
        this.model = model;
        this.size = size;
        this.frames = frames;
    }

    /** Mean and minimum PSNR of {@code n} single images through encode (posterior mean) and decode. */
    public double[] vaePsnr(NDManager root, int n, long seed, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "VAE reconstruction", n);
        List<Double> psnr = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int done = 0; done < n; done += 16) {
            check(sub);
            int b = Math.min(16, n - done);
            try (NDManager m = root.newSubManager()) {
                List<float[]> src = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    src.add(SampleWorld.image(r.nextLong(), size).frame(0));
                }
                NDArray latents = model.vae().encode(toTensor(m, src), null);
                psnr.addAll(psnrs(src, toFrames(model.vae().decode(latents))));
            }
            sub.worked(b);
        }
        return summary(psnr);
    }

    /** Mean and minimum per-frame PSNR of clips DDIM-inverted with their caption and sampled back (no guidance). */
    public double[] inversionPsnr(NDManager root, int clips, int steps, long seed, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "DDIM inversion round trip", clips);
        DdimScheduler scheduler = DdimScheduler.stableDiffusion15().setTimesteps(steps);
        DdimInversion inversion = new DdimInversion(scheduler, 0);
        List<Double> psnr = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < clips; c++) {
            check(sub);
            SampleClip clip = SampleWorld.clip(r.nextLong(), size, frames);
            try (NDManager m = root.newSubManager()) {
                List<float[]> src = new ArrayList<>();
                for (int f = 0; f < frames; f++) {
                    src.add(clip.frame(f));
                }
                NDArray latents = model.vae().encode(toTensor(m, src), null);
                NDArray hidden = repeat(model.encodePrompts(m, List.of(clip.caption())), frames);
                DdimInversion.NoisePredictor eps = (x, t) -> model.unet().forward(x, frames, new float[] { t }, hidden,
                        null);
                NDArray noise = inversion.invert(latents, eps);
                NDArray back = inversion.sample(noise, eps);
                psnr.addAll(psnrs(src, toFrames(model.vae().decode(back))));
            }
            sub.worked(1);
        }
        return summary(psnr);
    }

    /** One generated clip and what the checker found in each of its frames. */
    public record Generated(SampleSpec spec, List<float[]> frames, List<CheckResult> checks) {
    }

    /** Generates a clip for {@code spec}'s caption from seeded noise with classifier-free guidance. */
    public Generated generate(NDManager root, SampleSpec spec, long seed, int steps, double guidance) {
        DdimScheduler scheduler = DdimScheduler.stableDiffusion15().setTimesteps(steps);
        DdimInversion sampler = new DdimInversion(scheduler, 0);
        try (NDManager m = root.newSubManager()) {
            int latentSize = size / model.vae().config().downscale();
            int channels = model.vae().config().latentChannels();
            NDArray noise = SeededNoise.normal(m, seed, new Shape(frames, channels, latentSize, latentSize));
            NDArray text = model.encodePrompts(m, List.of("", spec.caption()));
            NDArray hidden = NDArrays.concat(new ai.djl.ndarray.NDList(repeat(text.get("0:1"), frames),
                    repeat(text.get("1:2"), frames)));
            NDArray latents = sampler.sample(noise, (x, t) -> {
                NDArray both = model.unet().forward(NDArrays.concat(new ai.djl.ndarray.NDList(x, x)), frames,
                        new float[] { t }, hidden, null);
                return ClassifierFreeGuidance.combineBatched(both, guidance);
            });
            List<float[]> out = toFrames(model.vae().decode(latents));
            List<CheckResult> checks = out.stream().map(f -> SubjectChecker.check(f, size)).toList();
            return new Generated(spec, out, checks);
        }
    }

    /**
     * Text-to-clip over {@code clips} random captions: the shares of frames with the asked shape
     * and colour, and the centroid jumps between consecutive frames where the subject was found.
     *
     * @return {shape and colour, shape, colour, found, mean jump, 95th-percentile jump}
     */
    public double[] textToClip(NDManager root, int clips, int steps, double guidance, long seed,
            IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Text-to-clip generation", clips);
        SplittableRandom r = new SplittableRandom(seed);
        int both = 0;
        int shape = 0;
        int colour = 0;
        int found = 0;
        int total = 0;
        List<Double> jumps = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            check(sub);
            SampleSpec spec = SampleSpec.random(new java.util.Random(r.nextLong()));
            Generated g = generate(root, spec, r.nextLong(), steps, guidance);
            double[] previous = null;
            for (CheckResult k : g.checks()) {
                total++;
                boolean s = k.found() && k.shape() == spec.shape();
                boolean col = k.found() && k.color() == spec.color();
                shape += s ? 1 : 0;
                colour += col ? 1 : 0;
                both += s && col ? 1 : 0;
                found += k.found() ? 1 : 0;
                if (k.found() && previous != null) {
                    jumps.add(Math.hypot(k.centroid()[0] - previous[0], k.centroid()[1] - previous[1]));
                }
                previous = k.found() ? k.centroid() : null;
            }
            // the running figure, so a long evaluation can be read (or compared on its first clips) as it goes
            sub.subTask(String.format(java.util.Locale.ROOT, "clip %d/%d: shape and colour %.1f %% of frames so far, "
                    + "mean centroid jump %.2f px", c + 1, clips, 100.0 * both / total,
                    jumps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
            sub.worked(1);
        }
        double[] j = jumps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = j.length == 0 ? Double.NaN : Arrays.stream(j).average().orElse(Double.NaN);
        double p95 = j.length == 0 ? Double.NaN : j[Math.min(j.length - 1, (int) Math.ceil(0.95 * j.length) - 1)];
        return new double[] { both / (double) total, shape / (double) total, colour / (double) total,
                found / (double) total, mean, p95 };
    }

    private static void check(IProgressMonitor m) {
        if (m.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static NDArray repeat(NDArray rows, int times) {
        return rows.repeat(0, times);
    }

    private static double[] summary(List<Double> v) {
        return new double[] { v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN) };
    }

    /** Per-frame PSNR in dB over [0, 1] pixel values. */
    static List<Double> psnrs(List<float[]> a, List<float[]> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i);
            float[] y = b.get(i);
            double se = 0;
            for (int k = 0; k < x.length; k++) {
                double d = x[k] - y[k];
                se += d * d;
            }
            double mse = Math.max(se / x.length, 1e-10);
            out.add(10 * Math.log10(1 / mse));
        }
        return out;
    }

    /** HWC [0, 1] frames to {@code [N, 3, H, W]} in [-1, 1]. */
    NDArray toTensor(NDManager m, List<float[]> hwc) {
        return Pixels.toTensor(m, hwc, size);
    }

    /** {@code [N, 3, H, W]} in about [-1, 1] to HWC frames clamped to [0, 1]. */
    List<float[]> toFrames(NDArray images) {
        return Pixels.toFrames(images, size);
    }
}
