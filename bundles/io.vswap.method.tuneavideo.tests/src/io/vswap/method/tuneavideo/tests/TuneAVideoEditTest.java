package io.vswap.method.tuneavideo.tests;

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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.method.tuneavideo.internal.InflatedUNet;
import io.vswap.method.tuneavideo.internal.TuneAVideoMethod;
import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SubjectChecker;
import io.vswap.samples.api.SubjectColor;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditObserver;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditReport.CacheOutcome;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.testing.RenderSubjectMasks;
import io.vswap.testing.SampleProject;
import io.vswap.testing.TestServices;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;

/**
 * Tune-A-Video end to end on the shipped sample model, as a user runs it: the sample project, then a
 * {@code swap} job with {@code "method": "tuneavideo"} that asks for a blue star instead of the red one,
 * with few steps. The render's subject must turn blue in most frames with the background kept; its
 * record names the method and its settings; a second edit of the clip reuses the tuned weights and the
 * inversion from the cache. The same DS service refuses bad input in words before any work, stops
 * when cancelled, and a tuning stopped half-way resumes from its saved state in the next run.
 */
class TuneAVideoEditTest {

    static final String PROMPT = "a red star on a grey striped background";

    /** Few steps for the suite's time budget; the measured figures (docs) use the presets. */
    static final String FEW_STEPS = "\"tuningSteps\": 6, \"learningRate\": 1e-4, \"inversionSteps\": 8, \"steps\": 8, "
            + "\"guidanceScale\": 5.0";

    @Test
    void aColourEditFromABatchSpecTurnsTheStarBlueKeepsTheBackgroundAndReusesTheTuning(@TempDir Path dir)
            throws Exception {
        Path project = SampleProject.make(dir);
        long t0 = System.nanoTime();
        String first = SampleProject.batch(dir, """
                {"type": "swap", "project": "%s", "shot": "sample", "method": "tuneavideo", "prompt": "%s",
                 "subject": "red", "target": "blue", %s}""".formatted(project, PROMPT, FEW_STEPS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(first.contains("tuning computed") && first.contains("inversion computed"), first);
        SwapRender r = SwapRenders.read(record(project, "-swap-blue.json"));
        assertEquals(TuneAVideoMethod.ID, r.job().method());
        assertEquals(6, ((Number) r.job().settings().get("tuningSteps")).intValue(), "the settings used are in the record");
        assertTrue(r.report().loss("tuning").isPresent(), "the record has the tuning's loss");

        List<RgbFrame> result = decode(record(project, "-swap-blue.mkv"));
        List<RgbFrame> source = sourceFrames(project);
        assertEquals(source.size(), result.size());
        int blue = 0;
        double squared = 0;
        long values = 0;
        for (int f = 0; f < source.size(); f++) {
            float[] src = floats(source.get(f)), out = floats(result.get(f));
            CheckResult was = SubjectChecker.check(src, 64), now = SubjectChecker.check(out, 64);
            blue += now.color() == SubjectColor.BLUE ? 1 : 0;
            // background: outside both subjects, grown by two pixels
            boolean[] subject = new FrameMasks(1, 64, 64, was.mask()).union(new FrameMasks(1, 64, 64, now.mask())).dilated(2)
                    .bits();
            for (int i = 0; i < 64 * 64; i++) {
                if (!subject[i]) {
                    for (int c = 0; c < 3; c++) {
                        double d = 255 * (src[i * 3 + c] - out[i * 3 + c]);
                        squared += d * d;
                        values++;
                    }
                }
            }
        }
        double psnr = 10 * Math.log10(255.0 * 255.0 / (squared / values));
        System.out.printf(Locale.ROOT, "Tune-A-Video red -> blue on the sample project (%s): %d of %d frames blue, "
                + "background %.2f dB; %.1f s; %s%n", FEW_STEPS, blue, source.size(), psnr, seconds, first);
        assertTrue(blue >= source.size() / 2, blue + " of " + source.size() + " frames blue");
        assertTrue(psnr > 20, "background " + psnr + " dB");
        // the render says where the subject is (the evaluation's background metrics read it)
        assertTrue(r.masksFile().isPresent(), "the record lists the subject masks: " + r.files());
        double[] masks = RenderSubjectMasks.againstSource(record(project, "-swap-blue.json")
                .resolveSibling(r.masksFile().get()), source);
        System.out.printf(Locale.ROOT, "Tune-A-Video subject masks: %.2f of the source subject inside, %.2f of the "
                + "frame%n", masks[0], masks[1]);
        assertTrue(masks[0] > 0.6 && masks[1] < 0.5, "subject inside " + masks[0] + ", frame covered " + masks[1]);

        // another target of the same clip, fewer sampling steps (not part of the source side's key): the tuned
        // weights and the inversion come from the cache
        String second = SampleProject.batch(dir, """
                {"type": "swap", "project": "%s", "shot": "sample", "method": "tuneavideo", "prompt": "%s",
                 "subject": "red", "target": "green", %s}""".formatted(project, PROMPT,
                FEW_STEPS.replace("\"steps\": 8", "\"steps\": 3")));
        assertTrue(second.contains("tuning reused") && second.contains("inversion reused"), second);
    }

    @Test
    void badInputIsRefusedInWordsACancelStopsTheEditAndTheNextRunResumesTheTuning(@TempDir Path dir)
            throws Exception {
        EditMethod tav = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, TuneAVideoMethod.ID)
                .get(TuneAVideoMethod.ID);
        assertEquals(Set.of(EditInput.SUBJECT_WORD, EditInput.TARGET_WORD, EditInput.TARGET_PROMPT), tav.inputs(),
                "a prompt edit, no points");
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        ModelProvider provider = TestServices.await(ModelProvider.class);
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root, rt.precision())) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                List<RgbFrame> frames = grey(4);
                String same = assertThrows(IllegalArgumentException.class, () -> tav.run(new EditRequest(dm, frames,
                        null, null, PROMPT, "red", "RED", Map.of()), null)).getMessage();
                assertTrue(same.contains("nothing to edit"), same);
                String tooLong = assertThrows(IllegalArgumentException.class, () -> tav.run(new EditRequest(dm,
                        grey(TuneAVideoMethod.MAX_FRAMES + 1), null, null, PROMPT, "red", "blue", Map.of()), null))
                        .getMessage();
                assertTrue(tooLong.contains("up to " + TuneAVideoMethod.MAX_FRAMES + " frames"), tooLong);
                String unknown = assertThrows(IllegalArgumentException.class, () -> tav.run(new EditRequest(dm, frames,
                        null, null, PROMPT, "red", "blue", Map.of("motionScale", 2)), null)).getMessage();
                assertTrue(unknown.contains("no setting 'motionScale'"), unknown);

                // a UNet without self-attention, or without a query projection: refused, naming what is missing
                UNetModel unet = model.unet().imageUNet();
                List<AttentionLayer> crossOnly = unet.attentionLayers().stream().filter(AttentionLayer::crossAttention)
                        .toList();
                String noSelf = assertThrows(IllegalArgumentException.class,
                        () -> InflatedUNet.requireLayers(crossOnly, unet.parameterShapes().keySet())).getMessage();
                assertTrue(noSelf.contains("no self-attention layers"), noSelf);
                AttentionLayer firstLayer = unet.attentionLayers().get(0);
                Set<String> withoutQuery = unet.parameterShapes().keySet().stream()
                        .filter(n -> !n.equals(firstLayer.name() + ".to_q.weight")).collect(Collectors.toSet());
                String noQuery = assertThrows(IllegalArgumentException.class,
                        () -> InflatedUNet.requireLayers(unet.attentionLayers(), withoutQuery)).getMessage();
                assertTrue(noQuery.contains(firstLayer.name()) && noQuery.contains("no query projection"), noQuery);

                // cancelled at once: the tuning stops before its first step
                AtomicBoolean asked = new AtomicBoolean();
                NullProgressMonitor cancelled = new NullProgressMonitor() {
                    @Override
                    public boolean isCanceled() {
                        asked.set(true);
                        return true;
                    }
                };
                assertThrows(OperationCanceledException.class, () -> tav.run(new EditRequest(dm, frames, null, null,
                        PROMPT, "red", "blue", Map.of("tuningSteps", 2, "inversionSteps", 2, "steps", 2)), cancelled));
                assertTrue(asked.get());
                assertFalse(tav.inputs().contains(EditInput.POINTS));

                // cancelled after the first tuning step, with a cache: the next run resumes from the saved state
                // (without temporal layers, the ablation: only the query projections are tuned)
                Map<String, Object> few = Map.of("tuningSteps", 3, "inversionSteps", 2, "steps", 2, "temporalLayers",
                        false);
                PreprocessingCache cache = new PreprocessingCache(dir, "test-model");
                AtomicBoolean stop = new AtomicBoolean();
                EditObserver stopAfterOneStep = new EditObserver() {
                    @Override
                    public void loss(String curve, int iteration, int total, double loss) {
                        stop.set(true);
                    }
                };
                NullProgressMonitor stopping = new NullProgressMonitor() {
                    @Override
                    public boolean isCanceled() {
                        return stop.get();
                    }
                };
                EditRequest edit = new EditRequest(dm, frames, null, null, PROMPT, "red", "blue", few, cache);
                assertThrows(OperationCanceledException.class, () -> tav.run(edit.observedBy(stopAfterOneStep),
                        stopping));
                EditReport resumed = tav.run(edit, new NullProgressMonitor()).report();
                assertEquals("from step 1 of 3 (a stopped tuning's saved state)",
                        resumed.note("tuning.resumed").orElse(""), resumed.summary());
                assertEquals(CacheOutcome.COMPUTED, resumed.cacheUse("tuning").orElseThrow().outcome());
                assertEquals(CacheOutcome.REUSED, tav.run(edit, new NullProgressMonitor()).report().cacheUse("tuning")
                        .orElseThrow().outcome());
            }
            return null;
        });
    }

    private static Path record(Path project, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(project.resolve("renders"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    private static List<RgbFrame> sourceFrames(Path project) throws Exception {
        ProjectStore store = TestServices.await(ProjectStore.class);
        Project p = store.open(project);
        Shot s = p.shots().get(0);
        return store.readClipFrames(p, s, s.clips().get(0), new NullProgressMonitor());
    }

    private static List<RgbFrame> decode(Path file) throws Exception {
        return TestServices.await(VideoCodecRegistry.class).readVideo(file, new NullProgressMonitor());
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

    private static float[] floats(RgbFrame f) {
        byte[] b = f.rgb();
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (b[i] & 0xff) / 255f;
        }
        return out;
    }
}
