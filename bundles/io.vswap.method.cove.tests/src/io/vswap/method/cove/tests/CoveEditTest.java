package io.vswap.method.cove.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.method.cove.internal.CoveMethod;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectColor;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.testing.RenderSubjectMasks;
import io.vswap.testing.SampleProject;
import io.vswap.testing.TestServices;
import io.vswap.testing.VideoFiles;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;

/**
 * COVE end to end on the shipped sample model, as a user runs it: a sample shot of a red star made,
 * imported and prepared by the batch jobs (no points: COVE needs none), then a {@code swap} job with
 * {@code "method": "cove"} that turns the star blue. The render must show a blue subject in most
 * frames and keep the background; its record names the method and its settings. The same
 * DS service refuses bad input in words before any work and stops when cancelled.
 */
class CoveEditTest {

    private static final String PROMPT = "a red star on a grey striped background";

    @Test
    void aColourEditFromABatchSpecTurnsTheStarBlueAndKeepsTheBackground(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Path project = sampleProject(dir);
        String summary = SampleProject.batch(dir, """
                {"type": "swap", "project": "%s", "shot": "sample", "method": "cove", "preset": "Draft",
                 "inversionSteps": 10, "steps": 10,
                 "prompt": "%s", "subject": "red", "target": "blue"}""".formatted(project, PROMPT));
        double seconds = (System.nanoTime() - t0) / 1e9;
        // a second edit of the clip starts from the first one's source side (few steps and no injection, whose
        // levels depend on the edit's steps: the suite's time)
        String again = SampleProject.batch(dir, """
                {"type": "swap", "project": "%s", "shot": "sample", "method": "cove", "preset": "Draft",
                 "inversionSteps": 10, "steps": 3, "injectionSteps": 0,
                 "prompt": "%s", "subject": "red", "target": "green"}""".formatted(project, PROMPT));
        assertTrue(again.contains("correspondence reused, inversion reused"), again);
        Path renders = project.resolve("renders");
        Path record;
        try (Stream<Path> s = Files.list(renders)) {
            record = s.filter(p -> p.getFileName().toString().endsWith("-swap-blue.json")).findFirst().orElseThrow();
        }
        SwapRender r = SwapRenders.read(record);
        assertEquals(CoveMethod.ID, r.job().method());
        assertEquals(10, ((Number) r.job().settings().get("steps")).intValue(), "the job's steps are in the record");
        assertEquals(0.5, ((Number) r.job().settings().get("mergeRatio")).doubleValue(), "the defaults too");
        assertEquals(16, ((Number) r.job().settings().get("injectionSteps")).intValue(), "Draft's source injection");
        List<RgbFrame> result = VideoFiles.frames(record.resolveSibling(record.getFileName().toString().replace(".json", ".mkv")));
        List<RgbFrame> source = sourceFrames(project);
        assertEquals(source.size(), result.size());
        int blue = 0, red = 0;
        double squared = 0;
        long pixels = 0;
        for (int f = 0; f < source.size(); f++) {
            float[] src = RgbFloats.of(source.get(f)), out = RgbFloats.of(result.get(f));
            CheckResult was = SubjectChecker.check(src, 64), now = SubjectChecker.check(out, 64);
            blue += now.color() == SubjectColor.BLUE ? 1 : 0;
            red += now.color() == SubjectColor.RED ? 1 : 0;
            // background: outside both subjects, grown by two pixels
            boolean[] subject = new FrameMasks(1, 64, 64, was.mask()).union(new FrameMasks(1, 64, 64, now.mask())).dilated(2)
                    .bits();
            for (int i = 0; i < 64 * 64; i++) {
                if (!subject[i]) {
                    for (int c = 0; c < 3; c++) {
                        double d = 255 * (src[i * 3 + c] - out[i * 3 + c]);
                        squared += d * d;
                    }
                    pixels += 3;
                }
            }
        }
        double psnr = 10 * Math.log10(255.0 * 255.0 / (squared / pixels));
        System.out.printf(Locale.ROOT, "COVE red -> blue (Draft) on the sample project: %d of %d frames blue, %d red, "
                + "background %.2f dB; %.1f s with the project; %s%n", blue, source.size(), red, psnr, seconds, summary);
        assertTrue(blue >= source.size() * 3 / 4, blue + " of " + source.size() + " frames blue");
        assertTrue(psnr > 25, "background " + psnr + " dB"); // measured 27.0 dB, 28.3 with the source injected
        // the render says where the subject is (the evaluation's background metrics read it)
        assertTrue(r.masksFile().isPresent(), "the record lists the subject masks: " + r.files());
        double[] masks = RenderSubjectMasks.againstSource(record.resolveSibling(r.masksFile().get()), source);
        System.out.printf(Locale.ROOT, "COVE subject masks: %.2f of the source subject inside, %.2f of the frame%n",
                masks[0], masks[1]);
        assertTrue(masks[0] > 0.6 && masks[1] < 0.5, "subject inside " + masks[0] + ", frame covered " + masks[1]);
    }

    @Test
    void badInputIsRefusedInWordsAndACancelStopsTheEdit() throws Exception {
        EditMethod cove = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, CoveMethod.ID).get(CoveMethod.ID);
        assertFalse(cove.inputs().contains(io.vswap.swap.api.EditInput.POINTS), "COVE reads no points");
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        ModelProvider provider = TestServices.await(ModelProvider.class);
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root, rt.precision())) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                List<RgbFrame> frames = grey(4);
                String same = assertThrows(IllegalArgumentException.class, () -> cove.run(new EditRequest(dm, frames,
                        null, null, PROMPT, "red", "RED", Map.of()), null)).getMessage();
                assertTrue(same.contains("nothing to edit"), same);
                String tooLong = assertThrows(IllegalArgumentException.class, () -> cove.run(new EditRequest(dm,
                        grey(CoveMethod.MAX_FRAMES + 1), null, null, PROMPT, "red", "blue", Map.of()), null))
                        .getMessage();
                assertTrue(tooLong.contains("up to " + CoveMethod.MAX_FRAMES + " frames"), tooLong);
                String noBlock = assertThrows(IllegalArgumentException.class, () -> cove.run(new EditRequest(dm,
                        frames, null, null, PROMPT, "red", "blue", Map.of("featureUpBlock", 5)), null)).getMessage();
                assertTrue(noBlock.contains("4 decoder blocks"), noBlock);
                // the stages in words, in order; a cancel once the inversion has begun stops the edit there
                List<String> stages = new ArrayList<>();
                Map<String, Object> tiny = Map.of("inversionSteps", 2, "steps", 2);
                cove.run(new EditRequest(dm, frames, null, null, PROMPT, "red", "blue", tiny), recording(stages, null));
                List<String> expected = List.of("encoding the frames", "diffusion features", "correspondences",
                        "DDIM inversion 1/2", "editing 1/2", "editing 2/2", "decoding the frames");
                int at = 0;
                for (String stage : stages) {
                    at += at < expected.size() && stage.startsWith(expected.get(at)) ? 1 : 0;
                }
                assertEquals(expected.size(), at, "stages in order: " + stages);
                List<String> beforeCancel = new ArrayList<>();
                assertThrows(OperationCanceledException.class, () -> cove.run(new EditRequest(dm, frames, null, null,
                        PROMPT, "red", "blue", tiny), recording(beforeCancel, "DDIM inversion 1/2")));
                assertTrue(beforeCancel.stream().noneMatch(x -> x.startsWith("editing")), "stopped before the edit: "
                        + beforeCancel);
            }
            return null;
        });
    }

    /** A monitor that records the stage words and says "cancelled" once {@code cancelAt} has been said (null: never). */
    private static NullProgressMonitor recording(List<String> stages, String cancelAt) {
        return new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                stages.add(name);
            }

            @Override
            public boolean isCanceled() {
                return cancelAt != null && stages.contains(cancelAt);
            }
        };
    }

    /** The sample project as SampleProject makes it, without tracking: a COVE edit needs no points. */
    private static Path sampleProject(Path dir) throws Exception {
        String video = dir.resolve("shot.mkv").toString();
        String proj = dir.resolve("project").toString();
        SampleProject.batch(dir, """
                {"type": "sample", "output": "%s", "seed": 7, "shape": "star", "color": "red", "pattern": "striped",
                 "background": "grey"}""".formatted(video));
        SampleProject.batch(dir, """
                {"type": "import", "video": "%s", "project": "%s", "shot": "sample",
                 "clip": {"name": "main", "frames": 8, "stride": 1, "size": "64x64"}}""".formatted(video, proj));
        SampleProject.batch(dir, "{\"type\": \"prepare\", \"project\": \"%s\", \"shot\": \"sample\"}".formatted(proj));
        return dir.resolve("project");
    }

    private static List<RgbFrame> sourceFrames(Path project) throws Exception {
        ProjectStore store = TestServices.await(ProjectStore.class);
        Project p = store.open(project);
        Shot s = p.shots().get(0);
        return store.readClipFrames(p, s, s.clips().get(0), new NullProgressMonitor());
    }

    private static List<RgbFrame> grey(int n) {
        byte[] rgb = new byte[64 * 64 * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        List<RgbFrame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new RgbFrame(i, 64, 64, rgb));
        }
        return Collections.unmodifiableList(out);
    }
}
