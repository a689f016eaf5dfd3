package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.BatchSpec;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;
import io.vswap.samples.model.internal.SampleModelEvaluation;
import io.vswap.testing.TestServices;

/**
 * The shipped sample model: it passes its checksums, loads, and still gives (on a small sample)
 * the figures docs/sample-model.md quotes for it; and the demo's chain runs on it through the batch runner.
 * The floors sit under the figures measured when the weights were committed (docs/sample-model.md), so a broken
 * loader, VAE, UNet, scheduler or checker fails here. DDIM inversion is held to its floor by the demo chain's
 * reconstruction (the same inversion and sampling on the same model); the evaluation's own inversion part runs,
 * small, in the cancelled evaluation.
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
                // a small sample, enough to catch a broken part (76 s with 32 / 2 / 3, half that later, then the
                // inversion clip left to theDemoChainRunsOnIt and 15 generation steps instead of 20: the suite's time
                // budget); docs/sample-model.md's figures come from the evaluate-sample-model job (its default seed 1
                // draws these samples first; its text-to-clip figures are at these 15 steps and guidance 7.5)
                var vae = e.vaeRoundTrip(root, 16, 1, new NullProgressMonitor());
                var gen = e.textToClip(root, GENERATED_CLIPS, GENERATION_STEPS, 7.5, 3, 0, new NullProgressMonitor());
                System.out.printf("shipped model, small sample (%.1f s): VAE %.2f dB (min %.2f);"
                        + " text-to-clip: shape+colour %.0f %%, shape %.0f %%, colour %.0f %%, found %.0f %%, jump mean %.2f px%n",
                        (System.nanoTime() - t0) / 1e9, vae.psnr(), vae.psnrMin(), 100 * gen.shapeAndColour(),
                        100 * gen.shape(), 100 * gen.colour(), 100 * gen.found(), gen.meanJump());
                assertTrue(vae.psnr() >= FLOOR_VAE_PSNR, "VAE PSNR " + vae.psnr());
                // the checker reads the world's own images (≥ 98 % on clean frames, its test); the reconstructions
                // bound what any generation can score
                assertTrue(vae.shapeReadOnSources() >= 0.9, "checker on sources " + vae.shapeReadOnSources());
                assertTrue(vae.shapeReadOnReconstructions() >= FLOOR_VAE_SHAPE_READ,
                        "checker on reconstructions " + vae.shapeReadOnReconstructions());
                // the tally by asked shape adds up to the overall figure
                int frames = gen.byShape().values().stream().mapToInt(t -> t.frames()).sum();
                int right = gen.byShape().values().stream().mapToInt(t -> t.right()).sum();
                assertEquals(GENERATED_CLIPS * SampleModelConfigs.FRAMES, frames);
                assertEquals(gen.shape(), right / (double) frames, 1e-9);
                System.out.print(gen.shapeRows());
                assertTrue(gen.colour() >= FLOOR_COLOUR, "asked colour in " + gen.colour() + " of frames");
                assertTrue(gen.shapeAndColour() >= FLOOR_SHAPE_AND_COLOUR,
                        "asked shape and colour in " + gen.shapeAndColour() + " of frames");
                // the motion modules hold the subject in place: 2.00 px measured on these clips (2.31 px at 15 steps,
                // 2026-12-06; 13 px before the refinement retrained them, so broken temporal layers show here)
                assertTrue(gen.meanJump() <= CEILING_JUMP_PX, "mean centroid jump " + gen.meanJump() + " px");
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

    @Test
    void theEvaluationCommandWritesItsTableAndAContactSheet(@TempDir Path dir) throws Exception {
        Runtime.get();
        Path report = dir.resolve("figures.md");
        Path sheet = dir.resolve("sheet.png");
        // the command's table and sheet, not the model's figures (theShippedModelHoldsItsFigures): one DDIM step a clip
        String out = Batch.run("--job", "evaluate-sample-model", "parts=generation", "samples=3", "generation_steps=1",
                "report=" + report, "sheet=" + sheet, "sheet_clips=2");
        String table = Files.readString(report);
        assertTrue(table.contains("asked shape in asked colour (3 clips"), table);
        assertTrue(table.matches("(?s).*\\| … asked [a-z]+ \\(\\d+ frames\\) \\| .*"), table);
        // a row per kept clip, its caption named in the report
        assertTrue(table.matches("(?s).*rows top to bottom: \"a [a-z]+ [a-z]+ on [^\"]+\", \"a [^\"]+\"\\s*"), table);
        assertTrue(out.contains("contact sheet in " + sheet), out);
        BufferedImage png = ImageIO.read(sheet.toFile());
        int tile = SampleModelConfigs.IMAGE_SIZE;
        assertEquals(4 * (tile + 4) + 4, png.getWidth());
        assertEquals(2 * (tile + 4) + 4, png.getHeight());
        // every tile is framed green (read as asked) or red (not)
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 4; col++) {
                Color c = new Color(png.getRGB(4 + col * (tile + 4) + tile / 2, 4 + row * (tile + 4) + 1));
                boolean green = c.getGreen() > 150 && c.getRed() < 60 && c.getBlue() < 60;
                boolean red = c.getRed() > 150 && c.getGreen() < 60 && c.getBlue() < 60;
                assertTrue(green || red, "tile " + row + "," + col + " frame " + c);
            }
        }
        String text = Batch.refused("--job", "evaluate-sample-model", "parts=vae", "sheet=" + sheet);
        assertTrue(text.contains("add generation to parts"), text);
    }

    @Test
    void aCancelledEvaluationKeepsThePartsAlreadyMeasured(@TempDir Path dir) throws Exception {
        Runtime.get();
        Map<String, BatchJobType> types = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type,
                "evaluate-sample-model");
        Path report = dir.resolve("figures.md");
        Path sheet = dir.resolve("sheet.png");
        BatchJob job = BatchSpec.ofJob("evaluate-sample-model", List.of("parts=vae,inversion,generation", "samples=2",
                "inversion_steps=1", "generation_steps=2", "report=" + report, "sheet=" + sheet), types).jobs().get(0);
        var monitor = new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                if (name.startsWith("clip ")) { // text-to-clip reports each clip: the VAE and inversion parts are done
                    setCanceled(true);
                }
            }
        };
        assertThrows(OperationCanceledException.class, () -> job.run(monitor));
        String table = Files.readString(report);
        assertTrue(table.startsWith("INCOMPLETE: still to measure: generation"), table);
        assertTrue(table.contains("VAE reconstruction PSNR (2 images)"), table);
        assertTrue(table.matches("(?s).*\\| DDIM inversion \\+ reconstruction PSNR \\(2 clips × 16 frames, 1 steps\\) "
                + "\\| \\d+\\.\\d\\d dB \\(min \\d+\\.\\d\\d\\) \\|.*"), table);
        assertFalse(table.contains("text-to-clip"), table);
        assertFalse(Files.exists(sheet), "no sheet without generation");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
    }

    // floors under the figures measured at commit time (docs/sample-model.md)
    private static final double FLOOR_VAE_PSNR = 29;
    private static final double FLOOR_VAE_SHAPE_READ = 0.9; // 100 % measured on 30 images
    private static final double FLOOR_COLOUR = 0.6;
    private static final double FLOOR_SHAPE_AND_COLOUR = 0.8; // 1.00 on the first 3 clips (round 5 0.96, round 2 0.92, round 1 0.77); 1.00 on these 2 at 15 steps
    private static final double CEILING_JUMP_PX = 5;
    private static final double FLOOR_DEMO_PSNR = 24;
    private static final int GENERATED_CLIPS = 2;
    private static final int GENERATION_STEPS = 15;
}
