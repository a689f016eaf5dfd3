package io.vswap.samples.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

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
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectShape;

/**
 * The sample model's figures, measured against the sample world's ground truth with the
 * {@link SubjectChecker}: VAE reconstruction PSNR, DDIM inversion + reconstruction PSNR of clips,
 * and text-to-clip generation (is the asked shape in the asked colour there, frame by frame, and
 * does it move smoothly). Every sample comes from a seed, so a figure can be reproduced.
 * Tensor methods run inside the runtime's call.
 */
public final class SampleModelEvaluation {

    /** What was measured; {@code null} parts were not measured. */
    public record Figures(int samples, VaeRoundTrip vae, Double inversionPsnr, Double inversionPsnrMin,
            int inversionSteps, TextToClip generation, int generationSteps, double guidance) {

        public Figures withVae(VaeRoundTrip v) {
            return new Figures(samples, v, inversionPsnr, inversionPsnrMin, inversionSteps, generation, generationSteps,
                    guidance);
        }

        public Figures withInversion(double psnr, double psnrMin) {
            return new Figures(samples, vae, psnr, psnrMin, inversionSteps, generation, generationSteps, guidance);
        }

        public Figures withGeneration(TextToClip g) {
            return new Figures(samples, vae, inversionPsnr, inversionPsnrMin, inversionSteps, g, generationSteps,
                    guidance);
        }

        public String table() {
            StringBuilder b = new StringBuilder();
            b.append("| figure | measured | goal |\n|---|---|---|\n");
            if (vae != null) {
                b.append(String.format(Locale.ROOT, "| VAE reconstruction PSNR (%d images) | %.2f dB (min %.2f) | ≥ 30 dB |%n",
                        samples, vae.psnr(), vae.psnrMin()));
                // the ceiling the VAE puts on every shape figure: what the checker still reads after a round trip
                b.append(String.format(Locale.ROOT,
                        "| … checker reads the right shape: sources / reconstructions | %.1f %% / %.1f %% | |%n",
                        100 * vae.shapeReadOnSources(), 100 * vae.shapeReadOnReconstructions()));
            }
            if (inversionPsnr != null) {
                b.append(String.format(Locale.ROOT,
                        "| DDIM inversion + reconstruction PSNR (%d clips × 16 frames, %d steps) | %.2f dB (min %.2f) | ≥ 28 dB |%n",
                        samples, inversionSteps, inversionPsnr, inversionPsnrMin));
            }
            if (generation != null) {
                TextToClip g = generation;
                b.append(String.format(Locale.ROOT,
                        "| text-to-clip: asked shape in asked colour (%d clips × 16 frames, %d steps, guidance %.1f) | %.1f %% of frames | ≥ 90 %% |%n",
                        samples, generationSteps, guidance, 100 * g.shapeAndColour()));
                b.append(String.format(Locale.ROOT, "| … asked shape (any colour) | %.1f %% | |%n", 100 * g.shape()));
                b.append(g.shapeRows());
                b.append(String.format(Locale.ROOT, "| … asked colour (any shape) | %.1f %% | |%n", 100 * g.colour()));
                b.append(String.format(Locale.ROOT, "| … a subject found at all | %.1f %% | |%n", 100 * g.found()));
                b.append(String.format(Locale.ROOT,
                        "| generated subject's centroid jump between frames (64×64) | mean %.2f px, 95th percentile %.2f px | ≤ 3 px |%n",
                        g.meanJump(), g.p95Jump()));
            }
            return b.toString();
        }
    }

    /**
     * The VAE's round trip: PSNR, and the share of images whose shape the checker reads right on
     * the source and on its reconstruction (no generation can score above the latter).
     */
    public record VaeRoundTrip(double psnr, double psnrMin, double shapeReadOnSources, double shapeReadOnReconstructions) {
    }

    private final VideoDiffusionModel model;
    private final int size;
    private final int frames;

    public SampleModelEvaluation(VideoDiffusionModel model, int size, int frames) {
        this.model = model;
        this.size = size;
        this.frames = frames;
    }

    /** The round trip of {@code n} single images through encode (posterior mean) and decode. */
    public VaeRoundTrip vaeRoundTrip(NDManager root, int n, long seed, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "VAE reconstruction", n);
        List<Double> psnr = new ArrayList<>();
        int readOnSource = 0;
        int readOnReconstruction = 0;
        SplittableRandom r = new SplittableRandom(seed);
        for (int done = 0; done < n; done += 16) {
            check(sub);
            int b = Math.min(16, n - done);
            try (NDManager m = root.newSubManager()) {
                List<SampleClip> images = new ArrayList<>();
                List<float[]> src = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    images.add(SampleWorld.image(r.nextLong(), size));
                    src.add(images.get(i).frame(0));
                }
                NDArray latents = model.vae().encode(VaeImageProcessor.preprocess(m, src, size, size), null);
                List<float[]> back = VaeImageProcessor.postprocess(model.vae().decode(latents));
                psnr.addAll(psnrs(src, back));
                for (int i = 0; i < b; i++) {
                    SubjectShape asked = images.get(i).spec().shape();
                    readOnSource += SubjectChecker.check(src.get(i), size).shape() == asked ? 1 : 0;
                    readOnReconstruction += SubjectChecker.check(back.get(i), size).shape() == asked ? 1 : 0;
                }
            }
            sub.worked(b);
        }
        double[] s = summary(psnr);
        return new VaeRoundTrip(s[0], s[1], readOnSource / (double) n, readOnReconstruction / (double) n);
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
                NDArray latents = model.vae().encode(VaeImageProcessor.preprocess(m, src, size, size), null);
                NDArray hidden = repeat(model.encodePrompts(m, List.of(clip.caption())), frames);
                DdimInversion.NoisePredictor eps = (x, t) -> model.unet().forward(x, frames, new float[] { t }, hidden,
                        null);
                NDArray noise = inversion.invert(latents, eps);
                NDArray back = inversion.sample(noise, eps);
                psnr.addAll(psnrs(src, VaeImageProcessor.postprocess(model.vae().decode(back))));
            }
            sub.worked(1);
        }
        return summary(psnr);
    }

    /** One generated clip and what the checker found in each of its frames. */
    public record Generated(SampleSpec spec, List<float[]> frames, List<CheckResult> checks) {

        /** Whether the checker read the asked shape in the asked colour in frame {@code f}. */
        public boolean asAsked(int f) {
            CheckResult k = checks.get(f);
            return k.found() && k.shape() == spec.shape() && k.color() == spec.color();
        }
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
            List<float[]> out = VaeImageProcessor.postprocess(model.vae().decode(latents));
            List<CheckResult> checks = out.stream().map(f -> SubjectChecker.check(f, size)).toList();
            return new Generated(spec, out, checks);
        }
    }

    /**
     * What text-to-clip generation gave over its frames: the shares of frames with the asked shape
     * and colour, the centroid jumps between consecutive frames where the subject was found, and per
     * asked shape how often it was drawn and what the checker took it for instead.
     */
    public record TextToClip(double shapeAndColour, double shape, double colour, double found, double meanJump,
            double p95Jump, Map<SubjectShape, ShapeTally> byShape, List<Generated> kept) {

        /** One row per asked shape: its share right and its most frequent wrong reading. */
        public String shapeRows() {
            StringBuilder b = new StringBuilder();
            for (var e : byShape.entrySet()) {
                ShapeTally t = e.getValue();
                b.append(String.format(Locale.ROOT, "| … asked %s (%d frames) | %.1f %% drawn as asked%s | |%n",
                        e.getKey().word(), t.frames(), 100.0 * t.right() / t.frames(),
                        t.mostFrequentMistake().map(m -> "; else mostly " + m).orElse("")));
            }
            return b.toString();
        }
    }

    /** Frames generated for one asked shape, how many the checker read as that shape, and what it read otherwise. */
    public record ShapeTally(int frames, int right, Map<String, Integer> mistakes) {

        Optional<String> mostFrequentMistake() {
            return mistakes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
        }
    }

    /**
     * Text-to-clip over {@code clips} random captions, scored frame by frame with the checker; the
     * first {@code keep} generated clips are kept whole (for a contact sheet).
     */
    public TextToClip textToClip(NDManager root, int clips, int steps, double guidance, long seed, int keep,
            IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Text-to-clip generation", clips);
        SplittableRandom r = new SplittableRandom(seed);
        int both = 0;
        int shape = 0;
        int colour = 0;
        int found = 0;
        int total = 0;
        List<Double> jumps = new ArrayList<>();
        Map<SubjectShape, int[]> counts = new EnumMap<>(SubjectShape.class);
        Map<SubjectShape, Map<String, Integer>> mistakes = new EnumMap<>(SubjectShape.class);
        List<Generated> kept = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            check(sub);
            SampleSpec spec = SampleSpec.random(new java.util.Random(r.nextLong()));
            Generated g = generate(root, spec, r.nextLong(), steps, guidance);
            if (kept.size() < keep) {
                kept.add(g);
            }
            double[] previous = null;
            int[] tally = counts.computeIfAbsent(spec.shape(), k -> new int[2]);
            for (CheckResult k : g.checks()) {
                total++;
                boolean s = k.found() && k.shape() == spec.shape();
                boolean col = k.found() && k.color() == spec.color();
                shape += s ? 1 : 0;
                colour += col ? 1 : 0;
                both += s && col ? 1 : 0;
                found += k.found() ? 1 : 0;
                tally[0]++;
                tally[1] += s ? 1 : 0;
                if (!s) {
                    mistakes.computeIfAbsent(spec.shape(), x -> new TreeMap<>())
                            .merge(k.found() ? k.shape().word() : "nothing", 1, Integer::sum);
                }
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
        Map<SubjectShape, ShapeTally> byShape = new EnumMap<>(SubjectShape.class);
        counts.forEach((k, v) -> byShape.put(k, new ShapeTally(v[0], v[1], mistakes.getOrDefault(k, Map.of()))));
        return new TextToClip(both / (double) total, shape / (double) total, colour / (double) total,
                found / (double) total, mean, p95, byShape, kept);
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
}
