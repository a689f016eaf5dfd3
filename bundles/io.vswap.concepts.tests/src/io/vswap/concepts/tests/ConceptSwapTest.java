package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.batch.api.SpecException;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/**
 * A concept of the library as VideoSwap's target, through the services DS wires: the edit finds
 * {@code <token>} in the libraries, draws with the concept's layer-wise states and LoRA (the
 * placement guidance's gradient pass included), names the concept and its checksum in the report,
 * and leaves the model as it found it; a token no library holds is refused in words, by the method
 * and by the swap job's spec check, before any work.
 */
class ConceptSwapTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static TensorRuntime rt;
    static EditMethod videoSwap;
    static StoredConcept concept;

    @BeforeAll
    static void services() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        ConceptTrainer trainer = TestServices.await(ConceptTrainer.class);
        rt = TestServices.await(TensorRuntime.class);
        videoSwap = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, "videoswap").get("videoswap");
        store.setLibraries(dir.resolve("mine"), List.of());
        // a few steps: enough for LoRA weights that change the drawing, not a good concept
        List<Path> images = UnseenSubject.TWO_TONE_HEXAGON.writeReferences(dir.resolve("refs"), 3, 64);
        TrainingRequest r = new TrainingRequest(SampleModel.shippedFolder(), images, "Two-tone hexagon", "<hexswap1>",
                "hexagon", "", List.of(), TrainingSettings.mixOfShow(images.size(), 64, 1, 1), dir.resolve("work"));
        r = r.withSettings(trainer.defaults(r, 1).withSteps(3).withCheckpointEvery(1000));
        concept = trainer.train(r, store.userLibrary(), TrainingListener.NONE, null);
    }

    static final Map<String, Object> QUICK = Map.of("motionFeatures", false, "steps", 4, "placementGuidance", 1.0,
            "placementPasses", 1);

    static EditRequest request(DiffusionModels models, SampleClip clip, String target) {
        List<RgbFrame> frames = new ArrayList<>();
        for (int f = 0; f < clip.frameCount(); f++) {
            frames.add(new RgbFrame(f, clip.size(), clip.size(), clip.frameRgb(f)));
        }
        String subject = clip.spec().shape().word();
        return new EditRequest(models, frames, null, null, clip.caption(), subject, target, QUICK);
    }

    @Test
    void aConceptTokenSwapsTheSubjectAndTheModelIsGivenBackAsItWas() throws Exception {
        SampleClip clip = SampleWorld.clip(11, 64, 4);
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoDiffusionModel m = VideoDiffusionModel.load(
                    VideoDiffusionModel.Layout.of(SampleModel.shippedFolder()), root)) {
                DiffusionModels models = new DiffusionModels(rt, m);
                EditResult word = videoSwap.run(request(models, clip, "square"), new NullProgressMonitor());
                EditResult swapped = videoSwap.run(request(models, clip, "<hexswap1>"), new NullProgressMonitor());
                String note = swapped.report().note("concept.<hexswap1>").orElse(null);
                assertTrue(note != null && note.contains(concept.require().weights().sha256())
                        && note.contains("Two-tone hexagon"), "the report names the concept and its checksum: " + note);
                assertFalse(same(word.frames(), swapped.frames()), "the concept draws, not the word");
                assertTrue(swapped.subjectMasks().isPresent(), "the concept's tokens were watched for the blend");
                // the concept was taken off: the word edit again is the word edit before
                EditResult again = videoSwap.run(request(models, clip, "square"), new NullProgressMonitor());
                assertTrue(same(word.frames(), again.frames()), "the model is given back as it was");
                assertTrue(again.report().note("concept.<hexswap1>").isEmpty());
            }
            return null;
        });
    }

    @Test
    void aTokenNoLibraryHoldsIsRefusedInWordsBeforeAnyWork() throws Exception {
        SampleClip clip = SampleWorld.clip(12, 64, 4);
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoDiffusionModel m = VideoDiffusionModel.load(
                    VideoDiffusionModel.Layout.of(SampleModel.shippedFolder()), root)) {
                DiffusionModels models = new DiffusionModels(rt, m);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> videoSwap.run(request(models, clip, "<nosuch9>"), new NullProgressMonitor()));
                assertTrue(e.getMessage().contains("no concept <nosuch9> is in the concept libraries in use")
                        && e.getMessage().contains("they hold <hexswap1>"), e.getMessage());
            }
            return null;
        });
        BatchJobType swap = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "swap").get("swap");
        SpecException e = assertThrows(SpecException.class, () -> swap.parse(JobSpecs.fromJson("""
                {"type": "swap", "project": "p", "shot": "s", "prompt": "a red disc on a blue striped background",
                 "subject": "disc", "target": "<nosuch9>"}""", dir)));
        assertTrue(e.getMessage().contains("target") && e.getMessage().contains("no concept <nosuch9>"), e.getMessage());
    }

    @Test
    void aMethodThatSwapsForWordsOnlyIsNotGivenAConcept() throws Exception {
        // a studio's method as a bundle would register it: it declares no concept input
        EditMethod wordsOnly = new EditMethod() {
            @Override
            public String id() {
                return "words-only";
            }

            @Override
            public String displayName() {
                return "Words only";
            }

            @Override
            public List<io.vswap.swap.api.EditSetting> settings() {
                return List.of();
            }

            @Override
            public EditResult run(EditRequest request, org.eclipse.core.runtime.IProgressMonitor monitor) {
                throw new IllegalStateException("not run in this test");
            }
        };
        var context = org.osgi.framework.FrameworkUtil.getBundle(ConceptSwapTest.class).getBundleContext();
        var registration = context.registerService(EditMethod.class, wordsOnly, null);
        try {
            TestServices.awaitKeyed(EditMethod.class, EditMethod::id, "words-only");
            BatchJobType swap = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "swap").get("swap");
            SpecException e = assertThrows(SpecException.class, () -> swap.parse(JobSpecs.fromJson("""
                    {"type": "swap", "project": "p", "shot": "s", "prompt": "a red disc on a blue striped background",
                     "subject": "disc", "target": "<hexswap1>", "method": "words-only"}""", dir)));
            assertTrue(e.getMessage().contains("target") && e.getMessage().contains("swaps for words only"),
                    e.getMessage());
        } finally {
            registration.unregister();
        }
    }

    static boolean same(List<RgbFrame> a, List<RgbFrame> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).rgb(), b.get(i).rgb())) {
                return false;
            }
        }
        return true;
    }
}
