package io.vswap.method.cove.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.AtomicFile;
import io.vswap.method.cove.internal.CoveMethod;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectColor;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.ModelSettings;
import io.vswap.testing.TestServices;
import io.vswap.testing.TruthPoints;
import io.vswap.video.api.RgbFrame;

/**
 * A measurement, not a test (its name keeps it out of the suite; run it by name, see
 * docs/results/2026-12-07-cove-colour-edits.md): colour edits of seeded 16-frame sample clips on the
 * shipped sample model by COVE, by COVE without its correspondence attention (each frame inverted
 * and edited alone: the frame-by-frame baseline) and by VideoSwap (the truth's points; the model's
 * recommended settings), scored against the sample world's truth. Writes a Markdown table to
 * {@code COVE_MEASURE_OUT} (default {@code target/cove-measurement.md} in the test bundle's folder);
 * {@code COVE_MEASURE_CLIPS} (4), {@code COVE_MEASURE_STEPS} (20), {@code COVE_MEASURE_GUIDANCE} (COVE's,
 * both COVE rows) and {@code COVE_MEASURE_VIDEOSWAP=false} (COVE's rows only) vary it ({@link #option}).
 */
class CoveMeasurement {

    private static final int FRAMES = 16, SIZE = 64;

    record Score(double colour, double outline, double background, double maskIou, double flicker, double seconds) {
    }

    @Test
    void colourEdits() throws Exception {
        int clips = Integer.parseInt(option("clips", "4"));
        int steps = Integer.parseInt(option("steps", "20"));
        // COVE's guidance (both COVE rows); unset: the method's default
        String guidance = option("guidance", null);
        boolean withVideoSwap = !"false".equals(option("videoswap", "true"));
        Path out = Path.of(option("out", "target/cove-measurement.md"));
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        ModelProvider provider = TestServices.await(ModelProvider.class);
        Map<String, EditMethod> methods = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, CoveMethod.ID,
                "videoswap");
        Map<String, Object> videoswap = ModelSettings.recommended(provider.layout().folder(), methods.get("videoswap"));
        Map<String, List<Score>> scores = new LinkedHashMap<>();
        StringBuilder rows = new StringBuilder();
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root, rt.precision())) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                for (int seed = 1; seed <= clips; seed++) {
                    SampleClip clip = SampleWorld.clip(seed, SIZE, FRAMES);
                    SubjectColor from = clip.spec().color();
                    SubjectColor to = SubjectColor.values()[(from.ordinal() + 3) % SubjectColor.values().length];
                    List<RgbFrame> frames = new ArrayList<>();
                    for (int f = 0; f < FRAMES; f++) {
                        frames.add(new RgbFrame(f, SIZE, SIZE, clip.frameRgb(f)));
                    }
                    Map<String, Object> cove = new LinkedHashMap<>(Map.of("inversionSteps", steps, "steps", steps));
                    if (guidance != null) {
                        cove.put("guidanceScale", guidance);
                    }
                    Map<String, Object> alone = new LinkedHashMap<>(cove);
                    alone.put("correspondenceAttention", false);
                    Map<String, Object> vs = new LinkedHashMap<>(videoswap);
                    vs.put("steps", steps);
                    List<Map.Entry<String, Map<String, Object>>> runs = new ArrayList<>(List.of(Map.entry("COVE", cove),
                            Map.entry("frame-by-frame", alone)));
                    if (withVideoSwap) {
                        runs.add(Map.entry("VideoSwap", vs));
                    }
                    for (var run : runs) {
                        EditMethod method = methods.get(run.getKey().equals("VideoSwap") ? "videoswap" : CoveMethod.ID);
                        EditRequest request = new EditRequest(dm, frames, run.getKey().equals("VideoSwap")
                                ? TruthPoints.of(clip, "main") : null, null, clip.caption(), from.word(), to.word(), run.getValue());
                        long t0 = System.nanoTime();
                        EditResult r = method.run(request, new NullProgressMonitor());
                        Score s = score(clip, r.frames(), to, (System.nanoTime() - t0) / 1e9);
                        scores.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).add(s);
                        String row = String.format(Locale.ROOT, "| %d | %s → %s | %s | %.0f %% | %.0f %% | %.2f | %.3f "
                                + "| %.1f | %.0f |%n", seed, clip.caption(), to.word(), run.getKey(), 100 * s.colour,
                                100 * s.outline, s.background, s.maskIou, s.flicker, s.seconds);
                        System.out.print(row);
                        rows.append(row);
                    }
                }
            }
            return null;
        });
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d clips of %d frames, %d inversion and %d denoising steps, COVE's guidance "
                + "%s%n%n", clips, FRAMES, steps, steps, guidance == null ? "its default" : guidance));
        md.append("| method | asked colour (frames) | outline IoU ≥ 0.8 (frames) | background dB | mask IoU frame to frame "
                + "| subject colour flicker (0-255) | seconds per edit |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        scores.forEach((name, l) -> md.append(String.format(Locale.ROOT, "| %s | %.1f %% | %.1f %% | %.2f | %.3f | %.2f "
                + "| %.0f |%n", name, 100 * mean(l, Score::colour), 100 * mean(l, Score::outline),
                mean(l, Score::background), mean(l, Score::maskIou), mean(l, Score::flicker), mean(l, Score::seconds))));
        md.append("\n| clip | edit | method | colour | outline | background dB | mask IoU | flicker | s |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n").append(rows);
        AtomicFile.writeString(out, md.toString());
        System.out.println(md);
    }

    /**
     * An option of this run: the system property {@code cove.measure.<name>}, else the environment variable
     * {@code COVE_MEASURE_<NAME>} (Tycho's test JVM inherits the environment of {@code mvnw}, not its -D
     * properties), else {@code otherwise}.
     */
    private static String option(String name, String otherwise) {
        String p = System.getProperty("cove.measure." + name);
        String e = System.getenv("COVE_MEASURE_" + name.toUpperCase(Locale.ROOT));
        return p != null ? p : e != null ? e : otherwise;
    }

    private static double mean(List<Score> l, java.util.function.ToDoubleFunction<Score> f) {
        return l.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /**
     * The asked colour found by the checker (background known), the outline kept (IoU of the result's
     * subject mask with the source's true mask), background PSNR outside both masks, the mean IoU of
     * the result's masks on consecutive frames, and the subject's colour flicker: the mean change, frame to
     * frame, of the mean colour inside the result's mask (L1 over RGB, 0-255).
     */
    static Score score(SampleClip clip, List<RgbFrame> result, SubjectColor asked, double seconds) {
        int colour = 0, outline = 0;
        double squared = 0;
        long pixels = 0;
        double iouSum = 0, flickerSum = 0;
        boolean[] previous = null;
        double[] previousMean = null;
        int n = SIZE * SIZE;
        for (int f = 0; f < result.size(); f++) {
            float[] out = RgbFloats.of(result.get(f));
            CheckResult c = SubjectChecker.check(out, SIZE, clip.background(f));
            colour += c.color() == asked ? 1 : 0;
            boolean[] truth = clip.mask(f);
            outline += iou(c.mask(), truth) >= 0.8 ? 1 : 0;
            float[] src = clip.frame(f);
            double[] mean = new double[3];
            int inside = 0;
            for (int i = 0; i < n; i++) {
                if (!truth[i] && !c.mask()[i]) {
                    for (int k = 0; k < 3; k++) {
                        double d = 255 * (src[i * 3 + k] - out[i * 3 + k]);
                        squared += d * d;
                    }
                    pixels += 3;
                }
                if (c.mask()[i]) {
                    inside++;
                    for (int k = 0; k < 3; k++) {
                        mean[k] += 255 * out[i * 3 + k];
                    }
                }
            }
            for (int k = 0; k < 3; k++) {
                mean[k] /= Math.max(1, inside);
            }
            if (previous != null) {
                iouSum += iou(previous, c.mask());
                flickerSum += Math.abs(mean[0] - previousMean[0]) + Math.abs(mean[1] - previousMean[1])
                        + Math.abs(mean[2] - previousMean[2]);
            }
            previous = c.mask();
            previousMean = mean;
        }
        int frames = result.size();
        return new Score((double) colour / frames, (double) outline / frames,
                10 * Math.log10(255.0 * 255.0 / (squared / pixels)), iouSum / (frames - 1), flickerSum / (frames - 1),
                seconds);
    }

    private static double iou(boolean[] a, boolean[] b) {
        int both = 0, any = 0;
        for (int i = 0; i < a.length; i++) {
            both += a[i] && b[i] ? 1 : 0;
            any += a[i] || b[i] ? 1 : 0;
        }
        return any == 0 ? 1 : (double) both / any;
    }

}
