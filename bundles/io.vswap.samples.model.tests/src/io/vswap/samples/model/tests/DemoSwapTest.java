package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SwapRenders;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;

/**
 * The demo's swap on the shipped model, as {@code releng/demo} runs it but at small settings (10
 * steps, 10 registration iterations, 2 DIFT draws): the red star of the demo shot (sample seed 7)
 * becomes a disc (a shape the shipped model draws recognisably; its squares come out as rounded
 * blobs that the checker reads as discs). The rendered frames are read back with the
 * {@link SubjectChecker} and held against the shot's ground truth: the subject keeps the source's
 * colour and reads as a disc, its centroid follows the star's, and the background away from both
 * subjects stays the source's. {@code -Dvswap.demoSwapSeeds=0,1,2} runs several swap seeds (how the floors were set).
 */
class DemoSwapTest {

    static final int SIZE = 64;
    static final int FRAMES = 16;
    static final long SHOT_SEED = 7;
    static final SampleSpec SHOT = new SampleSpec(SubjectShape.STAR, SubjectColor.RED, BackgroundPattern.STRIPES,
            BackgroundColor.GREY);
    /** Pixels around either subject left out of the background PSNR (the blend mask is at 8-px latent cells). */
    static final int MARGIN = 4;

    @Test
    void theDemoSwapFollowsTheStar(@TempDir Path dir) throws Exception {
        Runtime.get();
        String video = dir.resolve("shot.mkv").toString();
        String project = dir.resolve("project").toString();
        Batch.run("--job", "sample", "output=" + video, "seed=" + SHOT_SEED, "size=" + SIZE, "frames=" + FRAMES,
                "shape=star", "color=red", "pattern=striped", "background=grey");
        Batch.run("--job", "import", "video=" + video, "project=" + project, "shot=sample",
                "clip={\"name\": \"main\", \"frames\": 16, \"stride\": 1, \"size\": \"64x64\"}");
        Batch.run("--job", "prepare", "project=" + project, "shot=sample");
        Batch.run("--job", "track", "project=" + project, "shot=sample", "points=" + dir.resolve("shot.truth.json"));
        SampleClip truth = SampleWorld.clip(SHOT_SEED, SIZE, FRAMES, SHOT);
        List<Figures> runs = new ArrayList<>();
        for (int seed : seeds()) {
            long t0 = System.nanoTime();
            String out = Batch.run("--job", "swap", "project=" + project, "shot=sample",
                    "prompt=" + SHOT.caption(), "subject=star", "target=disc", "steps=10",
                    "registrationIterations=10", "diftEnsemble=2", "seed=" + seed);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path renders = Path.of(project, "renders");
            Path record = renders.resolve("sample-main-swap-disc.json");
            assertTrue(Files.isRegularFile(record), out);
            for (String ext : new String[] { ".mkv", ".mp4", "-sheet.png" }) {
                assertTrue(Files.size(renders.resolve("sample-main-swap-disc" + ext)) > 0, ext);
            }
            JsonObject r = JsonParser.parseString(Files.readString(record)).getAsJsonObject();
            assertEquals("a red disc on a grey striped background", r.get("targetPrompt").getAsString());
            EditReport report = SwapRenders.read(record).report();
            assertTrue(Double.isFinite(report.loss("registration").orElseThrow()), report.toString());
            Figures f = Figures.of(decode(renders.resolve("sample-main-swap-disc.mkv")), truth, SubjectColor.RED,
                    SubjectShape.DISC);
            System.out.printf(Locale.ROOT, "demo swap star → disc, seed %d (%.1f s; the edit %.1f s): %s%n", seed,
                    seconds, report.elapsedSeconds(), f);
            runs.add(f);
        }
        evaluatesTheRender(dir, Path.of(project, "renders", "sample-main-swap-disc.json"), runs.get(runs.size() - 1));
        for (Figures f : runs) {
            assertTrue(f.colourShare() >= FLOOR_COLOUR_SHARE, "frames whose subject is red: " + f);
            assertTrue(f.shapeShare() >= FLOOR_SHAPE_SHARE, "frames whose subject reads as a disc: " + f);
            assertTrue(f.meanCentroidError() <= CEILING_MEAN_CENTROID_PX, "centroid error: " + f);
            assertTrue(f.maxCentroidError() <= CEILING_MAX_CENTROID_PX, "centroid error: " + f);
            assertTrue(f.backgroundPsnr() >= FLOOR_BACKGROUND_PSNR, "background PSNR: " + f);
        }
    }

    /**
     * The render evaluated as a user's would be, with nothing but what the swap left: the edit's own
     * subject masks, the tracked points. Its background PSNR (outside the edit's attention, grown by a
     * latent cell) is held near the truth's (outside both true subjects, grown by {@link #MARGIN}).
     */
    private static void evaluatesTheRender(Path dir, Path record, Figures truth) throws Exception {
        Path out = dir.resolve("evaluation");
        String summary = Batch.run("--job", "evaluate", "renders=" + record, "output=" + out);
        JsonObject e = JsonParser.parseString(Files.readString(out.resolve("evaluation.json"))).getAsJsonObject()
                .getAsJsonArray("evaluations").get(0).getAsJsonObject();
        Map<String, JsonObject> m = new java.util.TreeMap<>();
        e.getAsJsonArray("measurements").forEach(x -> m.put(x.getAsJsonObject().get("metric").getAsString(),
                x.getAsJsonObject()));
        System.out.println("evaluate: " + summary + "; masks: " + e.get("maskOrigin").getAsString());
        m.forEach((k, v) -> System.out.println("  " + k + ": " + (v.has("summary") ? v.get("summary") + " " + v.get("notes")
                : "unavailable: " + v.get("unavailable"))));
        for (String metric : List.of("background-psnr", "background-ssim", "background-flicker", "warp-error",
                "motion-alignment")) {
            assertTrue(m.get(metric).has("summary") && !m.get(metric).get("summary").isJsonNull(), metric + ": " + m);
        }
        double psnr = m.get("background-psnr").get("summary").getAsDouble();
        assertTrue(Math.abs(psnr - truth.backgroundPsnr()) < 6, "the edit's masks " + psnr + " dB, the truth's "
                + truth.backgroundPsnr() + " dB");
        assertTrue(Files.readString(out.resolve("evaluation.html")).contains("sample-main-swap-disc"));
    }

    /**
     * What the checker reads from a swap's frames, against the source's ground truth.
     *
     * @param colourShare frames whose subject has the source's colour
     * @param shapeShare frames whose subject reads as the target shape
     * @param meanCentroidError mean distance (px) of the found subject's centroid from the source's, over frames with one
     * @param maxCentroidError the largest such distance
     * @param backgroundPsnr PSNR (dB) against the source over pixels more than {@link #MARGIN} px from either subject
     */
    record Figures(double colourShare, double shapeShare, Map<SubjectShape, Integer> shapes, double meanCentroidError,
            double maxCentroidError, double backgroundPsnr) {

        static Figures of(List<RgbFrame> frames, SampleClip truth, SubjectColor colour, SubjectShape target) {
            assertEquals(truth.frameCount(), frames.size(), "rendered frames");
            int coloured = 0;
            int shaped = 0;
            int found = 0;
            double sumErr = 0;
            double maxErr = 0;
            double sq = 0;
            long n = 0;
            Map<SubjectShape, Integer> shapes = new EnumMap<>(SubjectShape.class);
            for (int f = 0; f < frames.size(); f++) {
                float[] px = frames.get(f).toFloatRgb();
                CheckResult c = SubjectChecker.check(px, SIZE);
                if (c.found()) {
                    found++;
                    shapes.merge(c.shape(), 1, Integer::sum);
                    coloured += c.color() == colour ? 1 : 0;
                    shaped += c.shape() == target ? 1 : 0;
                    double[] t = truth.centroid(f);
                    double err = Math.hypot(c.centroid()[0] - t[0], c.centroid()[1] - t[1]);
                    sumErr += err;
                    maxErr = Math.max(maxErr, err);
                }
                boolean[] away = away(truth.mask(f), c.mask());
                float[] src = truth.frame(f);
                for (int p = 0; p < SIZE * SIZE; p++) {
                    if (away[p]) {
                        for (int k = 0; k < 3; k++) {
                            double d = px[p * 3 + k] - src[p * 3 + k];
                            sq += d * d;
                            n++;
                        }
                    }
                }
            }
            double psnr = 10 * Math.log10(1 / Math.max(sq / n, 1e-12));
            return new Figures(coloured / (double) frames.size(), shaped / (double) frames.size(), shapes,
                    found == 0 ? Double.POSITIVE_INFINITY : sumErr / found, found == 0 ? Double.POSITIVE_INFINITY : maxErr,
                    psnr);
        }

        /** Pixels more than {@link #MARGIN} px (Chebyshev) from both masks. */
        static boolean[] away(boolean[] a, boolean[] b) {
            boolean[] out = new boolean[SIZE * SIZE];
            Arrays.fill(out, true);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (a[y * SIZE + x] || b[y * SIZE + x]) {
                        for (int v = Math.max(0, y - MARGIN); v <= Math.min(SIZE - 1, y + MARGIN); v++) {
                            for (int u = Math.max(0, x - MARGIN); u <= Math.min(SIZE - 1, x + MARGIN); u++) {
                                out[v * SIZE + u] = false;
                            }
                        }
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "subject red in %.0f %% of frames, read as the target shape in %.0f %% "
                    + "(shapes %s), centroid %.2f px from the star's (max %.2f), background %.2f dB", 100 * colourShare,
                    100 * shapeShare, shapes, meanCentroidError, maxCentroidError, backgroundPsnr);
        }
    }

    private static List<RgbFrame> decode(Path mkv) throws Exception {
        return TestServices.await(VideoCodecRegistry.class).readVideo(mkv, null);
    }

    private static int[] seeds() {
        return Arrays.stream(System.getProperty("vswap.demoSwapSeeds", "0").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
    }

    // Floors with margin under the figures measured at swap seeds 0-4 (docs/demo.md):
    // red and read as a disc in 100 % of frames, centroid 2.58-2.62 px from the star's (max 3.17-3.23),
    // background 32.19-32.20 dB (phase-1 model; the round-5 model at its recommended motion scale 2 and guidance
    // 3, seed 0: 100 %, 0.96 px, max 2.21, 33.63 dB; with placement guidance 30 also: 0.82 px, max 2.05, 33.64 dB;
    // with the 300 it recommends now and 10 steps: 0.94 px, max 1.79, 33.65 dB; at guidance 7.5: 1.28 px, max 2.50,
    // 33.05 dB). (The seed moves little at these settings: inversion and edit are
    // deterministic, it only draws the MLPs' init, the registration noise and the DIFT noise.)
    private static final double FLOOR_COLOUR_SHARE = 0.75;
    private static final double FLOOR_SHAPE_SHARE = 0.75;
    private static final double CEILING_MEAN_CENTROID_PX = 4.5;
    private static final double CEILING_MAX_CENTROID_PX = 7;
    private static final double FLOOR_BACKGROUND_PSNR = 29;
}
