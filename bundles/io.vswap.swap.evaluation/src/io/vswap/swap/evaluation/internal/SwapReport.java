package io.vswap.swap.evaluation.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.files.api.AtomicFile;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.swap.evaluation.api.SwapTargets;
import io.vswap.swap.evaluation.api.SwapVariant;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.RgbFrame;

/**
 * The evaluation's files in its output folder, each replaced atomically: {@code report.json} (every
 * case's figures, frame by frame, the settings, the model's key, times), {@code report.md} (the
 * tables) and {@code sheet.png} (a few cases: the source's row, then one row per variant, four
 * frames spread over the clip).
 */
public final class SwapReport {

    /** Figures of a set of cases, frame-weighted (every clip has the same number of frames). */
    public record Summary(int cases, int frames, double shapeFound, double colourFound, double shapeAndColour,
            double onTrajectory, double meanCentroidError, double meanPsnr, double minPsnr, double psnrAtLeast30,
            double meanSeconds, double sourceStructure, double targetIou) {

        static Summary of(List<SwapEvaluation.CaseResult> cases) {
            // frame figures pooled over every case's frames; the background per case (a clip's PSNR is one figure)
            double psnr = 0;
            double min = Double.POSITIVE_INFINITY;
            int good = 0;
            double seconds = 0;
            List<SwapScoring.FrameScore> all = new ArrayList<>();
            for (SwapEvaluation.CaseResult c : cases) {
                all.addAll(c.score().frames());
                double p = c.score().backgroundPsnr();
                psnr += p;
                min = Math.min(min, p);
                good += p >= 30 ? 1 : 0;
                seconds += c.seconds();
            }
            int n = cases.size();
            SwapScoring.ClipScore pooled = SwapScoring.summarize(all);
            return new Summary(n, all.size(), pooled.shapeFound(), pooled.colourFound(), pooled.shapeAndColour(),
                    pooled.onTrajectory(), pooled.meanCentroidError(), n == 0 ? Double.NaN : psnr / n,
                    n == 0 ? Double.NaN : min, share(good, n), n == 0 ? Double.NaN : seconds / n,
                    pooled.sourceStructure(), pooled.targetIou());
        }

        private static double share(int k, int n) {
            return n == 0 ? Double.NaN : k / (double) n;
        }
    }

    private final Path output;
    private final String modelKey;
    private final Path modelFolder;
    private final SwapEvaluation.Options options;
    private final String command;
    private final String machine;
    /** Sheet cases ("clip/target") → the source frames, then each variant's result. */
    private final Map<String, Map<String, List<RgbFrame>>> sheet = new LinkedHashMap<>();

    public SwapReport(Path output, String modelKey, Path modelFolder, SwapEvaluation.Options options, String command,
            String machine) {
        this.output = output;
        this.modelKey = modelKey;
        this.modelFolder = modelFolder;
        this.options = options;
        this.command = command;
        this.machine = machine;
    }

    public String modelKey() {
        return modelKey;
    }

    public Path json() {
        return output.resolve("report.json");
    }

    public Path markdown() {
        return output.resolve("report.md");
    }

    public Path sheetFile() {
        return output.resolve("sheet.png");
    }

    /** Keeps a case's frames when it is one the sheet shows. */
    void add(SwapEvaluation.CaseResult c, List<RgbFrame> source, List<RgbFrame> result) {
        if (c.target().kind() == SwapTargets.Kind.SAME) {
            return; // the sheet shows swaps
        }
        String key = c.pair();
        // from the clips that get every variant (any clip when there are no ablations)
        boolean everyVariant = options.variants().size() == 1 || c.clip() < options.ablationSamples();
        if (!sheet.containsKey(key) && sheet.size() < options.sheetCases() && everyVariant) {
            sheet.put(key, new LinkedHashMap<>());
            sheet.get(key).put("source", spread(source));
        }
        if (sheet.containsKey(key)) {
            sheet.get(key).put(c.variant().id(), spread(result));
        }
    }

    /** Writes report.json, report.md and (when it has cases) sheet.png. */
    void write(List<SwapEvaluation.CaseResult> results, boolean complete, double elapsedSeconds) throws IOException {
        Files.createDirectories(output);
        AtomicFile.writeString(json(), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
                .serializeSpecialFloatingPointValues().create().toJson(toJson(results, complete, elapsedSeconds)));
        AtomicFile.writeString(markdown(), markdown(results, complete, elapsedSeconds));
        if (!sheet.isEmpty()) {
            List<RgbFrame> frames = new ArrayList<>();
            for (Map<String, List<RgbFrame>> rows : sheet.values()) {
                frames.addAll(rows.get("source"));
                for (SwapVariant v : options.variants()) {
                    List<RgbFrame> row = rows.get(v.id());
                    if (row != null) {
                        frames.addAll(row);
                    }
                }
            }
            AtomicFile.write(sheetFile(), ContactSheet.png(frames, null));
        }
    }

    /** The sheet's rows, top to bottom, as text (for the report and the reader of the PNG). */
    List<String> sheetRows() {
        List<String> rows = new ArrayList<>();
        sheet.forEach((pair, byRow) -> byRow.keySet().stream()
                .sorted((a, b) -> Integer.compare(rowOrder(a), rowOrder(b)))
                .forEach(r -> rows.add(pair + " " + r)));
        return rows;
    }

    private int rowOrder(String row) {
        if (row.equals("source")) {
            return -1;
        }
        return options.variants().indexOf(SwapVariant.byId(row).orElseThrow());
    }

    /** Four frames spread over the clip (the report names them as {@link #markdown} does). */
    private static List<RgbFrame> spread(List<RgbFrame> frames) {
        int n = frames.size();
        List<RgbFrame> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(frames.get((int) Math.round(i * (n - 1) / 3.0)));
        }
        return out;
    }

    private JsonObject toJson(List<SwapEvaluation.CaseResult> results, boolean complete, double elapsed) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "vswap-swap-evaluation");
        o.addProperty("version", 2); // 2: the method's report typed (SwapRenders.report)
        o.addProperty("complete", complete);
        o.addProperty("command", command);
        o.addProperty("machine", machine);
        o.addProperty("elapsedSeconds", elapsed);
        o.add("settings", settingsJson());
        JsonObject model = new JsonObject();
        model.addProperty("folder", modelFolder.toAbsolutePath().toString());
        model.addProperty("key", modelKey);
        o.add("model", model);
        JsonObject summary = new JsonObject();
        for (SwapVariant v : options.variants()) {
            summary.add(v.id(), toJson(Summary.of(of(results, v, x -> true))));
        }
        List<SwapEvaluation.CaseResult> same = baseline(results);
        if (!same.isEmpty()) {
            summary.add("baseline", toJson(Summary.of(same)));
        }
        o.add("summary", summary);
        JsonArray sheetRows = new JsonArray();
        sheetRows().forEach(sheetRows::add);
        o.add("sheetRows", sheetRows);
        JsonArray cases = new JsonArray();
        results.forEach(c -> cases.add(caseJson(c)));
        o.add("cases", cases);
        return o;
    }

    private JsonObject settingsJson() {
        JsonObject s = new JsonObject();
        s.addProperty("samples", options.samples());
        s.addProperty("ablationSamples", options.ablationSamples());
        s.addProperty("firstClip", options.firstClip());
        s.addProperty("seed", options.seed());
        s.addProperty("targets", options.targets());
        s.addProperty("baseline", options.baseline());
        JsonArray vs = new JsonArray();
        options.variants().forEach(v -> vs.add(v.id()));
        s.add("variants", vs);
        s.addProperty("steps", options.steps());
        s.addProperty("registrationIterations", options.registrationIterations());
        s.addProperty("diftEnsemble", options.diftEnsemble());
        s.addProperty("guidanceScale", options.guidanceScale());
        s.addProperty("methodSeed", options.methodSeed());
        JsonObject other = new JsonObject();
        Gson gson = new Gson();
        options.methodSettings().forEach((k, v) -> other.add(k, gson.toJsonTree(v)));
        s.add("methodSettings", other);
        JsonObject fromModel = new JsonObject();
        options.modelSettings().forEach((k, v) -> fromModel.add(k, gson.toJsonTree(v)));
        s.add("modelSettings", fromModel);
        s.addProperty("size", SwapEvaluation.SIZE);
        s.addProperty("frames", options.frames());
        s.addProperty("centroidTolerancePx", SwapScoring.CENTROID_TOLERANCE_PX);
        s.addProperty("points", "the sample world's truth (named semantic points), not a tracker's");
        return s;
    }

    private static JsonObject caseJson(SwapEvaluation.CaseResult c) {
        JsonObject x = new JsonObject();
        x.addProperty("clip", c.clip());
        x.addProperty("clipSeed", c.clipSeed());
        x.addProperty("caption", c.caption());
        x.addProperty("source", c.sourceShape());
        x.addProperty("colour", c.colour());
        x.addProperty("target", c.target().shape().word());
        x.addProperty("kind", c.target().kind().label());
        JsonArray removed = new JsonArray();
        c.target().removed().forEach(removed::add);
        x.add("removed", removed);
        JsonObject drags = new JsonObject();
        c.target().drags().forEach((name, xy) -> {
            JsonObject p = new JsonObject();
            p.addProperty("x", xy[0]);
            p.addProperty("y", xy[1]);
            drags.add(name, p);
        });
        x.add("drags", drags);
        x.addProperty("variant", c.variant().id());
        x.addProperty("seconds", c.seconds());
        SwapScoring.ClipScore k = c.score();
        x.addProperty("shapeFound", k.shapeFound());
        x.addProperty("colourFound", k.colourFound());
        x.addProperty("shapeAndColour", k.shapeAndColour());
        x.addProperty("onTrajectory", k.onTrajectory());
        x.addProperty("meanCentroidError", k.meanCentroidError());
        x.addProperty("backgroundPsnr", k.backgroundPsnr());
        x.addProperty("minFramePsnr", k.minFramePsnr());
        x.addProperty("sourceStructure", k.sourceStructure());
        x.addProperty("targetIou", k.targetIou());
        if (c.frameChange().seamSteps() > 0) {
            JsonObject change = new JsonObject();
            change.addProperty("atWindowEdgesPx", c.frameChange().atSeams());
            change.addProperty("windowEdgeSteps", c.frameChange().seamSteps());
            change.addProperty("insideWindowsPx", c.frameChange().inside());
            change.addProperty("insideSteps", c.frameChange().insideSteps());
            x.add("frameToFrameOffsetChange", change);
        }
        if (!c.metrics().isEmpty()) {
            JsonObject metrics = new JsonObject(); // what "evaluate" says of this swap, without the truth
            c.metrics().forEach(metrics::addProperty);
            x.add("metrics", metrics);
        }
        JsonArray frames = new JsonArray();
        k.frames().forEach(f -> frames.add(frameJson(f)));
        x.add("frames", frames);
        x.add("methodReport", io.vswap.swap.api.SwapRenders.report(c.methodReport()));
        return x;
    }

    private static JsonObject frameJson(SwapScoring.FrameScore f) {
        JsonObject y = new JsonObject();
        y.addProperty("frame", f.frame());
        y.addProperty("shape", f.shape() == null ? null : f.shape().word());
        y.addProperty("colour", f.colour());
        y.addProperty("centroidError", f.centroidError());
        y.addProperty("sourceX", f.sourceX());
        y.addProperty("sourceY", f.sourceY());
        y.addProperty("offsetX", f.offsetX());
        y.addProperty("offsetY", f.offsetY());
        y.addProperty("backgroundPsnr", f.backgroundPsnr());
        y.addProperty("backgroundPixels", f.backgroundValues() / 3);
        y.addProperty("sourceOnlyPixels", f.sourceOnlyPixels());
        y.addProperty("sourceOnlyKept", f.sourceOnlyKept());
        y.addProperty("targetIou", f.targetIou());
        return y;
    }

    private static JsonObject toJson(Summary s) {
        JsonObject o = new JsonObject();
        o.addProperty("cases", s.cases());
        o.addProperty("frames", s.frames());
        o.addProperty("shapeFound", s.shapeFound());
        o.addProperty("colourFound", s.colourFound());
        o.addProperty("shapeAndColour", s.shapeAndColour());
        o.addProperty("onTrajectory", s.onTrajectory());
        o.addProperty("meanCentroidError", s.meanCentroidError());
        o.addProperty("meanBackgroundPsnr", s.meanPsnr());
        o.addProperty("minBackgroundPsnr", s.minPsnr());
        o.addProperty("casesWithBackgroundPsnrAtLeast30", s.psnrAtLeast30());
        o.addProperty("meanSeconds", s.meanSeconds());
        o.addProperty("sourceStructure", s.sourceStructure());
        o.addProperty("targetIou", s.targetIou());
        return o;
    }

    /** The swaps (not the baseline) of variant {@code v} that pass {@code filter}. */
    private static List<SwapEvaluation.CaseResult> of(List<SwapEvaluation.CaseResult> results, SwapVariant v,
            Predicate<SwapEvaluation.CaseResult> filter) {
        return results.stream()
                .filter(c -> c.variant() == v && c.target().kind() != SwapTargets.Kind.SAME && filter.test(c)).toList();
    }

    /** The seam figure of clips run in context windows: steps across a window's edge against the others. */
    private static void seams(StringBuilder b, List<SwapEvaluation.CaseResult> results) {
        double edge = 0;
        double inside = 0;
        int ne = 0;
        int ni = 0;
        for (SwapEvaluation.CaseResult c : results) {
            SwapScoring.FrameChange f = c.frameChange();
            if (f.seamSteps() > 0 && f.insideSteps() > 0) {
                edge += f.atSeams() * f.seamSteps();
                ne += f.seamSteps();
                inside += f.inside() * f.insideSteps();
                ni += f.insideSteps();
            }
        }
        if (ne > 0) {
            b.append(String.format(Locale.ROOT, "Seams: the swapped subject's offset from its true path changes by "
                    + "%.2f px per frame on average across the edges of the context windows (%d steps), %.2f px "
                    + "inside them (%d steps), over every case.%n%n", edge / ne, ne, inside / ni, ni));
        }
    }

    private static List<SwapEvaluation.CaseResult> baseline(List<SwapEvaluation.CaseResult> results) {
        return results.stream().filter(c -> c.target().kind() == SwapTargets.Kind.SAME).toList();
    }

    String markdown(List<SwapEvaluation.CaseResult> results, boolean complete, double elapsed) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Swap evaluation on the sample world%s: %d cases in %.0f s; %s%n%n",
                complete ? "" : " (INCOMPLETE: stopped early)", results.size(), elapsed, command));
        b.append(String.format(Locale.ROOT,
                "Settings: steps %d, registrationIterations %d, diftEnsemble %d, guidance %.1f, method seed %d; clips of seed %d, "
                        + "%d×%d, %d frames; points from the truth; model key %s…%n%n",
                options.steps(), options.registrationIterations(), options.diftEnsemble(), options.guidanceScale(),
                options.methodSeed(),
                options.seed(), SwapEvaluation.SIZE, SwapEvaluation.SIZE, options.frames(),
                modelKey.substring(0, Math.min(12, modelKey.length()))));
        if (!options.methodSettings().isEmpty()) {
            b.append("Method settings other than the defaults, for every variant: ").append(options.methodSettings()
                    .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                    .append("\n\n");
        }
        if (!options.modelSettings().isEmpty()) {
            b.append("Settings the model recommends (its " + ModelSettings.FILE + "), for every variant: ")
                    .append(options.modelSettings().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append("\n\n");
        }
        seams(b, results);
        b.append("| variant | clips × targets (cases) | target shape | source colour | shape + colour | "
                + "centroid ≤ 2 px | mean centroid error | background PSNR mean (min) | cases ≥ 30 dB | s / case | "
                + "source structure kept | target IoU |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SwapVariant v : options.variants()) {
            List<SwapEvaluation.CaseResult> cs = of(results, v, x -> true);
            row(b, v.id(), clips(cs), Summary.of(cs));
        }
        b.append("| goal (issue 6) | ≥ 30 × several | | | ≥ 90 % | ≤ 2 px | | ≥ 30 dB | | | | |\n");
        b.append("\nSource structure kept: the share of the source subject's pixels outside the target truth "
                + "(the target shape along the source's path) that the result still covers, over all frames "
                + "(lower is better; what the point patch loss is for). Target IoU: the result's mask against "
                + "the target truth's, mean over frames.\n");
        // the ablations against the full method on the same cases (paired: same clips, targets, seeds)
        List<SwapEvaluation.CaseResult> full = of(results, SwapVariant.FULL, x -> true);
        if (!full.isEmpty() && options.variants().size() > 1) {
            b.append("\nPaired with the full method on the same cases (Δ = variant − full; the paper expects ");
            b.append("every ablation to be worse: lower shares, larger error, lower PSNR):\n\n");
            b.append("| variant | cases | shape + colour (Δ) | target shape (Δ) | centroid ≤ 2 px (Δ) | "
                    + "mean centroid error (Δ) | background PSNR (Δ) | source structure kept (Δ) | target IoU (Δ) | "
                    + "worse on | cases worse / better / same: shape + colour | centroid error | PSNR | "
                    + "source structure |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (SwapVariant v : options.variants()) {
                if (v == SwapVariant.FULL) {
                    continue;
                }
                pairedRow(b, v, of(results, v, x -> true), full);
            }
        }
        if (!full.isEmpty()) {
            b.append("\nThe full method by kind of swap (points kept, removed, dragged):\n\n");
            b.append(KIND_TABLE_HEADER);
            Map<String, List<SwapEvaluation.CaseResult>> byKind = new LinkedHashMap<>();
            for (SwapEvaluation.CaseResult c : full) {
                byKind.computeIfAbsent(c.target().kind().label(), k -> new ArrayList<>()).add(c);
            }
            byKind.forEach((kind, cs) -> kindRow(b, kind, cs));
        }
        List<SwapEvaluation.CaseResult> same = baseline(results);
        if (!same.isEmpty()) {
            b.append("\nThe baseline: each clip edited to its own shape with its own prompt and every point kept ("
                    + same.get(0).variant().id() + "). Nothing is swapped, so these are the pipeline's floor "
                    + "(inversion, guided sampling, blend, VAE), not counted in the tables above:\n\n");
            b.append(KIND_TABLE_HEADER);
            kindRow(b, SwapTargets.Kind.SAME.label(), same);
        }
        List<String> rows = sheetRows();
        if (!rows.isEmpty()) {
            int n = options.frames();
            b.append("\n`sheet.png`: four frames (").append(java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> Long.toString(Math.round(i * (n - 1) / 3.0))).collect(Collectors.joining(", ")))
                    .append(") a row; rows top to bottom: ")
                    .append(String.join("; ", rows)).append(" (clip/target variant).\n");
        }
        return b.toString();
    }

    /** A row of the paired table: variant {@code v} against the full method on the cases both ran. */
    private static void pairedRow(StringBuilder b, SwapVariant v, List<SwapEvaluation.CaseResult> ablatedCases,
            List<SwapEvaluation.CaseResult> full) {
        Set<String> pairs = ablatedCases.stream().map(SwapEvaluation.CaseResult::pair).collect(Collectors.toSet());
        List<SwapEvaluation.CaseResult> base = full.stream().filter(c -> pairs.contains(c.pair())).toList();
        Set<String> basePairs = base.stream().map(SwapEvaluation.CaseResult::pair).collect(Collectors.toSet());
        List<SwapEvaluation.CaseResult> ablated = ablatedCases.stream().filter(c -> basePairs.contains(c.pair()))
                .toList();
        if (ablated.isEmpty()) {
            return;
        }
        Summary a = Summary.of(ablated);
        Summary f = Summary.of(base);
        List<String> worse = new ArrayList<>();
        if (a.shapeAndColour() < f.shapeAndColour()) {
            worse.add("shape+colour");
        }
        if (a.onTrajectory() < f.onTrajectory()) {
            worse.add("centroid ≤ 2 px");
        }
        if (a.meanCentroidError() > f.meanCentroidError()) {
            worse.add("centroid error");
        }
        if (a.meanPsnr() < f.meanPsnr()) {
            worse.add("PSNR");
        }
        if (a.sourceStructure() > f.sourceStructure()) {
            worse.add("source structure");
        }
        if (a.targetIou() < f.targetIou()) {
            worse.add("target IoU");
        }
        Map<String, SwapEvaluation.CaseResult> byPair = new LinkedHashMap<>();
        base.forEach(c -> byPair.put(c.pair(), c));
        int[] shapeSigns = new int[3];
        int[] errorSigns = new int[3];
        int[] psnrSigns = new int[3];
        int[] structureSigns = new int[3];
        for (SwapEvaluation.CaseResult c : ablated) {
            SwapScoring.ClipScore x = c.score();
            SwapScoring.ClipScore y = byPair.get(c.pair()).score();
            shapeSigns[sign(x.shapeAndColour() - y.shapeAndColour())]++;
            errorSigns[sign(y.meanCentroidError() - x.meanCentroidError())]++;
            psnrSigns[sign(x.backgroundPsnr() - y.backgroundPsnr())]++;
            structureSigns[sign(y.sourceStructure() - x.sourceStructure())]++;
        }
        b.append(String.format(Locale.ROOT,
                "| %s | %d | %.1f %% (%+.1f) | %.1f %% (%+.1f) | %.1f %% (%+.1f) | %.2f px (%+.2f) | %.2f dB (%+.2f) | %.1f %% (%+.1f) | %.3f (%+.3f) | %s | %s | %s | %s | %s |%n",
                v.id(), a.cases(), 100 * a.shapeAndColour(), 100 * (a.shapeAndColour() - f.shapeAndColour()),
                100 * a.shapeFound(), 100 * (a.shapeFound() - f.shapeFound()), 100 * a.onTrajectory(),
                100 * (a.onTrajectory() - f.onTrajectory()), a.meanCentroidError(),
                a.meanCentroidError() - f.meanCentroidError(), a.meanPsnr(), a.meanPsnr() - f.meanPsnr(),
                100 * a.sourceStructure(), 100 * (a.sourceStructure() - f.sourceStructure()), a.targetIou(),
                a.targetIou() - f.targetIou(), worse.isEmpty() ? "none" : String.join(", ", worse),
                signs(shapeSigns), signs(errorSigns), signs(psnrSigns), signs(structureSigns)));
    }

    private static final String KIND_TABLE_HEADER = "| kind | swaps | cases | target shape | source colour | "
            + "shape + colour | centroid ≤ 2 px | mean centroid error | background PSNR mean (min) | cases ≥ 30 dB | "
            + "s / case | source structure kept | target IoU |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    /** A row of a by-kind table: the kind, the swaps it covers (source→target), the cases' figures. */
    private static void kindRow(StringBuilder b, String kind, List<SwapEvaluation.CaseResult> cs) {
        String swaps = cs.stream().map(c -> c.sourceShape() + "→" + c.target().shape().word()).distinct().sorted()
                .collect(Collectors.joining(", "));
        Summary s = Summary.of(cs);
        b.append(String.format(Locale.ROOT, "| %s | %s ", kind, swaps));
        cells(b, String.valueOf(s.cases()), s);
    }

    /** 0 worse, 1 better, 2 the same (for a difference "variant − full" where larger is better). */
    private static int sign(double d) {
        return Double.isNaN(d) || d == 0 ? 2 : d < 0 ? 0 : 1;
    }

    private static String signs(int[] s) {
        return s[0] + " / " + s[1] + " / " + s[2];
    }

    private static String clips(List<SwapEvaluation.CaseResult> cs) {
        long clips = cs.stream().mapToInt(SwapEvaluation.CaseResult::clip).distinct().count();
        return clips == 0 ? "0" : String.format(Locale.ROOT, "%d × %.3g (%d)", clips, cs.size() / (double) clips,
                cs.size());
    }

    private static void row(StringBuilder b, String name, String cases, Summary s) {
        b.append("| ").append(name).append(' ');
        cells(b, cases, s);
    }

    private static void cells(StringBuilder b, String cases, Summary s) {
        if (s.cases() == 0) {
            b.append("| ").append(cases).append(" | | | | | | | | | | |\n");
            return;
        }
        b.append(String.format(Locale.ROOT,
                "| %s | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.2f px | %s (%s) | %.0f %% | %.1f | %s | %.3f |%n", cases,
                100 * s.shapeFound(), 100 * s.colourFound(), 100 * s.shapeAndColour(), 100 * s.onTrajectory(),
                s.meanCentroidError(), db(s.meanPsnr()), db(s.minPsnr()), 100 * s.psnrAtLeast30(), s.meanSeconds(),
                Double.isNaN(s.sourceStructure()) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * s.sourceStructure()),
                s.targetIou()));
    }

    private static String db(double d) {
        return Double.isInfinite(d) ? "∞ dB" : String.format(Locale.ROOT, "%.2f dB", d);
    }
}
