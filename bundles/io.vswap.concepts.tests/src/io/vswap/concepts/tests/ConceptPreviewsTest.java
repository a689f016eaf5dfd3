package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptPreviewer;
import io.vswap.concepts.api.ConceptPreviews;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.PreviewSettings;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.concepts.internal.training.EdLoraTraining;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * Text-to-image with a concept ({@link ConceptPreviewer}, {@link ConceptPreviews}) on the sample model, and
 * previews during a training: images of the model's size, the same seed draws the same image, the token
 * draws otherwise than the class word; a training that previews every step takes the same steps as one that
 * does not (the previews draw from their own seed).
 */
class ConceptPreviewsTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static ConceptTrainer trainer;
    static ConceptPreviewer previewer;
    static TensorRuntime rt;
    static Path model;
    static List<Path> hexagons;

    @BeforeAll
    static void services() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        trainer = TestServices.await(ConceptTrainer.class);
        previewer = TestServices.await(ConceptPreviewer.class);
        rt = TestServices.await(TensorRuntime.class);
        store.setLibraries(dir.resolve("mine"), List.of());
        model = SampleModel.shippedFolder();
        hexagons = UnseenSubject.TWO_TONE_HEXAGON.writeReferences(dir.resolve("refs"), 3, 64);
    }

    /** Three steps with learning rates raised so that three steps move the LoRA visibly. */
    static TrainingRequest request(String token, Path work) throws Exception {
        TrainingRequest r = new TrainingRequest(model, hexagons, "Hexagon", token, "hexagon", "", List.of(),
                TrainingSettings.mixOfShow(3, 64, 1, 1), work);
        TrainingSettings s = trainer.defaults(r, 1).withSteps(3).withCheckpointEvery(2);
        return r.withSettings(s.withLearningRates(s.embeddingLr() * 10, 1e-3, 1e-2));
    }

    /** Keeps the losses and the previews. */
    static final class Kept implements TrainingListener {
        final List<Double> losses = new ArrayList<>();
        final List<Integer> previewSteps = new ArrayList<>();
        final List<BufferedImage> previews = new ArrayList<>();
        final int every;

        Kept(int every) {
            this.every = every;
        }

        @Override
        public void step(int step, int steps, double loss, OptionalLong secondsLeft) {
            losses.add(loss);
        }

        @Override
        public int previewEvery(int steps) {
            return every;
        }

        @Override
        public void preview(int step, BufferedImage image) {
            previewSteps.add(step);
            previews.add(image);
        }
    }

    @Test
    void previewsLeaveATrainingsStepsAsTheyWereAndTheConceptDrawsTheSameFromTheSameSeed() throws Exception {
        TrainingRequest req = request("<hexp1>", dir.resolve("w1"));
        Kept with = new Kept(2);
        Kept without = new Kept(0);
        Path a = dir.resolve("with.safetensors");
        Path b = dir.resolve("without.safetensors");
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                BaseModelId base = BaseModelId.of(model);
                List<BufferedImage> originals = new ArrayList<>();
                for (Path p : hexagons) {
                    originals.add(ImageIO.read(p.toFile()));
                }
                try (EdLoraTraining t = EdLoraTraining.create(req, originals, m, base, new LinkedHashMap<>(), root)) {
                    assertTrue(t.run(root, dir.resolve("w-with"), with, null, 3));
                    t.saveWeights(a);
                }
                try (EdLoraTraining t = EdLoraTraining.create(req, originals, m, base, new LinkedHashMap<>(), root)) {
                    assertTrue(t.run(root, dir.resolve("w-without"), without, null, 3));
                    t.saveWeights(b);
                }
            }
            return null;
        });
        assertEquals(List.of(2, 3), with.previewSteps, "every 2 steps and at the last");
        assertEquals(64, with.previews.get(0).getWidth(), "the sample model's side");
        assertEquals(without.losses, with.losses);
        try (SafetensorsFile fa = SafetensorsFile.open(a); SafetensorsFile fb = SafetensorsFile.open(b)) {
            for (var e : fa.entries()) {
                assertEquals(0, ConceptTrainingTest.maxDiff(fa.floats(e.name()), fb.floats(e.name())), 0, e.name());
            }
        }
        assertEquals(1, PreviewSettings.everyDuringTraining(3));
        assertEquals(200, PreviewSettings.everyDuringTraining(1000), "five previews in a training of 1000 steps");

        // the trained weights as a stored concept, drawn as the workbench's Preview draws
        ConceptFixtures.Made made = ConceptFixtures.make(dir.resolve("made"), "Hexagon", "<hexp1>", BaseModelId.of(model));
        made.files().put("edlora.safetensors", a);
        StoredConcept c = store.add(store.userLibrary(), made.concept(), made.files());
        PreviewSettings s = new PreviewSettings(2, 6, 7.5, 11, 0);
        long t0 = System.nanoTime();
        List<BufferedImage> first = previewer.draw(model, c, "a photo of a <hexp1>", s, null);
        System.out.printf("Preview: 2 images of 6 steps in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<BufferedImage> again = previewer.draw(model, c, "a photo of a <hexp1>", s.withImages(1), null);
        List<BufferedImage> word = previewer.draw(model, c, "a photo of a hexagon", s.withImages(1), null);
        assertEquals(2, first.size());
        assertEquals(64, first.get(0).getWidth());
        assertEquals(64, first.get(0).getHeight());
        assertEquals(0, meanDiff(first.get(0), again.get(0)), 0, "the same seed, the same image");
        assertTrue(meanDiff(first.get(0), first.get(1)) > 1, "another seed, another image");
        double byToken = meanDiff(first.get(0), word.get(0));
        System.out.printf("mean |token - class word| per channel: %.2f of 255%n", byToken);
        assertTrue(byToken > 2, "the token draws otherwise than the class word: " + byToken);
    }

    /** The mean absolute difference per channel, 0–255. */
    static double meanDiff(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        double d = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int sh = 0; sh <= 16; sh += 8) {
                    d += Math.abs((p >> sh & 255) - (q >> sh & 255));
                }
            }
        }
        return d / (3.0 * a.getWidth() * a.getHeight());
    }
}
