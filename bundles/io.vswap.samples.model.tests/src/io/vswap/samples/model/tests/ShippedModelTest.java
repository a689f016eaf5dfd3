package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;
import io.vswap.samples.model.internal.SampleModelEvaluation;

/**
 * The shipped sample model: it passes its checksums, loads, and still gives (on a small sample)
 * the figures the README quotes for it; and the demo's chain runs on it through the batch runner.
 * The floors sit under the figures measured when the weights were committed (README), so a broken
 * loader, VAE, UNet, scheduler or checker fails here.
 */
class ShippedModelTest {

    @Test
    void theShippedModelHoldsItsFigures() throws Exception {
        TensorRuntime rt = Runtime.get();
        VideoDiffusionModel.Layout layout = SampleModel.shipped();
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoDiffusionModel model = VideoDiffusionModel.load(layout, root)) {
                var e = new SampleModelEvaluation(model, SampleModelConfigs.IMAGE_SIZE, SampleModelConfigs.FRAMES);
                long t0 = System.nanoTime();
                double[] vae = e.vaePsnr(root, 32, 1, new NullProgressMonitor());
                double[] inv = e.inversionPsnr(root, 2, 20, 2, new NullProgressMonitor());
                double[] gen = e.textToClip(root, 3, 20, 7.5, 3, new NullProgressMonitor());
                System.out.printf("shipped model, small sample (%.1f s): VAE %.2f dB (min %.2f); inversion 20 steps %.2f dB;"
                        + " text-to-clip: shape+colour %.0f %%, shape %.0f %%, colour %.0f %%, found %.0f %%, jump mean %.2f px%n",
                        (System.nanoTime() - t0) / 1e9, vae[0], vae[1], inv[0], 100 * gen[0], 100 * gen[1],
                        100 * gen[2], 100 * gen[3], gen[4]);
                assertTrue(vae[0] >= FLOOR_VAE_PSNR, "VAE PSNR " + vae[0]);
                assertTrue(inv[0] >= FLOOR_INVERSION_PSNR, "inversion PSNR " + inv[0]);
                assertTrue(gen[2] >= FLOOR_COLOUR, "asked colour in " + gen[2] + " of frames");
                assertTrue(gen[0] >= FLOOR_SHAPE_AND_COLOUR, "asked shape and colour in " + gen[0] + " of frames");
                // the motion modules hold the subject in place: 2.15 px measured on these clips (13 px
                // before the refinement retrained them, so broken temporal layers show here)
                assertTrue(gen[4] <= CEILING_JUMP_PX, "mean centroid jump " + gen[4] + " px");
                return null;
            }
        });
    }

    @Test
    void theDemoChainRunsOnIt(@TempDir Path dir) throws Exception {
        Runtime.get();
        String video = dir.resolve("shot.mkv").toString();
        String project = dir.resolve("project").toString();
        Batch.run("--job", "sample", "output=" + video, "seed=7", "shape=star", "color=red", "pattern=striped",
                "background=grey");
        Batch.run("--job", "import", "video=" + video, "project=" + project, "shot=sample",
                "clip={\"name\": \"main\", \"frames\": 16, \"stride\": 1, \"size\": \"64x64\"}");
        Batch.run("--job", "prepare", "project=" + project, "shot=sample");
        String track = Batch.run("--job", "track", "project=" + project, "shot=sample",
                "points=" + dir.resolve("shot.truth.json"));
        assertTrue(track.contains("against the truth"), track);
        String rec = Batch.run("--job", "reconstruct", "project=" + project, "shot=sample",
                "prompt=a red star on a grey striped background", "steps=10");
        Path report = Path.of(project, "renders", "sample-main-reconstruction.json");
        assertTrue(Files.isRegularFile(report), rec);
        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals(16, r.getAsJsonArray("psnr_db").size());
        assertTrue(r.get("mean_psnr_db").getAsDouble() > FLOOR_DEMO_PSNR, r.toString());
        for (String ext : new String[] { ".mkv", ".mp4", "-sheet.png" }) {
            assertTrue(Files.size(Path.of(project, "renders", "sample-main-reconstruction" + ext)) > 0, ext);
        }
    }

    // floors under the figures measured at commit time (README, "The sample world and the sample model")
    private static final double FLOOR_VAE_PSNR = 29;
    private static final double FLOOR_INVERSION_PSNR = 27;
    private static final double FLOOR_COLOUR = 0.6;
    private static final double FLOOR_SHAPE_AND_COLOUR = 0.5; // 0.77 measured on these 3 clips
    private static final double CEILING_JUMP_PX = 5;
    private static final double FLOOR_DEMO_PSNR = 24;
}
