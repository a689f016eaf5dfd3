package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptInputException;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.concepts.internal.training.EdLoraModel;
import io.vswap.concepts.internal.training.EdLoraTraining;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * ED-LoRA training on the shipped sample model (a frozen fixture) with reference images of a subject it
 * was never taught: a few steps lower the loss, the weights round-trip, the loaded concept changes what the
 * model draws for its token; a run stopped after a checkpoint and resumed ends where an uninterrupted run
 * ends; bad inputs are refused in words before any work.
 */
class ConceptTrainingTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static ConceptTrainer trainer;
    static TensorRuntime rt;
    static Path model;
    static List<Path> hexagons;

    @BeforeAll
    static void services() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        trainer = TestServices.await(ConceptTrainer.class);
        rt = TestServices.await(TensorRuntime.class);
        store.setLibraries(dir.resolve("mine"), List.of());
        model = SampleModel.shippedFolder();
        hexagons = UnseenSubject.TWO_TONE_HEXAGON.writeReferences(dir.resolve("refs"), 4, 64);
    }

    static TrainingRequest request(String token, List<Path> images, Path work) throws Exception {
        TrainingRequest r = new TrainingRequest(model, images, "Two-tone hexagon", token, "hexagon", "", List.of(),
                TrainingSettings.mixOfShow(images.size(), 64, 1, 1), work);
        return r.withSettings(trainer.defaults(r, 1));
    }

    @Test
    void theDefaultsAreMixOfShowsScaledToTheModel() throws Exception {
        TrainingSettings s = request("<hex1>", hexagons, dir.resolve("w0")).settings();
        assertEquals(4 * 500 / 2, s.steps(), "images x 500 repeats / batch 2");
        assertEquals(2, s.batch());
        assertEquals(1e-4, s.unetLr());
        assertEquals(1e-5, s.textEncoderLr());
        assertEquals(4, s.rank());
        assertEquals(1.0, s.alpha() / s.rank(), "Mix-of-Show's LoRA scale 1");
        // the embedding settings stand to this model's embeddings as Mix-of-Show's to SD 1.5's
        assertEquals(s.embeddingLr() / s.initSigma(), 1e-3 / 0.013, 1e-9);
        assertEquals(s.embeddingNormLimit() / (s.initSigma() * 8), 0.55 / (0.013 * Math.sqrt(768)), 1e-9);
    }

    @Test
    void badInputIsRefusedInWordsBeforeAnyWork() throws Exception {
        Path work = dir.resolve("bad-work");
        refused(request("<hex2>", hexagons.subList(0, 2), work), "3 to 20 reference images; 2 were given");
        Path broken = Files.writeString(dir.resolve("broken.png"), "not an image");
        List<Path> withBroken = new ArrayList<>(hexagons.subList(0, 3));
        withBroken.add(broken);
        refused(request("<hex2>", withBroken, work), "broken.png cannot be read as an image");
        Path big = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(300, 400, BufferedImage.TYPE_INT_RGB), "png", big.toFile());
        List<Path> withBig = new ArrayList<>(hexagons.subList(0, 3));
        withBig.add(big);
        refused(request("<hex2>", withBig, work), "wildly different sizes: ");
        // "square" is a word of the sample model's vocabulary
        refused(request("<square>", hexagons, work), "clashes with the word \"square\" of the model's vocabulary");
        refused(request("hex2", hexagons, work), "a concept's token is written like <hexagon1>");
        var taken = ConceptFixtures.make(dir.resolve("taken"), "Taken", "<hex3>", BaseModelId.of(model));
        store.add(store.userLibrary(), taken.concept(), taken.files());
        refused(request("<hex3>", hexagons, work), "the token <hex3> is already \"Taken\"'s");
        assertFalse(Files.exists(work), "nothing written");
    }

    private static void refused(TrainingRequest r, String words) {
        ConceptInputException e = assertThrows(ConceptInputException.class,
                () -> trainer.train(r, store.userLibrary(), TrainingListener.NONE, null));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    /** Steps enough to move the loss on this model; Mix-of-Show's own count is the default (2000 here). */
    static final int STEPS = 12;

    @Test
    void aFewStepsLowerTheLossAndTheLoadedConceptChangesWhatTheModelDraws() throws Exception {
        TrainingRequest r = request("<hex4>", hexagons, dir.resolve("w4"));
        r = r.withSettings(r.settings().withSteps(STEPS).withCheckpointEvery(1000));
        Path weights = dir.resolve("hex4.safetensors");
        TrainingRequest req = r;
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                NDArray plain = draw(m, root, null, "a photo of a hexagon");
                Map<String, String> notes = new LinkedHashMap<>();
                float[] trained;
                try (EdLoraTraining t = EdLoraTraining.create(req, images(), m, BaseModelId.of(model), notes, root)) {
                    long cross = m.unet().imageUNet().attentionLayers().stream().filter(l -> l.crossAttention()).count();
                    assertEquals(12, cross, "the sample UNet's cross-attention layers");
                    assertEquals("12", notes.get("layers"), "one embedding per cross-attention layer");
                    double before = t.evaluationLoss(root, 2);
                    long t0 = System.nanoTime();
                    assertTrue(t.run(root, dir.resolve("w4"), TrainingListener.NONE, null, STEPS));
                    System.out.printf("ED-LoRA %d steps in %.1f s; evaluation loss %.4f -> %.4f%n", STEPS,
                            (System.nanoTime() - t0) / 1e9, before, t.evaluationLoss(root, 2));
                    assertTrue(t.evaluationLoss(root, 2) < before, "the loss fell");
                    t.saveWeights(weights);
                    trained = draw(m, root, t.prompt(), "a photo of a <hex4>").toFloatArray();
                }
                // the weights file names what it holds
                try (SafetensorsFile f = SafetensorsFile.open(weights)) {
                    assertEquals(List.of(12L, 2L, 64L), java.util.Arrays.stream(f.entry(EdLoraModel.EMBEDDINGS).shape())
                            .boxed().toList());
                    assertTrue(f.contains("unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.lora_A.weight"));
                    assertTrue(f.entries().stream().anyMatch(e -> e.name().startsWith("text_encoder.")
                            && e.name().contains("self_attn.q_proj.lora_B")));
                }
                // closed, the model draws as before; loaded back, the concept draws what it drew trained
                assertEquals(0, maxDiff(plain.toFloatArray(), draw(m, root, null, "a photo of a hexagon")
                        .toFloatArray()), 1e-6);
                try (ConceptPrompt loaded = ConceptPrompt.load(m, weights, DotProductAttention.DEFAULT, root)) {
                    float[] again = draw(m, root, loaded, "a photo of a <hex4>").toFloatArray();
                    assertEquals(0, maxDiff(trained, again), 1e-4, "the weights round-trip");
                    double changed = meanDiff(plain.toFloatArray(), again);
                    System.out.printf("mean |concept - class word| per pixel: %.4f%n", changed);
                    assertTrue(changed > 0.02, "the concept changes what the model draws: " + changed);
                }
            }
            return null;
        });
    }

    @Test
    void aResumedTrainingEndsWhereAnUninterruptedOneEnds() throws Exception {
        Path work = dir.resolve("w5");
        TrainingRequest r = request("<hex5>", hexagons.subList(0, 3), work);
        TrainingRequest req = r.withSettings(r.settings().withSteps(4).withCheckpointEvery(2));
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                BaseModelId base = BaseModelId.of(model);
                List<Double> straight;
                Path once = dir.resolve("straight.safetensors");
                try (EdLoraTraining t = EdLoraTraining.create(req, images3(), m, base, new LinkedHashMap<>(), root)) {
                    assertTrue(t.run(root, dir.resolve("w5-straight"), TrainingListener.NONE, null, 4));
                    straight = t.losses();
                    t.saveWeights(once);
                }
                try (EdLoraTraining t = EdLoraTraining.create(req, images3(), m, base, new LinkedHashMap<>(), root)) {
                    assertFalse(t.run(root, work, TrainingListener.NONE, null, 3), "stopped after step 3");
                }
                assertTrue(Files.isRegularFile(work.resolve(EdLoraTraining.CHECKPOINT)), "the step-2 checkpoint");
                Path resumed = dir.resolve("resumed.safetensors");
                try (EdLoraTraining t = EdLoraTraining.create(req, images3(), m, base, new LinkedHashMap<>(), root)) {
                    assertTrue(t.run(root, work, TrainingListener.NONE, null, 4));
                    assertEquals(2, t.resumedFrom());
                    assertEquals(4, t.losses().size(), "the same step count: 2 from the checkpoint, 2 more");
                    for (int i = 0; i < 4; i++) {
                        assertEquals(straight.get(i), t.losses().get(i), 1e-4, "loss of step " + (i + 1));
                    }
                    t.saveWeights(resumed);
                }
                try (SafetensorsFile a = SafetensorsFile.open(once); SafetensorsFile b = SafetensorsFile.open(resumed)) {
                    for (var e : a.entries()) {
                        assertEquals(0, maxDiff(a.floats(e.name()), b.floats(e.name())), 1e-5, e.name());
                    }
                }
            }
            return null;
        });
    }

    private static List<BufferedImage> images() throws Exception {
        List<BufferedImage> out = new ArrayList<>();
        for (Path p : hexagons) {
            out.add(ImageIO.read(p.toFile()));
        }
        return out;
    }

    private static List<BufferedImage> images3() throws Exception {
        return images().subList(0, 3);
    }

    /** An image drawn in 8 DDIM steps from a fixed seed, guidance 7.5, through the concept when one is given. */
    static NDArray draw(VideoDiffusionModel m, NDManager root, ConceptPrompt concept, String prompt) {
        return draw(m, root, concept, prompt, 8, 7);
    }

    /** An image drawn in {@code steps} DDIM steps from {@code seed}, guidance 7.5, through the concept when given. */
    static NDArray draw(VideoDiffusionModel m, NDManager root, ConceptPrompt concept, String prompt, int steps,
            long seed) {
        DdimScheduler ddim = m.ddim(steps);
        NDArray text;
        NDArray empty;
        if (concept != null) {
            text = concept.encode(root, List.of(prompt));
            empty = concept.encode(root, List.of(""));
        } else {
            text = m.encodePrompts(root, List.of(prompt));
            empty = m.encodePrompts(root, List.of(""));
        }
        NDArray states = empty.concat(text, 0);
        NDArray z = SeededNoise.normal(root, seed, new ai.djl.ndarray.types.Shape(1, 4, 16, 16));
        for (int t : ddim.timesteps()) {
            try (NDManager step = root.newSubManager()) {
                NDArray in = z.concat(z, 0);
                in.attach(step);
                NDArray eps = m.unet().imageUNet().forward(in, new float[] { t }, states);
                NDArray u = eps.get(0);
                NDArray c = eps.get(1);
                NDArray guided = u.add(c.sub(u).mul(7.5)).expandDims(0);
                NDArray next = ddim.step(guided, t, z).sample();
                next.attach(root);
                z = next;
            }
        }
        return m.vae().decode(z);
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    static double meanDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }

    @Test
    void aConceptForAnotherModelsLayersIsRefused() throws Exception {
        Path weights = Files.createDirectories(dir.resolve("other")).resolve("w.safetensors");
        new io.vswap.diffusion.api.SafetensorsWriter().metadata("format", EdLoraModel.FORMAT)
                .metadata("token", "<hex6>").metadata("layers", "down_blocks.0.attentions.0.transformer_blocks.0.attn2")
                .add(EdLoraModel.EMBEDDINGS, new float[2 * 64], 1, 2, 64).write(weights);
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                ConceptFileException e = assertThrows(ConceptFileException.class,
                        () -> ConceptPrompt.load(m, weights, DotProductAttention.DEFAULT, root));
                assertTrue(e.getMessage().contains("the concept does not fit this model"), e.getMessage());
            }
            return null;
        });
    }

    static ConceptLibrary mine() {
        return store.userLibrary();
    }
}
