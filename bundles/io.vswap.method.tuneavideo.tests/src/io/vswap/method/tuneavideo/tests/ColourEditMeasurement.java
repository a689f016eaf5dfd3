package io.vswap.method.tuneavideo.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/**
 * Not part of the suite (minutes): colour edits of seeded sample clips ("a red star …" → "a blue star
 * …") by Tune-A-Video, in the configurations {@code -Dvswap.measure.tuneavideo} lists, beside VideoSwap
 * (its points from the truth, the model's recommended settings) on the same clips, scored against the
 * sample world's truth: the asked colour found, the outline kept (IoU with the truth of the same subject
 * in the asked colour), the background's PSNR, and the frame-to-frame IoU of the result's subject masks.
 * Run with {@code -Dvswap.measure=colour-edits} (see docs/tuneavideo.md for the command); writes
 * {@code target/colour-edits.md}.
 */
@EnabledIfSystemProperty(named = "vswap.measure", matches = "colour-edits")
class ColourEditMeasurement {

    @Test
    void colourEditsBesideVideoSwap() throws Exception {
        int clips = Integer.getInteger("vswap.measure.clips", 6);
        int firstSeed = Integer.getInteger("vswap.measure.seed", 1);
        // configurations: "name:preset[,setting=value…]" separated by ';'
        String configs = System.getProperty("vswap.measure.tuneavideo", "Draft:Draft");
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        ModelProvider provider = TestServices.await(ModelProvider.class);
        Map<String, EditMethod> methods = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, "tuneavideo",
                "videoswap");
        StringBuilder table = new StringBuilder("| clip | method | asked colour | outline IoU | background dB | "
                + "frame-to-frame mask IoU | seconds |\n|---|---|---|---|---|---|---|\n");
        Map<String, double[]> sums = new LinkedHashMap<>();
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root, rt.precision())) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                SubjectColor[] colours = SubjectColor.values();
                for (int c = 0; c < clips; c++) {
                    long seed = firstSeed + c;
                    Random r = new Random(seed);
                    SubjectShape[] shapes = SubjectShape.values();
                    SubjectColor from = colours[r.nextInt(colours.length)];
                    SubjectColor to = colours[(from.ordinal() + 1 + r.nextInt(colours.length - 1)) % colours.length];
                    SampleSpec spec = new SampleSpec(shapes[r.nextInt(shapes.length)], from,
                            BackgroundPattern.values()[r.nextInt(BackgroundPattern.values().length)],
                            BackgroundColor.values()[r.nextInt(BackgroundColor.values().length)]);
                    SampleClip source = SampleWorld.clip(seed, 64, 16, spec);
                    SampleClip truth = SampleWorld.clip(seed, 64, 16, new SampleSpec(spec.shape(), to, spec.pattern(),
                            spec.background()));
                    List<RgbFrame> frames = new ArrayList<>();
                    for (int f = 0; f < 16; f++) {
                        frames.add(new RgbFrame(f, 64, 64, source.frameRgb(f)));
                    }
                    String what = source.caption() + " -> " + to.word();
                    List<String[]> runs = new ArrayList<>();
                    for (String config : configs.split(";")) {
                        runs.add(config.split(":", 2));
                    }
                    runs.add(new String[] { "videoswap", "" });
                    for (String[] run : runs) {
                        boolean vs = run[0].equals("videoswap");
                        EditMethod m = methods.get(vs ? "videoswap" : "tuneavideo");
                        Map<String, Object> settings = settings(m, provider, run[1]);
                        long t0 = System.nanoTime();
                        EditResult result = m.run(new EditRequest(dm, frames, vs ? truthPoints(source) : null, null,
                                source.caption(), from.word(), to.word(), settings), new NullProgressMonitor());
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        double[] s = score(source, truth, result.frames(), to);
                        double[] sum = sums.computeIfAbsent(run[0], k -> new double[6]);
                        for (int i = 0; i < 4; i++) {
                            sum[i] += s[i];
                        }
                        sum[4] += seconds;
                        sum[5]++;
                        String row = String.format(Locale.ROOT, "| %s | %s | %.0f %% | %.3f | %.2f | %.3f | %.0f |%n",
                                what, run[0], 100 * s[0], s[1], s[2], s[3], seconds);
                        System.out.print("MEASURE " + row);
                        table.append(row);
                    }
                }
            }
            return null;
        });
        table.append("\n| method | clips | asked colour | outline IoU | background dB | frame-to-frame mask IoU | "
                + "seconds per clip |\n|---|---|---|---|---|---|---|\n");
        sums.forEach((k, s) -> table.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f %% | %.3f | %.2f | %.3f | %.0f |%n",
                k, s[5], 100 * s[0] / s[5], s[1] / s[5], s[2] / s[5], s[3] / s[5], s[4] / s[5])));
        System.out.print("MEASURE\n" + table);
        Files.writeString(Path.of("target", "colour-edits.md"), table, StandardCharsets.UTF_8);
    }

    /** The preset's values over the defaults in force (the model's recommendation included), then the overrides. */
    private static Map<String, Object> settings(EditMethod m, ModelProvider provider, String spec) throws Exception {
        Map<String, Object> recommended = ModelSettings.recommended(provider.layout().folder(), m);
        Map<String, Object> out = new LinkedHashMap<>(ModelSettings.resolve(m.settings(), recommended, Map.of()));
        String[] parts = spec.isEmpty() ? new String[0] : spec.split(",");
        for (int i = 0; i < parts.length; i++) {
            if (i == 0 && !parts[i].contains("=")) {
                String preset = parts[i];
                EditPreset p = m.presets().stream().filter(x -> x.name().equals(preset)).findFirst().orElseThrow();
                out = new LinkedHashMap<>(p.values(out));
            } else {
                String[] kv = parts[i].split("=", 2);
                out.put(kv[0], kv[1]);
            }
        }
        return out;
    }

    /**
     * The asked colour's share of frames, the mean outline IoU with the truth in that colour, the
     * background PSNR over all frames (outside the source's and the result's subject), and the mean IoU
     * of consecutive result frames' subject masks.
     */
    private static double[] score(SampleClip source, SampleClip truth, List<RgbFrame> result, SubjectColor to) {
        SwapScoring.ClipScore s = SwapScoring.score(source, result, truth);
        double asked = s.frames().stream().filter(f -> to.word().equals(f.colour())).count() / (double) result.size();
        double consecutive = 0;
        boolean[] before = null;
        for (RgbFrame f : result) {
            CheckResult r = SubjectChecker.check(f.toFloatRgb(), 64);
            if (before != null) {
                int inter = 0, union = 0;
                for (int p = 0; p < before.length; p++) {
                    inter += before[p] && r.mask()[p] ? 1 : 0;
                    union += before[p] || r.mask()[p] ? 1 : 0;
                }
                consecutive += union == 0 ? 1 : inter / (double) union;
            }
            before = r.mask();
        }
        return new double[] { asked, s.targetIou(), s.backgroundPsnr(), consecutive / (result.size() - 1) };
    }

    /** The truth's named points as a tracked point set, for VideoSwap (visible where inside the frame). */
    private static PointSet truthPoints(SampleClip clip) {
        PointSet set = PointSet.empty("truth", clip.frameCount(), clip.size(), clip.size());
        int k = 0;
        for (var e : clip.points().entrySet()) {
            double[][] t = e.getValue();
            double[] x = new double[t.length], y = new double[t.length];
            boolean[] visible = new boolean[t.length];
            float[] confidence = new float[t.length];
            for (int f = 0; f < t.length; f++) {
                x[f] = t[f][0];
                y[f] = t[f][1];
                visible[f] = t[f][2] > 0;
                confidence[f] = visible[f] ? 1 : 0;
            }
            set = set.withPoint(new SemanticPoint(e.getKey(), 0xff0000 >> (4 * k++ % 24), List.of(new Keyframe(0, x[0],
                    y[0])), new Trajectory(x, y, visible, confidence)));
        }
        return set;
    }
}
