package io.vswap.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.batch.api.SpecException;
import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSetStore;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.SwapSpec;
import io.vswap.testing.TestServices;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * The Evaluator and the "evaluate" job on real files: a clip imported by the import job, a render
 * written as the swap job writes one (record, lossless video, subject masks), the point set saved by
 * the store; and what a user gets wrong: a render of another length, a missing video, a mask that
 * does not fit, a source that is gone.
 */
class EvaluatorTest {

    @TempDir
    static Path dir;

    private static Evaluator evaluator;
    private static Map<String, BatchJobType> jobs;
    private static List<RgbFrame> source;

    @BeforeAll
    static void projectWithARender() throws Exception {
        evaluator = TestServices.await(Evaluator.class);
        jobs = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "import", "evaluate");
        source = Frames.withPatch(Frames.panning(Frames.PATCH_FRAMES, 0, 0), Frames.moving());
        write(dir.resolve("shot.mkv"), source);
        run("""
                {"type": "import", "video": "shot.mkv", "project": "proj", "shot": "s",
                 "clip": {"name": "main", "start": 0, "frames": 8, "stride": 1, "size": "64x48"}}""");
        Project p = TestServices.await(ProjectStore.class).open(dir.resolve("proj"));
        TestServices.await(PointSetStore.class).save(p, p.shots().get(0), Frames.patchPoints("main"));
        // the "edit": the background 3 levels brighter, the subject as it was
        List<RgbFrame> result = Frames.withPatch(Frames.shifted(Frames.panning(Frames.PATCH_FRAMES, 0, 0), (f, q) -> 3),
                Frames.moving());
        render(p, "s-main-swap-patch", result, true);
        render(p, "s-main-swap-short", result.subList(0, 6), false);
    }

    /** A render as the swap job writes one; the masks at an 8-px latent grid cover the patch's cells. */
    private static void render(Project p, String stem, List<RgbFrame> frames, boolean masks) throws Exception {
        Path renders = p.rendersFolder();
        Files.createDirectories(renders);
        write(renders.resolve(stem + ".mkv"), frames);
        List<String> files = new ArrayList<>(List.of(stem + ".mkv"));
        if (masks) {
            int[][] at = Frames.moving();
            boolean[] bits = new boolean[frames.size() * 8 * 6];
            for (int f = 0; f < frames.size(); f++) {
                for (int y = at[f][1] / 8; y <= (at[f][1] + Frames.PATCH - 1) / 8; y++) {
                    for (int x = at[f][0] / 8; x <= (at[f][0] + Frames.PATCH - 1) / 8; x++) {
                        bits[(f * 6 + y) * 8 + x] = true;
                    }
                }
            }
            Files.write(renders.resolve(stem + SwapRender.MASKS), new FrameMasks(frames.size(), 8, 6, bits).toPng());
            files.add(stem + SwapRender.MASKS);
        }
        SwapSpec job = new SwapSpec(p.folder(), "s", Optional.of("main"), Optional.of("main"), "a patch on a pattern",
                "patch", "square", List.of(), Map.of(), 0, Optional.of(dir.resolve("model")), "videoswap",
                Optional.empty(), false, Map.of());
        SwapRender r = new SwapRender(job, "VideoSwap", List.of(), PointEdit.unchanged("swap-square"), "files-test",
                new SwapRender.ClipInfo(p.shots().get(0).id(), "s", "main", frames.size(), 64, 48), EditReport.empty(),
                files);
        Files.writeString(renders.resolve(stem + ".json"), SwapRenders.toJson(r));
    }

    @Test
    void aRenderIsMeasuredWithItsMasksAndPointsAndReportedInThreeFiles() throws Exception {
        Path record = dir.resolve("proj/renders/s-main-swap-patch.json");
        EvaluationInput in = evaluator.loadRender(record, Optional.empty(), new NullProgressMonitor());
        assertEquals("a square on a pattern", in.targetPrompt().orElseThrow(), "the subject word replaced by the target");
        assertTrue(in.maskOrigin().startsWith("the edit's subject attention"), in.maskOrigin());
        assertTrue(in.points().isPresent());
        Evaluation e = evaluator.evaluate(in, Set.of(), new NullProgressMonitor());
        double psnr = e.measurement("background-psnr").orElseThrow().result().orElseThrow().summary();
        assertEquals(10 * Math.log10(255.0 * 255 / 9), psnr, 0.05, "3 levels up everywhere outside the masks");
        assertTrue(e.measurement("motion-alignment").orElseThrow().result().orElseThrow().summary() < 0.5);
        assertTrue(e.measurement("clip-t").orElseThrow().unavailable().contains("a CLIP model folder"));

        String summary = run("""
                {"type": "evaluate", "renders": "proj/renders/s-main-swap-patch.json", "output": "report"}""");
        assertTrue(summary.startsWith("1 render(s), 5 measurements"), summary);
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("report/evaluation.json")))
                .getAsJsonObject();
        assertEquals("vswap-evaluation", json.get("format").getAsString());
        assertEquals(1, json.get("version").getAsInt());
        List<String> csv = Files.readAllLines(dir.resolve("report/evaluation.csv"));
        assertEquals("edit,metric,unit,frame,value", csv.get(0));
        assertEquals(1 + 5 * (8 + 1), csv.size(), "a row per frame and one for the clip, for each of 5 metrics");
        assertTrue(csv.contains(String.format(java.util.Locale.ROOT, "s-main-swap-patch,background-psnr,dB,clip,%.6g",
                psnr)), csv.toString());
        String html = Files.readString(dir.resolve("report/evaluation.html"));
        assertTrue(html.contains("<svg") && html.contains("Background PSNR") && html.contains("not measured: needs"));
    }

    @Test
    void whatCannotBeEvaluatedSaysWhyInWords() throws Exception {
        Exception e = assertThrows(IllegalArgumentException.class, () -> evaluator.loadRender(
                dir.resolve("proj/renders/s-main-swap-short.json"), Optional.empty(), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("the source has 8 frames and the result 6"), e.getMessage());

        Exception noVideo = assertThrows(IOException.class, () -> evaluator.loadRender(dir.resolve("proj/renders/x.json"),
                Optional.empty(), new NullProgressMonitor()));
        assertTrue(noVideo.getMessage().contains("there is no render record"), noVideo.getMessage());

        Path wrongMask = dir.resolve("wrong-mask.png");
        Files.write(wrongMask, new FrameMasks(3, 8, 6, new boolean[3 * 8 * 6]).toPng());
        Exception mask = assertThrows(IOException.class, () -> evaluator.loadRender(
                dir.resolve("proj/renders/s-main-swap-patch.json"), Optional.of(wrongMask), new NullProgressMonitor()));
        assertTrue(mask.getMessage().contains("cannot hold 8 frames"), mask.getMessage());

        SpecException folderAndMask = assertThrows(SpecException.class, () -> run("""
                {"type": "evaluate", "renders": "proj/renders", "output": "o", "mask": "wrong-mask.png"}"""));
        assertTrue(folderAndMask.getMessage().contains("a mask is for one render"), folderAndMask.getMessage());
        SpecException unknown = assertThrows(SpecException.class, () -> run("""
                {"type": "evaluate", "renders": "proj/renders", "output": "o", "metrics": ["psnr"]}"""));
        assertTrue(unknown.getMessage().contains("\"psnr\" is not an installed metric; they are: background-flicker"),
                unknown.getMessage());
    }

    @Test
    void aUsersMaskVideoServesAndAMissingSourceLeavesWhatNeedsOnlyTheResult() throws Exception {
        // the user's mask: the whole frame is subject but a border — only that border is background
        List<RgbFrame> mask = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            byte[] rgb = new byte[64 * 48 * 3];
            for (int y = 4; y < 44; y++) {
                for (int x = 4; x < 60; x++) {
                    java.util.Arrays.fill(rgb, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3, (byte) 255);
                }
            }
            mask.add(new RgbFrame(f, 64, 48, rgb));
        }
        Path maskVideo = dir.resolve("mask.mkv");
        write(maskVideo, mask);
        EvaluationInput in = evaluator.loadRender(dir.resolve("proj/renders/s-main-swap-patch.json"),
                Optional.of(maskVideo), new NullProgressMonitor());
        assertEquals("the mask " + maskVideo, in.maskOrigin());
        assertEquals(1 - 56.0 * 40 / (64 * 48), 1 - in.subjectMasks().orElseThrow().coverage(), 1e-9);

        // a project whose shot's video and prepared frames are gone: the render is measured where it can be
        Files.copy(dir.resolve("shot.mkv"), dir.resolve("gone.mkv"));
        run("""
                {"type": "import", "video": "gone.mkv", "project": "proj2", "shot": "s",
                 "clip": {"name": "main", "start": 0, "frames": 8, "stride": 1, "size": "64x48"}}""");
        Project p = TestServices.await(ProjectStore.class).open(dir.resolve("proj2"));
        render(p, "s-main-swap-patch", in.result(), true);
        Files.delete(dir.resolve("gone.mkv"));
        if (Files.isDirectory(p.cacheFolder())) {
            io.vswap.files.api.AtomicFolder.deleteTree(p.cacheFolder());
        }
        Evaluation e = evaluator.evaluate(evaluator.loadRender(dir.resolve("proj2/renders/s-main-swap-patch.json"),
                Optional.empty(), new NullProgressMonitor()), Set.of(), new NullProgressMonitor());
        assertTrue(e.notes().get(0).startsWith("the source clip could not be read"), e.notes().toString());
        assertTrue(e.measurement("background-flicker").orElseThrow().result().isPresent(), "needs the result alone");
        assertEquals("needs the source clip", e.measurement("background-psnr").orElseThrow().unavailable());

        // a renders folder with other JSON beside the record (a report written there, a damaged file):
        // the record is evaluated, the others left out and named
        Files.writeString(p.rendersFolder().resolve("evaluation.json"), "{\"format\": \"vswap-evaluation\"}");
        Files.writeString(p.rendersFolder().resolve("s-main-swap-cut.json"), "{\"format\": \"vswap-swap-ren");
        String line = run("""
                {"type": "evaluate", "renders": "proj2/renders", "output": "report2"}""");
        assertTrue(line.startsWith("1 render(s)"), line);
        assertTrue(line.contains("not render records, left out: ") && line.contains("evaluation.json is not a swap "
                + "render's record") && line.contains("s-main-swap-cut.json is not a readable render record"), line);
    }

    private static String run(String json) throws Exception {
        var spec = JobSpecs.fromJson(json, dir);
        return jobs.get(spec.string("type")).parse(spec).run(new NullProgressMonitor());
    }

    private static void write(Path file, List<RgbFrame> frames) throws Exception {
        VideoCodecRegistry codecs = TestServices.await(VideoCodecRegistry.class);
        FrameWriter w = codecs.writerFor(VideoFormat.FFV1_MKV).orElseThrow()
                .openWriter(file, new EncodeSettings(VideoFormat.FFV1_MKV, frames.get(0).width(), frames.get(0).height(), 24));
        for (RgbFrame f : frames) {
            w.write(f);
        }
        w.close();
    }
}
