package io.vswap.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.Embeddings;
import io.vswap.diffusion.api.ModelKey;
import io.vswap.diffusion.api.RgbImage;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricResult;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/**
 * CLIP-T, CLIP-F and CLIP-I through their services, on the small random CLIP whose numerics
 * {@code io.vswap.diffusion.tests}' ClipReferenceTest holds against openai/CLIP (its fixture folder,
 * read in place: the reactor builds both test bundles from one checkout).
 */
class ClipMetricsTest {

    static final Path CLIP = Path.of("../io.vswap.diffusion.tests/fixtures/clip/model").toAbsolutePath().normalize();

    private static Map<String, Metric> metrics;

    @BeforeAll
    static void services() {
        assertTrue(Files.isRegularFile(CLIP.resolve("model.safetensors")), "the CLIP fixture at " + CLIP);
        metrics = TestServices.awaitKeyed(Metric.class, Metric::id, "clip-t", "clip-f", "clip-i");
    }

    @Test
    void withoutAClipTheyAreUnavailableAndSayWhatToGive(@TempDir Path notAModel) throws Exception {
        List<RgbFrame> frames = Frames.panning(3, 1, 0);
        EvaluationInput in = EvaluationInput.of("no clip", frames, frames).withTargetPrompt("a red star");
        assertTrue(metrics.get("clip-t").unavailable(in).orElseThrow().contains("a CLIP model folder"),
                metrics.get("clip-t").unavailable(in).toString());
        Files.writeString(notAModel.resolve("config.json"), "{\"model_type\": \"bert\"}");
        String why = metrics.get("clip-f").unavailable(in.withModelFolder(notAModel)).orElseThrow();
        assertTrue(why.startsWith("the CLIP in " + notAModel + " cannot be loaded: "), why);
        assertTrue(metrics.get("clip-i").unavailable(in.withModelFolder(CLIP)).orElseThrow()
                .contains("the concept's reference images"));
    }

    @Test
    void theyCompareTheFramesWithThePromptEachOtherAndTheReferences() throws Exception {
        List<RgbFrame> source = Frames.panning(4, 2, 1);
        List<RgbFrame> result = Frames.withSquare(source, 0x2040ff, 12, new int[][] { { 8, 8 }, { 10, 9 }, { 12, 10 },
                { 14, 11 } });
        EvaluationInput in = EvaluationInput.of("clip", source, result).withTargetPrompt("a blue square")
                .withModelFolder(CLIP).withConceptImages(List.of(result.get(2)));
        for (String id : List.of("clip-t", "clip-f", "clip-i")) {
            assertTrue(metrics.get(id).unavailable(in).isEmpty(), id + ": " + metrics.get(id).unavailable(in));
        }
        MetricResult t = metrics.get("clip-t").measure(in, new NullProgressMonitor());
        MetricResult f = metrics.get("clip-f").measure(in, new NullProgressMonitor());
        MetricResult i = metrics.get("clip-i").measure(in, new NullProgressMonitor());

        // the same cosines as the model's own embeddings give: the target prompt, the result's frames
        TensorRuntime runtime = TestServices.await(TensorRuntime.class);
        try (ClipModel model = ClipModel.load(runtime, CLIP)) {
            float[][] frames = model.embedImages(result.stream().map(x -> new RgbImage(x.width(), x.height(), x.rgb()))
                    .toList());
            float[] prompt = model.embedTexts(List.of("a blue square"))[0];
            for (int k = 0; k < frames.length; k++) {
                assertEquals(Embeddings.cosine(frames[k], prompt), t.perFrame()[k], 1e-6, "CLIP-T of frame " + k);
            }
            assertEquals(Embeddings.cosine(frames[0], frames[1]), f.perFrame()[1], 1e-6);
        }
        assertTrue(Double.isNaN(f.perFrame()[0]), "CLIP-F's first frame has no frame before it");
        String key = ModelKey.ofFolder(CLIP);
        for (MetricResult r : List.of(t, f, i)) {
            assertTrue(r.notes().stream().anyMatch(n -> n.contains(CLIP.toAbsolutePath().normalize().toString())
                    && n.contains(key)), "the CLIP named: " + r.notes());
        }
        assertEquals(1.0, i.perFrame()[2], 1e-5, "frame 2 is the reference image");
        assertTrue(i.perFrame()[0] < 1.0 - 1e-4);
        // identical frames are alike
        MetricResult still = metrics.get("clip-f").measure(EvaluationInput.of("still", List.of(result.get(0),
                result.get(0)), List.of(result.get(0), result.get(0))).withModelFolder(CLIP), new NullProgressMonitor());
        assertEquals(1.0, still.summary(), 1e-5);
    }
}
