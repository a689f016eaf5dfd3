package io.vswap.swap.evaluation.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.files.api.AtomicFile;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.swap.evaluation.api.SwapVariant;

/**
 * Do the evaluation metrics (which see no truth) rank the sample-world swaps as the truth does? For
 * each metric beside the truth score it stands for: Spearman's rank correlation over every case, and
 * over each clip-and-target's variants, the share of pairs that the metric orders as the truth does.
 * Written as {@code metric-agreement.json} and {@code .md}.
 */
public final class MetricAgreement {

    /**
     * A metric and the truth score it should follow.
     *
     * @param sign +1 when both grow together (both "higher is better" or both "lower is better"), −1 otherwise
     */
    public record Pairing(String metric, String truth, ToDoubleFunction<SwapScoring.ClipScore> truthValue, int sign) {
    }

    static final List<Pairing> PAIRINGS = List.of(
            new Pairing("background-psnr", "background PSNR against the truth's background (dB)",
                    SwapScoring.ClipScore::backgroundPsnr, 1),
            new Pairing("background-ssim", "background PSNR against the truth's background (dB)",
                    SwapScoring.ClipScore::backgroundPsnr, 1),
            new Pairing("motion-alignment", "mean centroid error against the source's path (px)",
                    SwapScoring.ClipScore::meanCentroidError, 1));

    /**
     * @param rho Spearman's ρ of metric and truth over the cases (signed so that +1 is perfect agreement)
     * @param cases how many cases had both values
     * @param pairsAgreeing variant pairs of one clip and target that the metric orders as the truth does
     * @param pairs such pairs whose truth values differ
     */
    public record Agreement(Pairing pairing, double rho, int cases, int pairsAgreeing, int pairs) {
    }

    private MetricAgreement() {
    }

    public static List<Agreement> of(List<SwapEvaluation.CaseResult> results) {
        List<Agreement> out = new ArrayList<>();
        for (Pairing p : PAIRINGS) {
            List<SwapEvaluation.CaseResult> with = results.stream()
                    .filter(c -> c.metrics().containsKey(p.metric()) && Double.isFinite(p.truthValue().applyAsDouble(
                            c.score())))
                    .toList();
            double[] m = with.stream().mapToDouble(c -> c.metrics().get(p.metric())).toArray();
            double[] t = with.stream().mapToDouble(c -> p.truthValue().applyAsDouble(c.score())).toArray();
            int agree = 0;
            int pairs = 0;
            Map<String, List<SwapEvaluation.CaseResult>> byPair = new LinkedHashMap<>();
            with.forEach(c -> byPair.computeIfAbsent(c.pair(), k -> new ArrayList<>()).add(c));
            for (List<SwapEvaluation.CaseResult> variants : byPair.values()) {
                for (int i = 0; i < variants.size(); i++) {
                    for (int j = i + 1; j < variants.size(); j++) {
                        double dt = p.truthValue().applyAsDouble(variants.get(i).score())
                                - p.truthValue().applyAsDouble(variants.get(j).score());
                        double dm = variants.get(i).metrics().get(p.metric()) - variants.get(j).metrics().get(p.metric());
                        if (dt != 0) {
                            pairs++;
                            agree += Math.signum(dt) == p.sign() * Math.signum(dm) ? 1 : 0;
                        }
                    }
                }
            }
            out.add(new Agreement(p, p.sign() * spearman(m, t), with.size(), agree, pairs));
        }
        return out;
    }

    /** Spearman's ρ: Pearson's correlation of the ranks, ties given their mean rank; NaN under 3 values. */
    public static double spearman(double[] a, double[] b) {
        if (a.length < 3) {
            return Double.NaN;
        }
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /**
     * Each video variant's warp error and flicker against the frame-by-frame edit of the same clip
     * and target (where both ran): the share of pairs where the video edit is the more consistent.
     */
    public static String temporalAgainstFrameByFrame(List<SwapEvaluation.CaseResult> results, JsonObject root) {
        StringBuilder md = new StringBuilder();
        JsonArray rows = new JsonArray();
        for (String metric : List.of("warp-error", "background-flicker")) {
            Map<SwapVariant, int[]> wins = new java.util.EnumMap<>(SwapVariant.class);
            Map<SwapVariant, double[]> sums = new java.util.EnumMap<>(SwapVariant.class);
            for (SwapEvaluation.CaseResult fbf : results) {
                if (fbf.variant() != SwapVariant.FRAME_BY_FRAME || !fbf.metrics().containsKey(metric)) {
                    continue;
                }
                for (SwapEvaluation.CaseResult v : results) {
                    if (v.variant() == SwapVariant.FRAME_BY_FRAME || !v.pair().equals(fbf.pair())
                            || !v.metrics().containsKey(metric)) {
                        continue;
                    }
                    int[] w = wins.computeIfAbsent(v.variant(), k -> new int[2]);
                    w[0] += v.metrics().get(metric) < fbf.metrics().get(metric) ? 1 : 0;
                    w[1]++;
                    double[] m = sums.computeIfAbsent(v.variant(), k -> new double[2]);
                    m[0] += v.metrics().get(metric);
                    m[1] += fbf.metrics().get(metric);
                }
            }
            wins.forEach((variant, w) -> {
                double[] m = sums.get(variant);
                JsonObject o = new JsonObject();
                o.addProperty("metric", metric);
                o.addProperty("variant", variant.id());
                o.addProperty("moreConsistent", w[0]);
                o.addProperty("pairs", w[1]);
                o.addProperty("meanVideo", m[0] / w[1]);
                o.addProperty("meanFrameByFrame", m[1] / w[1]);
                rows.add(o);
                md.append(String.format(Locale.ROOT, "| %s | %s | %d of %d | %.5g | %.5g |%n", metric, variant.id(), w[0],
                        w[1], m[0] / w[1], m[1] / w[1]));
            });
        }
        if (rows.isEmpty()) {
            return "";
        }
        root.add("againstFrameByFrame", rows);
        return "\n## Video edit against frame-by-frame (each frame inverted and edited alone)\n\n"
                + "| metric | variant | pairs where the video edit is more consistent | mean, video | mean, frame by "
                + "frame |\n|---|---|---:|---:|---:|\n" + md;
    }

    /** CLIP-T of the asked target against the source's shape word and the best wrong one, over the renders. */
    public static String clipTextAgainstWrongTargets(List<SwapEvaluation.CaseResult> results, JsonObject root) {
        int n = 0;
        int overSource = 0;
        int overAll = 0;
        for (SwapEvaluation.CaseResult c : results) {
            Double asked = c.metrics().get("clip-t");
            Double source = c.metrics().get("clip-t:source");
            Double wrong = c.metrics().get("clip-t:best-wrong");
            if (asked == null || wrong == null) {
                continue;
            }
            n++;
            overSource += source == null || asked > source ? 1 : 0;
            overAll += asked > wrong ? 1 : 0;
        }
        if (n == 0) {
            return "";
        }
        JsonObject o = new JsonObject();
        o.addProperty("renders", n);
        o.addProperty("askedOverSourceWord", overSource);
        o.addProperty("askedOverEveryWrongWord", overAll);
        root.add("clipT", o);
        return String.format(Locale.ROOT, "%n## CLIP-T: the asked target against wrong ones%n%n"
                + "The model's own CLIP; the prompt with the asked shape word against the same prompt with each other "
                + "shape word.%n%n| renders | asked > the source's shape word | asked > every other shape word |%n"
                + "|---:|---:|---:|%n| %d | %d (%.0f %%) | %d (%.0f %%) |%n", n, overSource, 100.0 * overSource / n,
                overAll, 100.0 * overAll / n);
    }

    static void write(List<SwapEvaluation.CaseResult> results, Path folder) throws IOException {
        List<Agreement> all = of(results);
        JsonObject root = new JsonObject();
        root.addProperty("cases", results.size());
        JsonArray rows = new JsonArray();
        StringBuilder md = new StringBuilder("# Do the metrics rank the swaps as the truth does?\n\n")
                .append(String.format(Locale.ROOT, "%d cases (sample clips × targets × variants). The metrics see "
                        + "what a user's evaluation sees (the edit's own masks, the points); the truth scores see the "
                        + "sample world's truth. ρ: Spearman's rank correlation over the cases (+1: the same order); "
                        + "pairs: variants of one clip and target that the metric orders as the truth does.%n%n",
                        results.size()))
                .append("| metric | truth score | ρ | cases | pairs ordered alike |\n|---|---|---:|---:|---:|\n");
        for (Agreement a : all) {
            JsonObject o = new JsonObject();
            o.addProperty("metric", a.pairing().metric());
            o.addProperty("truth", a.pairing().truth());
            if (Double.isFinite(a.rho())) {
                o.addProperty("spearman", a.rho());
            }
            o.addProperty("cases", a.cases());
            o.addProperty("pairsAgreeing", a.pairsAgreeing());
            o.addProperty("pairs", a.pairs());
            rows.add(o);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s |%n", a.pairing().metric(), a.pairing().truth(),
                    Double.isFinite(a.rho()) ? String.format(Locale.ROOT, "%.2f", a.rho()) : "—", a.cases(),
                    a.pairs() == 0 ? "—" : String.format(Locale.ROOT, "%d of %d (%.0f %%)", a.pairsAgreeing(), a.pairs(),
                            100.0 * a.pairsAgreeing() / a.pairs())));
        }
        root.add("agreement", rows);
        md.append(temporalAgainstFrameByFrame(results, root));
        md.append(clipTextAgainstWrongTargets(results, root));
        AtomicFile.writeString(folder.resolve("metric-agreement.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
        AtomicFile.writeString(folder.resolve("metric-agreement.md"), md.toString());
    }
}
