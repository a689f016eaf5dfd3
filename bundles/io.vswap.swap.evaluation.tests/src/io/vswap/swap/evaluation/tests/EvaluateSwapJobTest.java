package io.vswap.swap.evaluation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.BatchSpec;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.swap.evaluation.api.SwapTargets;
import io.vswap.swap.evaluation.api.SwapVariant;
import io.vswap.swap.evaluation.internal.SwapEvaluation;
import io.vswap.testing.TestServices;

/**
 * The "evaluate-swap" job through the real services on the shipped sample model, with tiny
 * settings (mechanics, not quality): 2 clips, the first with every variant, 1 target each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluateSwapJobTest {

    private static final String TINY = "steps=4 registrationIterations=3 diftEnsemble=1";
    /**
     * For the runs that test the job, not the settings: one edit pass (the shipped model recommends two; the
     * baseline run leaves the passes to the model).
     */
    private static final String TINY_ONE_PASS = TINY + " placementPasses=1";

    @TempDir
    static Path dir;

    static JsonObject report;
    static double seconds;

    static <T> T service(Class<T> type) {
        return TestServices.await(type);
    }

    static Map<String, BatchJobType> jobTypes() throws Exception {
        service(EditMethod.class);
        service(ModelProvider.class);
        return TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "evaluate-swap");
    }

    /** What the shipped sample model's folder recommends for VideoSwap. */
    static Map<String, Object> shippedModelRecommends() throws Exception {
        return ModelSettings.recommended(SampleModel.shippedFolder(), service(EditMethod.class));
    }

    /** As {@code vswap batch --job evaluate-swap field=value …} parses and runs it. */
    static String run(String fields, org.eclipse.core.runtime.IProgressMonitor monitor) throws Exception {
        return BatchSpec.ofJob("evaluate-swap", List.of(fields.trim().split("\\s+")), jobTypes()).jobs().get(0)
                .run(monitor);
    }

    static JsonObject json(Path f) throws Exception {
        return JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @BeforeAll
    static void evaluate() throws Exception {
        long t0 = System.nanoTime();
        String summary = run("output=" + dir.resolve("eval") + " samples=2 ablationSamples=1 targets=1 seed=5 guidanceScale=6 motionScale=0.8 "
                + TINY_ONE_PASS, new NullProgressMonitor());
        seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "evaluate-swap (5 cases): %.1f s: %s%n", seconds, summary);
        report = json(dir.resolve("eval/report.json"));
        System.out.println(Files.readString(dir.resolve("eval/report.md")));
    }

    @Test
    void eachCaseIsAlsoMeasuredWithoutTheTruthAndTheAgreementIsWritten() throws Exception {
        for (JsonObject c : cases()) {
            JsonObject m = c.getAsJsonObject("metrics");
            assertTrue(m.keySet().containsAll(Set.of("background-flicker", "background-psnr", "background-ssim",
                    "motion-alignment", "warp-error", "clip-t", "clip-f", "clip-t:source", "clip-t:best-wrong")),
                    c.get("variant") + ": the edit's masks, the truth's points and the model's own CLIP serve them all: "
                            + m.keySet());
            double psnr = m.get("background-psnr").getAsDouble();
            assertTrue(psnr > 10 && psnr < 100, "background PSNR of a tiny-model swap: " + psnr);
        }
        JsonObject agreement = json(dir.resolve("eval/metric-agreement.json"));
        assertEquals(5, agreement.get("cases").getAsInt());
        JsonObject psnr = agreement.getAsJsonArray("agreement").get(0).getAsJsonObject();
        assertEquals("background-psnr", psnr.get("metric").getAsString());
        assertEquals(5, psnr.get("cases").getAsInt());
        assertTrue(psnr.get("pairs").getAsInt() > 0, "clip 0's variants make pairs: " + psnr);
        assertTrue(Files.readString(dir.resolve("eval/metric-agreement.md")).contains("| background-psnr |"));
        assertEquals(5, agreement.getAsJsonObject("clipT").get("renders").getAsInt());
    }

    static List<JsonObject> cases() {
        List<JsonObject> l = new ArrayList<>();
        report.getAsJsonArray("cases").forEach(e -> l.add(e.getAsJsonObject()));
        return l;
    }

    static JsonObject theCase(int clip, String variant) {
        return cases().stream().filter(c -> c.get("clip").getAsInt() == clip
                && c.get("variant").getAsString().equals(variant)).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void theReportHasEveryCaseItsSettingsAndTheModelKey() throws Exception {
        assertTrue(report.get("complete").getAsBoolean());
        assertEquals("vswap-swap-evaluation", report.get("format").getAsString());
        JsonObject s = report.getAsJsonObject("settings");
        assertEquals(2, s.get("samples").getAsInt());
        assertEquals(4, s.get("steps").getAsInt());
        assertEquals(3, s.get("registrationIterations").getAsInt());
        assertEquals(1, s.get("diftEnsemble").getAsInt());
        assertEquals(6.0, s.get("guidanceScale").getAsDouble());
        assertTrue(report.get("command").getAsString().contains(" guidanceScale=6.0"), report.get("command").toString());
        // another setting of the method, for every variant (the ablation's own setting still applies)
        assertEquals(0.8, s.getAsJsonObject("methodSettings").get("motionScale").getAsDouble());
        assertTrue(report.get("command").getAsString().contains(" motionScale=0.8"), report.get("command").toString());
        for (JsonObject c : cases()) {
            Map<String, Object> used = methodReport(c).settings();
            assertTrue(used.get("motionScale").equals(0.8) && used.get("guidanceScale").equals(6.0), used.toString());
            assertEquals(1, ((Number) used.get("placementPasses")).intValue(), used.toString());
            assertEquals(!c.get("variant").getAsString().equals("no-motion-features"), used.get("motionFeatures"),
                    used.toString());
        }
        assertTrue(Files.readString(dir.resolve("eval/report.md")).contains(
                "Method settings other than the defaults, for every variant: motionScale 0.8"));
        // the shipped model recommends a step count, a motion scale, a guidance, a placement guidance and its
        // passes (vswap-settings.json); the job's own values win (here all but the placement guidance), and those
        // it does not name come from the model (the baseline run below leaves it all but the step count)
        assertEquals(Set.of("steps", "motionScale", "guidanceScale", "placementGuidance", "placementPasses"),
                shippedModelRecommends().keySet());
        assertEquals("{\"placementGuidance\":" + shippedModelRecommends().get("placementGuidance") + "}",
                s.getAsJsonObject("modelSettings").toString());
        assertTrue(report.getAsJsonObject("model").get("key").getAsString().matches("files-[0-9a-f]{64}"),
                report.getAsJsonObject("model").toString());
        assertTrue(report.get("command").getAsString().startsWith("vswap batch --job evaluate-swap "));
        // the full method on both clips first, then the ablations on clip 0
        List<JsonObject> cs = cases();
        assertEquals(5, cs.size());
        assertEquals(List.of("full", "full", "no-patch-loss", "uniform-schedule", "no-motion-features"),
                cs.stream().map(c -> c.get("variant").getAsString()).toList());
        assertEquals(List.of(0, 1, 0, 0, 0), cs.stream().map(c -> c.get("clip").getAsInt()).toList());
        long[] seeds = SwapEvaluation.clipSeeds(5, 2);
        for (JsonObject c : cs) {
            int clip = c.get("clip").getAsInt();
            assertEquals(seeds[clip], c.get("clipSeed").getAsLong());
            assertEquals(SampleWorld.clip(seeds[clip], 64, 16).caption(), c.get("caption").getAsString());
            assertEquals(16, c.getAsJsonArray("frames").size());
            assertTrue(c.get("seconds").getAsDouble() > 0);
            assertTrue(methodReport(c).elapsedAfter("edit").isPresent(), c.toString());
        }
        for (String v : List.of("full", "no-patch-loss", "uniform-schedule", "no-motion-features")) {
            assertTrue(report.getAsJsonObject("summary").has(v), v);
        }
        assertEquals(2, report.getAsJsonObject("summary").getAsJsonObject("full").get("cases").getAsInt());
        String md = Files.readString(dir.resolve("eval/report.md"));
        for (String v : List.of("| full ", "| no-patch-loss ", "| uniform-schedule ", "| no-motion-features ",
                "| goal (issue 6) ")) {
            assertTrue(md.contains(v), v + " in\n" + md);
        }
        // the paired table: each ablation against the full method on its one case
        assertTrue(md.contains("| no-motion-features | 1 | "), md);
        assertTrue(md.lines().filter(l -> l.startsWith("| no-patch-loss | 1 | ")).anyMatch(
                l -> l.matches(".*\\| [01] / [01] / [01] \\| [01] / [01] / [01] \\| [01] / [01] / [01] \\|$")), md);
        // the cache went away with its clip
        assertFalse(Files.exists(dir.resolve("eval/cache/clip-000")));
    }

    @Test
    @Order(2)
    void theFiguresAreComputedFromTheFramesAndAgreeWithThem() throws Exception {
        int withOutline = 0;
        for (JsonObject c : cases()) {
            JsonArray frames = c.getAsJsonArray("frames");
            String target = c.get("target").getAsString();
            String colour = c.get("colour").getAsString();
            int shape = 0;
            int both = 0;
            int on = 0;
            long sourceOnly = 0;
            long kept = 0;
            double iou = 0;
            for (JsonElement e : frames) {
                JsonObject f = e.getAsJsonObject();
                sourceOnly += f.get("sourceOnlyPixels").getAsLong();
                kept += f.get("sourceOnlyKept").getAsLong();
                assertTrue(f.get("sourceOnlyKept").getAsLong() <= f.get("sourceOnlyPixels").getAsLong());
                double frameIou = f.get("targetIou").getAsDouble();
                assertTrue(frameIou >= 0 && frameIou <= 1, "IoU " + frameIou);
                iou += frameIou;
                boolean s = !f.get("shape").isJsonNull() && f.get("shape").getAsString().equals(target);
                boolean col = !f.get("colour").isJsonNull() && f.get("colour").getAsString().equals(colour);
                shape += s ? 1 : 0;
                both += s && col ? 1 : 0;
                double err = f.get("centroidError").getAsDouble();
                if (!f.get("shape").isJsonNull()) { // the error is the length of the signed offset written beside it
                    assertEquals(err, Math.hypot(f.get("offsetX").getAsDouble(), f.get("offsetY").getAsDouble()), 1e-9);
                    assertTrue(f.get("sourceX").getAsDouble() >= 0 && f.get("sourceX").getAsDouble() < 64);
                }
                on += !f.get("shape").isJsonNull() && err <= SwapScoring.CENTROID_TOLERANCE_PX ? 1 : 0;
                double psnr = f.get("backgroundPsnr").getAsDouble();
                assertTrue(psnr > 5 && psnr < 80, "a generated background is close to the source's, never equal: " + psnr);
            }
            assertEquals(shape / 16.0, c.get("shapeFound").getAsDouble(), 1e-12);
            assertEquals(both / 16.0, c.get("shapeAndColour").getAsDouble(), 1e-12);
            assertEquals(on / 16.0, c.get("onTrajectory").getAsDouble(), 1e-12);
            // the structure figures are pooled from the frames' pixel counts (none where the target covers the
            // source, as a disc does a ring)
            if (sourceOnly == 0) {
                assertTrue(Double.isNaN(c.get("sourceStructure").getAsDouble()), c.get("source") + " → " + target);
            } else {
                withOutline++;
                assertEquals(kept / (double) sourceOnly, c.get("sourceStructure").getAsDouble(), 1e-12);
            }
            assertEquals(iou / 16.0, c.get("targetIou").getAsDouble(), 1e-12);
        }
        assertTrue(withOutline > 0, "some swap changes the outline");
        // the variants run different methods on the same clip and target: their frames differ
        JsonObject full = theCase(0, "full");
        JsonObject plain = theCase(0, "no-motion-features");
        assertNotEquals(full.getAsJsonArray("frames").toString(), plain.getAsJsonArray("frames").toString());
        assertNotEquals(full.get("backgroundPsnr").getAsDouble(), plain.get("backgroundPsnr").getAsDouble());
        assertTrue(methodReport(plain).loss("registration").isEmpty(), "no registration without points");
        // the variants share one cache folder per clip: the source side that does not depend on the variant is reused
        JsonObject noPatch = theCase(0, "no-patch-loss");
        EditReport noPatchReport = methodReport(noPatch);
        assertEquals(EditReport.CacheOutcome.REUSED, noPatchReport.cacheUse("inversion").orElseThrow().outcome(),
                noPatchReport.toString());
        assertEquals(EditReport.CacheOutcome.COMPUTED, noPatchReport.cacheUse("registration").orElseThrow().outcome(),
                "the ablation registers its own MLPs");
        assertNotEquals(methodReport(full).loss("registration"), noPatchReport.loss("registration"));
    }

    @Test
    @Order(3)
    void theSheetShowsTheSourceAndEveryVariant() throws Exception {
        BufferedImage sheet = ImageIO.read(dir.resolve("eval/sheet.png").toFile());
        // 4 frames a row; rows: source + 4 variants of one case; 64-px tiles with 4-px gaps
        assertEquals(4 * 68 + 4, sheet.getWidth());
        assertEquals(5 * 68 + 4, sheet.getHeight());
        assertEquals(5, report.getAsJsonArray("sheetRows").size());
    }

    /** The folder of the run cancelled in its second case, which two tests read (a case costs an inversion and edits). */
    static Path cancelled;

    /**
     * The table's clip 1 alone ({@code firstClip=1}, the table's seed), two variants, cancelled once its second
     * case has begun: run once, for {@link #aCancelBetweenCasesKeepsTheCasesAlreadyMeasured} and
     * {@link #firstClipRunsTheTablesLaterClipsAlone}.
     */
    static Path cancelledLaterClip() throws Exception {
        if (cancelled == null) {
            Path out = dir.resolve("cancelled");
            var monitor = new NullProgressMonitor() {
                int cases;

                @Override
                public void subTask(String name) {
                    if (name.startsWith("case ") && ++cases == 2) {
                        // the second case has begun: cancel; it stops inside and the first case stays written
                        setCanceled(true);
                    }
                }
            };
            assertThrows(OperationCanceledException.class, () -> run("output=" + out
                    + " samples=2 firstClip=1 targets=1 variants=no-motion-features,full seed=5 " + TINY_ONE_PASS, monitor));
            cancelled = out;
        }
        return cancelled;
    }

    @Test
    @Order(4)
    void aCancelBetweenCasesKeepsTheCasesAlreadyMeasured() throws Exception {
        Path out = cancelledLaterClip();
        JsonObject r = json(out.resolve("report.json"));
        assertFalse(r.get("complete").getAsBoolean());
        assertEquals(1, r.getAsJsonArray("cases").size());
        assertTrue(Files.readString(out.resolve("report.md")).contains("INCOMPLETE"));
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
    }

    @Test
    @Order(6)
    void theBaselineEditsEachClipToItsOwnShapeAndIsReportedApart() throws Exception {
        Path out = dir.resolve("baseline");
        run("output=" + out + " samples=1 targets=1 variants=full seed=5 baseline=true " + TINY,
                new NullProgressMonitor());
        JsonObject r = json(out.resolve("report.json"));
        List<JsonObject> cs = new ArrayList<>();
        r.getAsJsonArray("cases").forEach(e -> cs.add(e.getAsJsonObject()));
        assertEquals(2, cs.size());
        JsonObject same = cs.get(0);
        assertEquals(same.get("source").getAsString(), same.get("target").getAsString(), "its own shape");
        assertEquals(SwapTargets.Kind.SAME.label(), same.get("kind").getAsString());
        assertEquals(0, same.getAsJsonArray("removed").size());
        assertEquals(0, same.getAsJsonObject("drags").size());
        assertNotEquals(cs.get(1).get("source").getAsString(), cs.get(1).get("target").getAsString(), "then the swap");
        // the swap figures leave the baseline out; it has its own summary and table
        JsonObject summary = r.getAsJsonObject("summary");
        assertEquals(1, summary.getAsJsonObject("full").get("cases").getAsInt());
        assertEquals(1, summary.getAsJsonObject("baseline").get("cases").getAsInt());
        assertEquals(cs.get(0).get("shapeAndColour").getAsDouble(),
                summary.getAsJsonObject("baseline").get("shapeAndColour").getAsDouble(), 1e-12);
        assertTrue(r.getAsJsonObject("settings").get("baseline").getAsBoolean());
        // no motionScale, guidance or passes named here: the shipped model's recommendations apply, are recorded
        // and said (all but its step count: the job names it, and the job's own value wins)
        Map<String, Object> recommended = new LinkedHashMap<>(shippedModelRecommends());
        assertFalse(recommended.isEmpty(), "the shipped model recommends settings");
        assertEquals(4, r.getAsJsonObject("settings").get("steps").getAsInt());
        recommended.remove("steps");
        JsonObject fromModel = r.getAsJsonObject("settings").getAsJsonObject("modelSettings");
        assertEquals(recommended.keySet(), fromModel.keySet());
        for (JsonObject c : cs) {
            Map<String, Object> used = methodReport(c).settings();
            recommended.forEach((k, v) -> assertEquals(((Number) v).doubleValue(), ((Number) used.get(k)).doubleValue(),
                    k + "=" + v + " in " + used));
        }
        // a recommended guidance replaces the evaluation's own default, and the report gives the one used
        assertTrue(recommended.containsKey("guidanceScale"), recommended.toString());
        assertEquals(((Number) recommended.get("guidanceScale")).doubleValue(),
                r.getAsJsonObject("settings").get("guidanceScale").getAsDouble());
        assertTrue(r.get("command").getAsString().contains(" baseline=true"), r.get("command").toString());
        // the command that replays the run gives the values it used: the model's guidance, not the field's default
        double guidance = r.getAsJsonObject("settings").get("guidanceScale").getAsDouble();
        assertTrue(guidance != 7.5 && r.get("command").getAsString().contains(" guidanceScale=" + guidance),
                r.get("command").toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| same shape (no swap) | " + same.get("source").getAsString() + "→"), md);
        assertTrue(md.contains("| full | 1 × 1.00 (1) |"), md);
        assertTrue(md.contains("Settings the model recommends (its vswap-settings.json), for every variant: "), md);
        // the sheet shows the swap only: its source row and its result row
        String swapPair = "0/" + cs.get(1).get("target").getAsString() + " ";
        assertEquals(2, r.getAsJsonArray("sheetRows").size(), r.get("sheetRows").toString());
        r.getAsJsonArray("sheetRows").forEach(e -> assertTrue(e.getAsString().startsWith(swapPair), e.getAsString()));
    }

    /**
     * One clip of a larger table, alone: the same clip, seed and target as in the table (read from the run
     * cancelled in its second case: its first case is the clip's, with a variant of its own).
     */
    @Test
    @Order(7)
    void firstClipRunsTheTablesLaterClipsAlone() throws Exception {
        JsonObject r = json(cancelledLaterClip().resolve("report.json"));
        assertEquals(1, r.getAsJsonArray("cases").size());
        JsonObject alone = r.getAsJsonArray("cases").get(0).getAsJsonObject();
        assertEquals("no-motion-features", alone.get("variant").getAsString());
        JsonObject inTable = theCase(1, "full");
        for (String key : new String[] { "clip", "clipSeed", "caption", "source", "target", "kind" }) {
            assertEquals(inTable.get(key), alone.get(key), key);
        }
        assertEquals(1, r.getAsJsonObject("settings").get("firstClip").getAsInt());
        assertTrue(r.get("command").getAsString().contains(" firstClip=1 "), r.get("command").toString());
        var e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x samples=2 firstClip=2", null));
        assertTrue(e.getMessage().contains("firstClip"), e.getMessage());
        // clips of the length the model was trained on unless asked; a clip of one frame has no motion to swap
        assertEquals(16, r.getAsJsonObject("settings").get("frames").getAsInt());
        assertFalse(r.get("command").getAsString().contains("frames="), r.get("command").toString());
        e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x samples=2 frames=1", null));
        assertTrue(e.getMessage().contains("frames"), e.getMessage());
    }

    /** The shipped model's step count applies where the evaluation does not name one, and only there. */
    @Test
    @Order(8)
    void aRecommendedStepCountReplacesTheMethodsDefaultUnlessNamed() throws Exception {
        Map<String, Object> recommended = shippedModelRecommends();
        int steps = ((Number) recommended.get("steps")).intValue();
        assertNotEquals(VideoSwapSettings.DEFAULTS.steps(), steps, "the sample model recommends its own step count");
        SwapEvaluation.Options asked = new SwapEvaluation.Options(1, 1, 1, 1, false, List.of(SwapVariant.FULL),
                VideoSwapSettings.DEFAULTS.steps(), 3, 1, VideoSwapSettings.DEFAULTS.guidanceScale(), 0, Map.of(), 0,
                false, dir.resolve("unused"), 0, Map.of());
        SwapEvaluation.Options unnamed = asked.withModelSettings(recommended, Set.of());
        assertEquals(steps, unnamed.steps());
        assertEquals(((Number) recommended.get("guidanceScale")).doubleValue(), unnamed.guidanceScale());
        assertEquals(steps, ((Number) unnamed.modelSettings().get("steps")).intValue(), "recorded as the model's");
        SwapEvaluation.Options named = asked.withModelSettings(recommended, Set.of("steps"));
        assertEquals(VideoSwapSettings.DEFAULTS.steps(), named.steps(), "the evaluation's own value wins");
        assertFalse(named.modelSettings().containsKey("steps"));
    }

    @Test
    @Order(5)
    void badFieldsAreRefusedByName() {
        var e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x variants=full,no-dift", null));
        assertTrue(e.getMessage().contains("no-dift"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x targets=9", null));
        assertTrue(e.getMessage().contains("targets"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x guidanceScale=0.5", null));
        assertTrue(e.getMessage().contains("guidanceScale"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x step=3", null));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x motionShare=1.5", null));
        assertTrue(e.getMessage().contains("motionShare"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> run("output=x learningRate=fast", null));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    /** A case's method report, read as the evaluation wrote it. */
    static EditReport methodReport(JsonObject c) {
        return SwapRenders.readReport(c.getAsJsonObject("methodReport"));
    }
}
