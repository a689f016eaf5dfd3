package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.SpecException;
import io.vswap.batch.api.JobSpecs;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.internal.TrainConceptJobType;
import io.vswap.concepts.internal.training.EdLoraTraining;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * The {@code train-concept} job end to end on the sample model: cancelled after a checkpoint, run again it
 * resumes there, and the concept lands in the library with its weights, reference images, thumbnail, loss
 * curve, base model and training settings; its checkpoint folder is gone. A bad spec is refused by field.
 */
class TrainConceptJobTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static BatchJobType job;

    @BeforeAll
    static void services() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        TestServices.await(TensorRuntime.class); // the trainer registers once the runtime is up
        job = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "train-concept").get("train-concept");
        store.setLibraries(dir.resolve("mine"), List.of());
        UnseenSubject.TWO_TONE_HEXAGON.writeReferences(dir.resolve("refs"), 3, 48);
    }

    @Test
    void aCancelledTrainingResumesFromItsCheckpointAndTheConceptIsStored() throws Exception {
        String spec = """
                {"type": "train-concept", "images": "refs", "token": "<hex7>", "classWord": "hexagon",
                 "name": "Two-tone hexagon", "steps": 4, "checkpointEvery": 2}""";
        Path training = store.userLibrary().folder().resolve(TrainConceptJobType.TRAINING_FOLDER).resolve("hex7");
        NullProgressMonitor cancelAtStep3 = new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                if (name.startsWith("step 3 of 4")) {
                    setCanceled(true);
                }
            }
        };
        assertThrows(OperationCanceledException.class, () -> run(spec, cancelAtStep3));
        assertTrue(Files.isRegularFile(training.resolve(EdLoraTraining.CHECKPOINT)), "the step-2 checkpoint stays");
        assertTrue(store.byToken("<hex7>").isEmpty(), "no concept yet");

        // the job reports its steps: as step 4 of 4 ends (2 were resumed) about half its work is done
        double[] done = new double[3];
        NullProgressMonitor watched = new NullProgressMonitor() {
            @Override
            public void beginTask(String name, int total) {
                done[0] = total;
            }

            @Override
            public void internalWorked(double work) {
                done[1] += work;
            }

            @Override
            public void worked(int work) {
                done[1] += work;
            }

            @Override
            public void subTask(String name) {
                if (name.startsWith("step 4 of 4")) {
                    done[2] = done[1] / done[0];
                }
            }
        };
        String line = run(spec, watched);
        assertTrue(done[2] > 0.3 && done[2] < 0.8, "work done at the resumed run's first step: " + done[2]);
        assertTrue(line.contains("4 steps (resumed at step 2)"), line);
        StoredConcept stored = store.byToken("<hex7>").orElseThrow();
        Concept c = stored.require();
        assertEquals("Two-tone hexagon", c.name());
        assertTrue(c.baseModel().sameModel(BaseModelId.of(SampleModel.shippedFolder())));
        assertEquals(List.of("images/01.png", "images/02.png", "images/03.png"), c.images());
        for (String f : List.of("thumbnail.png", "edlora.safetensors", "loss.csv", "images/03.png")) {
            assertTrue(Files.isRegularFile(stored.folder().resolve(f)), f);
        }
        List<String> curve = Files.readAllLines(stored.folder().resolve(c.training().lossCurve()));
        assertEquals(5, curve.size(), "a header and 4 steps: " + curve);
        Map<String, String> settings = c.training().settings();
        assertEquals("4", settings.get("steps"));
        assertTrue(settings.get("why").contains("Mix-of-Show"), settings.toString());
        assertEquals(2.0, c.training().figures().get("resumedFromStep"));
        store.verify(stored);
        assertFalse(Files.exists(training), "the checkpoint is done with");
    }

    @Test
    void aBadSpecIsRefusedByField() {
        SpecException e = assertThrows(SpecException.class, () -> run("""
                {"type": "train-concept", "images": "refs", "token": "hex8", "classWord": "hexagon"}""",
                new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("token") && e.getMessage().contains("<hexagon1>"), e.getMessage());
        e = assertThrows(SpecException.class, () -> run("""
                {"type": "train-concept", "images": "refs", "token": "<hex8>", "classWord": "hexagon",
                 "preset": "slow"}""", new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("\"standard\" or \"quick\""), e.getMessage());
    }

    private static String run(String json, NullProgressMonitor monitor) throws Exception {
        var spec = JobSpecs.fromJson(json, dir);
        return job.parse(spec).run(monitor);
    }
}
