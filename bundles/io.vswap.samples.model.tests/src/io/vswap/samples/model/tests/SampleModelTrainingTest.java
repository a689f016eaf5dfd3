package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.internal.SampleModelTrainer;
import io.vswap.samples.model.internal.TrainingLosses;
import io.vswap.samples.model.internal.TrainSampleModelJobType;
import io.vswap.samples.model.internal.TrainingPlan;
import io.vswap.samples.model.internal.TrainingPlan.Stage;

/**
 * A short training run from scratch with the real blocks on the CPU: every stage's held-out loss
 * falls, the model folder loads and is checksummed, and a run killed, then cancelled (and killed
 * mid-checkpoint) resumes to the same weights as an uninterrupted one.
 */
class SampleModelTrainingTest {

    private static final TrainingPlan PLAN = TrainingPlan.smoke(5);

    /** Cancels once the run has logged {@code marker} (e.g. a step of a stage), as a user pressing Ctrl-C then. */
    private static final class CancelAt extends NullProgressMonitor {
        private final String marker;
        private volatile boolean seen;

        CancelAt(String marker) {
            this.marker = marker;
        }

        void log(String line) {
            seen |= line.startsWith(marker);
        }

        @Override
        public boolean isCanceled() {
            return seen;
        }
    }

    private static List<SampleModelTrainer.StageResult> train(TensorRuntime rt, Path work, Path out,
            org.eclipse.core.runtime.IProgressMonitor monitor, List<String> log) throws Exception {
        return new SampleModelTrainer(rt, work, PLAN, log::add).run(out, monitor);
    }

    /**
     * One uninterrupted run checks the plan's losses and model folder and is the reference for the resumes.
     * A killed run leaves its work folder as it was at that moment, so copies of the reference's work folder
     * taken while it runs are what kills then would leave: the resumed run starts from the copy taken at UNet
     * step 25 (its last checkpoint is step 15's), is cancelled at step 25 and resumed again, and must end where
     * the reference did. It does not train the VAE and the first UNet steps again (the reference's); a fresh
     * run, stopped before its first step, shows a run of the plan starts from the reference's weights.
     */
    @Test
    void everyLossFallsAndAResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path tmp) throws Exception {
        TensorRuntime rt = Runtime.get();
        List<String> log = new ArrayList<>();
        Path referenceWork = tmp.resolve("a.work");
        Path killedInVae = tmp.resolve("killed-in-vae.work");
        Path work = tmp.resolve("b.work");
        long t0 = System.nanoTime();
        List<SampleModelTrainer.StageResult> results = new SampleModelTrainer(rt, referenceWork, PLAN, line -> {
            log.add(line);
            if (line.startsWith("vae step 25/")) {
                copyTree(referenceWork, killedInVae);
            } else if (line.startsWith("unet step 25/")) {
                copyTree(referenceWork, work);
            }
        }).run(tmp.resolve("a"), new NullProgressMonitor());
        System.out.printf("smoke training (%s): %.1f s%n", PLAN, (System.nanoTime() - t0) / 1e9);
        log.forEach(l -> System.out.println("  " + l));
        assertEquals(List.of(Stage.VAE, Stage.UNET, Stage.MOTION), results.stream().map(r -> r.stage()).toList());
        for (var r : results) {
            assertTrue(r.evalAfter() < r.evalBefore(), r + ": the held-out loss did not fall");
            assertTrue(r.skippedSteps() <= 2, r + ": too many non-finite steps");
        }
        Path model = tmp.resolve("a");
        SampleModel.verify(model);
        for (String f : List.of("vae/config.json", "unet/config.json", "text_encoder/config.json",
                "tokenizer/vocab.json", "motion_module/config.json", "training.json", "model_index.json")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        JsonObject training = JsonParser.parseString(Files.readString(model.resolve("training.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(training.get("command").getAsString().contains("seed=5"), training.get("command").toString());
        assertTrue(training.get("scaling_factor").getAsDouble() > 0);
        rt.call(() -> {
            try (NDManager m = rt.newManager();
                    VideoDiffusionModel loaded = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), m)) {
                assertEquals(training.get("scaling_factor").getAsDouble(), loaded.vae().config().scalingFactor(), 1e-12);
            }
            return null;
        });

        // a fresh run of the plan, cancelled before its first step: its checkpoint holds the weights it started
        // from, the same as the reference's (the VAE stage trains only the VAE: the reference's other parts at
        // VAE step 15 are still its initial ones), and it drew the same held-out batch from the same VAE
        Path fresh = tmp.resolve("fresh.work");
        CancelAt atFirstStep = new CancelAt("vae: " + PLAN.vaeSteps() + " steps; held-out loss before");
        assertThrows(OperationCanceledException.class, () -> new SampleModelTrainer(rt, fresh, PLAN, atFirstStep::log)
                .run(tmp.resolve("fresh"), atFirstStep));
        String freshState = Files.readString(fresh.resolve("checkpoint/state.json"));
        assertTrue(freshState.contains("\"stage\": \"VAE\"") && freshState.contains("\"step\": 0,"), freshState);
        String referenceAtVae15 = Files.readString(killedInVae.resolve("checkpoint/state.json"));
        assertTrue(referenceAtVae15.contains("\"stage\": \"VAE\"") && referenceAtVae15.contains("\"step\": 15,"),
                referenceAtVae15);
        for (String f : List.of("text_encoder.safetensors", "unet.safetensors", "motion_module.safetensors")) {
            assertEquals(-1L, Files.mismatch(fresh.resolve("checkpoint").resolve(f),
                    killedInVae.resolve("checkpoint").resolve(f)), f + ": a fresh run starts from other weights");
        }
        double vaeBefore = stageRecord(training, "vae").get("eval_before").getAsDouble();
        assertEquals(vaeBefore, stageRecord(checkpointState(fresh), "vae").get("eval_before").getAsDouble(),
                1e-5 * vaeBefore, "a fresh run starts from another VAE or draws another held-out batch");

        // killed after UNet step 25: the periodic checkpoint of step 15 is what is left
        String state = Files.readString(work.resolve("checkpoint/state.json"));
        assertTrue(state.contains("\"stage\": \"UNET\"") && state.contains("\"step\": 15,"), state);
        // resumed there, then cancelled (Ctrl-C) at UNet step 25: a checkpoint the next run resumes from
        CancelAt ctrlC = new CancelAt("unet step 25/");
        List<String> killedLog = new ArrayList<>();
        assertThrows(OperationCanceledException.class, () -> new SampleModelTrainer(rt, work, PLAN, line -> {
            killedLog.add(line);
            ctrlC.log(line);
        }).run(tmp.resolve("b"), ctrlC));
        assertTrue(killedLog.get(0).startsWith("resuming at unet step 15"), killedLog.get(0));
        assertFalse(Files.exists(tmp.resolve("b")), "no model folder from a cancelled run");
        assertTrue(Files.isRegularFile(work.resolve("checkpoint/state.json")));
        state = Files.readString(work.resolve("checkpoint/state.json"));
        assertTrue(state.contains("\"stage\": \"UNET\"") && state.contains("\"step\": 25"), state);
        // a kill while the next checkpoint was being written leaves checkpoint.tmp behind: ignored
        Files.createDirectories(work.resolve("checkpoint.tmp"));
        Files.writeString(work.resolve("checkpoint.tmp/unet.safetensors"), "half written");
        List<String> resumedLog = new ArrayList<>();
        train(rt, work, tmp.resolve("b"), new NullProgressMonitor(), resumedLog);
        assertTrue(resumedLog.get(0).startsWith("resuming at unet step 25"), resumedLog.get(0));
        // a step whose gradient stays non-finite after its replays is skipped (docs/gradients.md); when that
        // happened in only one of the runs they part ways, so the weights are compared only when neither
        // run skipped a step, and the held-out losses always
        JsonObject resumed = JsonParser.parseString(Files.readString(tmp.resolve("b/training.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        int skipped = skipped(training) + skipped(resumed);
        for (String stage : List.of("unet", "motion")) {
            double a = evalAfter(training, stage);
            double b = evalAfter(resumed, stage);
            System.out.printf("held-out loss after %s: uninterrupted %.5f, resumed %.5f%n", stage, a, b);
            assertEquals(a, b, 0.25 * a, stage + ": the resumed run ends elsewhere");
        }
        if (skipped == 0) {
            assertClose(model.resolve("unet/diffusion_pytorch_model.fp16.safetensors"),
                    tmp.resolve("b/unet/diffusion_pytorch_model.fp16.safetensors"));
            assertClose(model.resolve("motion_module/motion_module.fp16.safetensors"),
                    tmp.resolve("b/motion_module/motion_module.fp16.safetensors"));
        } else {
            System.out.println(skipped + " step(s) skipped for non-finite gradients: weights not compared");
        }

        // another seed cannot continue this checkpoint
        IOException e = assertThrows(IOException.class, () -> new SampleModelTrainer(rt, work, TrainingPlan.smoke(6),
                s -> { }).run(tmp.resolve("c"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("another plan"), e.getMessage());
    }

    /** Copies a folder as it is now (what a kill at this moment leaves; the trainer writes nothing meanwhile). */
    private static void copyTree(Path from, Path to) {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonObject checkpointState(Path work) throws IOException {
        return JsonParser.parseString(Files.readString(work.resolve("checkpoint/state.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static JsonObject stageRecord(JsonObject training, String stage) {
        return training.getAsJsonObject("history").getAsJsonObject(stage);
    }

    private static int skipped(JsonObject training) {
        int n = 0;
        for (String stage : List.of("vae", "unet", "motion")) {
            n += training.getAsJsonObject("history").getAsJsonObject(stage).get("skipped_steps").getAsInt();
        }
        return n;
    }

    private static double evalAfter(JsonObject training, String stage) {
        return training.getAsJsonObject("history").getAsJsonObject(stage).get("eval_after").getAsDouble();
    }

    /**
     * The same weights up to float noise: the resumed run restores Adam's state and the data stream
     * exactly, but CPU kernels are not bit-reproducible and Adam turns a tiny difference in a near-zero
     * gradient into a full step (io.vswap.swap's registration shows the same), so single
     * weights may differ by a few learning rates; the weights as a whole must stay close.
     */
    private static void assertClose(Path a, Path b) throws IOException {
        try (SafetensorsFile fa = SafetensorsFile.open(a); SafetensorsFile fb = SafetensorsFile.open(b)) {
            double diff = 0;
            double norm = 0;
            for (var e : fa.entries()) {
                float[] x = fa.floats(e.name());
                float[] y = fb.floats(e.name());
                for (int i = 0; i < x.length; i++) {
                    diff += (double) (x[i] - y[i]) * (x[i] - y[i]);
                    norm += (double) x[i] * x[i];
                }
            }
            double relative = Math.sqrt(diff / norm);
            System.out.println("resumed vs uninterrupted, relative L2 difference of " + a.getFileName() + ": " + relative);
            // measured: 0.3–1.1 % after 15 resumed steps (2026-11-22); 0 on 2026-12-06, after one resume as after the
            // kill and the cancel; a resume that lost Adam's state or the data stream is far off
            assertTrue(relative < 0.03, a + ": the resumed run's weights differ by " + relative + " (relative L2)");
        }
    }

    @Test
    void aRefinementStartsFromTheTrainedModelAndRecordsItsBase(@TempDir Path tmp) throws Exception {
        TensorRuntime rt = Runtime.get();
        Path base = SampleModel.shippedFolder();
        // with the subject-weighted loss, as refinement round 4 of the shipped weights, and (far more than
        // any real plan, so the draw is unmistakable in 24 samples) stars drawn 100 times as often as each other shape
        // and the named points' cells weighted on top (the trainer reads each sample's points); one motion step: of
        // that stage, what is checked here is where it starts
        TrainingPlan plan = new TrainingPlan(9, 0, 16, 6, 4, 1, 1, 100, 4, Map.of(SubjectShape.STAR, 100.0), 8);
        List<String> log = new ArrayList<>();
        Path out = tmp.resolve("refined");
        List<SampleModelTrainer.StageResult> results = new SampleModelTrainer(rt, tmp.resolve("refined.work"), plan,
                base, "shipped", log::add).run(out, new NullProgressMonitor());
        log.forEach(l -> System.out.println("  " + l));
        // no VAE stage: the base's VAE and latent scaling are kept bit for bit (F16 widened and narrowed exactly)
        assertEquals(List.of(Stage.UNET, Stage.MOTION), results.stream().map(r -> r.stage()).toList());
        assertEquals(Files.readString(base.resolve("vae/config.json")), Files.readString(out.resolve("vae/config.json")));
        assertEquals(-1L, Files.mismatch(base.resolve("vae/diffusion_pytorch_model.fp16.safetensors"),
                out.resolve("vae/diffusion_pytorch_model.fp16.safetensors")));
        // the stages started from trained weights: fresh ones have a held-out loss near 1 (see training.json)
        for (var r : results) {
            assertTrue(r.evalBefore() < 0.1, r + ": the run did not start from the trained model");
        }
        assertTrue(Files.mismatch(base.resolve("unet/diffusion_pytorch_model.fp16.safetensors"),
                out.resolve("unet/diffusion_pytorch_model.fp16.safetensors")) >= 0, "the UNet was not trained");
        SampleModel.verify(out);
        JsonObject training = JsonParser.parseString(Files.readString(out.resolve("training.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(training.get("command").getAsString().contains(" from=shipped "), training.get("command").toString());
        assertEquals(4.0, training.getAsJsonObject("plan").get("subject_weight").getAsDouble(), training.get("plan").toString());
        assertTrue(training.get("command").getAsString().endsWith(" subject_weight=4 shape_weights=star:100 point_weight=8"),
                training.get("command").toString());
        assertEquals(plan, TrainingPlan.fromJson(training.getAsJsonObject("plan")), "the record gives the plan back");
        assertEquals(100.0, training.getAsJsonObject("plan").getAsJsonObject("shape_weights").get("star").getAsDouble(),
                training.get("plan").toString());
        // the UNet stage trained on the weighted draw: 24 images, stars expected 95 % of them (uniform: 17 %)
        String draws = log.stream().filter(l -> l.startsWith("unet: training samples by shape")).findFirst()
                .orElseThrow(() -> new AssertionError("no shape count in the log: " + log));
        java.util.regex.Matcher star = java.util.regex.Pattern.compile("star (\\d+) %").matcher(draws);
        assertTrue(star.find() && Integer.parseInt(star.group(1)) >= 75, draws);
        JsonObject baseRecord = training.getAsJsonObject("history").getAsJsonObject("base");
        assertEquals(SampleModel.checksumKey(base), baseRecord.get("checksums_sha256").getAsString());
        assertEquals(JsonParser.parseString(Files.readString(base.resolve("training.json"))).getAsJsonObject()
                .get("command"), baseRecord.get("command"));

        // a folder that is not a complete trained model is refused before any training
        Path notAModel = Files.createDirectories(tmp.resolve("not-a-model"));
        IOException e = assertThrows(IOException.class, () -> new SampleModelTrainer(rt, tmp.resolve("x.work"), plan,
                notAModel, null, s -> { }).run(tmp.resolve("x"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("checksums.json"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void theShippedPlanChainsItsPhasesAndSkipsFinishedOnes(@TempDir Path tmp) throws Exception {
        TensorRuntime rt = Runtime.get();
        // the shipped plan's shape (base from scratch, then refinement rounds), one step a stage: what is checked
        // here is the chain (stages, records, kept VAE, skipped phases); that the stages learn is checked above
        List<TrainingPlan> phases = List.of(new TrainingPlan(11, 1, 4, 1, 4, 1, 1, 100),
                new TrainingPlan(12, 0, 4, 1, 4, 1, 1, 100), new TrainingPlan(13, 0, 4, 1, 4, 1, 1, 100));
        Path work = tmp.resolve("m.work");
        Path out = tmp.resolve("m");
        var results = TrainSampleModelJobType.trainInPhases(rt, work, out, phases, new NullProgressMonitor());
        assertEquals(List.of(Stage.VAE, Stage.UNET, Stage.MOTION, Stage.UNET, Stage.MOTION, Stage.UNET, Stage.MOTION),
                results.stream().map(r -> r.stage()).toList());
        Path base = work.resolve("base-model");
        Path middle = work.resolve("refine-model");
        SampleModel.verify(base);
        SampleModel.verify(middle);
        SampleModel.verify(out);
        // each phase went on from the one before: its record names its base by checksum, down to phase 1
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("training.json"))).getAsJsonObject();
        JsonObject previous = record.getAsJsonObject("history").getAsJsonObject("base");
        assertEquals(SampleModel.checksumKey(middle), previous.get("checksums_sha256").getAsString());
        assertEquals(SampleModel.checksumKey(base),
                previous.getAsJsonObject("history").getAsJsonObject("base").get("checksums_sha256").getAsString());
        assertEquals(12, previous.getAsJsonObject("plan").get("seed").getAsInt());
        assertEquals(-1L, Files.mismatch(base.resolve("vae/diffusion_pytorch_model.fp16.safetensors"),
                out.resolve("vae/diffusion_pytorch_model.fp16.safetensors")), "the refinements keep phase 1's VAE");
        // run again: finished phases are skipped, the last is complete, nothing trains and the weights stay
        byte[] unet = Files.readAllBytes(out.resolve("unet/diffusion_pytorch_model.fp16.safetensors"));
        var again = TrainSampleModelJobType.trainInPhases(rt, work, out, phases, new NullProgressMonitor());
        assertTrue(again.isEmpty(), again.toString());
        assertArrayEquals(unet, Files.readAllBytes(out.resolve("unet/diffusion_pytorch_model.fp16.safetensors")));
    }

    /** Subject weighting: a latent cell weighs 1 + w × the largest subject share among it and its 8 neighbours. */
    @Test
    void theSubjectWeightFollowsTheSubjectsMaskAndItsEdge() {
        SampleClip clip = SampleWorld.clip(3, 64, 2);
        List<boolean[]> masks = List.of(clip.mask(0), clip.mask(1));
        float[] w = TrainingLosses.subjectCellWeights(masks, 16, 16, 4);
        assertEquals(2 * 16 * 16, w.length);
        for (int f = 0; f < 2; f++) {
            boolean[] mask = masks.get(f);
            int inside = 0;
            for (int cy = 0; cy < 16; cy++) {
                for (int cx = 0; cx < 16; cx++) {
                    float cell = w[(f * 16 + cy) * 16 + cx];
                    assertTrue(cell >= 1 && cell <= 5, "weight " + cell);
                    // a cell whose 4x4 pixels are all subject weighs 5; one with no subject pixel within a cell of it, 1
                    boolean full = true;
                    boolean near = false;
                    for (int y = cy * 4 - 4; y < cy * 4 + 8; y++) {
                        for (int x = cx * 4 - 4; x < cx * 4 + 8; x++) {
                            boolean in = y >= 0 && y < 64 && x >= 0 && x < 64 && mask[y * 64 + x];
                            near |= in;
                            if (y >= cy * 4 && y < cy * 4 + 4 && x >= cx * 4 && x < cx * 4 + 4) {
                                full &= in;
                            }
                        }
                    }
                    if (full) {
                        assertEquals(5f, cell, 1e-6f);
                        inside++;
                    }
                    if (!near) {
                        assertEquals(1f, cell, 0f);
                    } else {
                        assertTrue(cell > 1, "a cell next to the subject weighs more: " + cy + "," + cx);
                    }
                }
            }
            assertTrue(inside > 0, "the subject covers whole cells on frame " + f);
        }
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(1, 0, 1, 1, 1, 1, 1, 1, -1));
    }

    /** Point weighting: each cell holding a named point in view weighs {@code pointWeight} more, once. */
    @Test
    void thePointWeightMarksTheCellsOfTheNamedPoints() {
        SampleClip clip = SampleWorld.clip(5, 64, 3,
                new SampleSpec(SubjectShape.STAR, SubjectColor.values()[0], BackgroundPattern.values()[0], BackgroundColor.values()[0]));
        List<boolean[]> masks = new ArrayList<>();
        List<double[][]> points = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            masks.add(clip.mask(f));
            int frame = f;
            points.add(clip.points().values().stream().map(t -> t[frame]).filter(p -> p[2] > 0)
                    .map(p -> new double[] { p[0], p[1] }).toArray(double[][]::new));
        }
        float[] subject = TrainingLosses.subjectCellWeights(masks, 16, 16, 4);
        float[] both = TrainingLosses.cellWeights(masks, points, 16, 16, 4, 8);
        for (int f = 0; f < 3; f++) {
            Set<Integer> tipCells = new HashSet<>();
            for (double[] p : points.get(f)) {
                tipCells.add((int) Math.floor((p[1] + 0.5) / 4) * 16 + (int) Math.floor((p[0] + 0.5) / 4));
            }
            assertTrue(tipCells.size() >= 3, "a star's tips lie in several cells: " + tipCells);
            for (int c = 0; c < 256; c++) {
                int i = f * 256 + c;
                // a tip covers part of its cell, so the subject weight alone gives it less than the body's 5
                assertEquals(subject[i] + (tipCells.contains(c) ? 8f : 0f), both[i], 1e-5f, "frame " + f + " cell " + c);
            }
        }
        // a point on the frame's edge counts in the edge cell, not outside it
        float[] edge = TrainingLosses.cellWeights(List.of(new boolean[64 * 64]),
                List.<double[][]>of(new double[][] { { -0.5, 63.5 }, { -0.4, 63.4 } }), 16, 16, 0, 3);
        assertEquals(4f, edge[15 * 16], 0f);
        assertEquals(256 + 3, sum(edge), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> TrainingPlan.refine(1).withPointWeight(-1));
        TrainingPlan pointed = TrainingPlan.refine(6).withPointWeight(8);
        assertEquals(pointed, TrainingPlan.fromJson(pointed.toJson()));
        assertFalse(TrainingPlan.refine(6).canContinueAs(pointed, Stage.UNET, 10),
                "a checkpoint of another point weight is not resumed");
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    @Test
    void theTrainingCommandRefusesPlansItCannotRun(@TempDir Path tmp) {
        String out = tmp.resolve("m").toString();
        String text = Batch.refused("--job", "train-sample-model", "output=" + out, "unet_steps=5");
        assertTrue(text.contains("cannot change the shipped plan") && text.contains("plan=base"), text);
        text = Batch.refused("--job", "train-sample-model", "output=" + out, "plan=refine");
        assertTrue(text.contains("from") && text.contains("from=shipped"), text);
        text = Batch.refused("--job", "train-sample-model", "output=" + out, "plan=longer");
        assertTrue(text.contains("\"shipped\", \"base\", \"refine\" or \"smoke\""), text);
        text = Batch.refused("--job", "train-sample-model", "output=" + out, "from=shipped");
        assertTrue(text.contains("plan=refine"), text);
        text = Batch.refused("--job", "train-sample-model", "output=" + out, "plan=smoke", "shape_weights=hexagon:2");
        assertTrue(text.contains("shape_weights") && text.contains("no shape is called \"hexagon\"")
                && text.contains("disc, square, triangle, star, ring, cross"), text);
        assertFalse(Files.exists(tmp.resolve("m")) || Files.exists(tmp.resolve("m.work")));
    }

    @Test
    void aDamagedModelFileIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir.resolve("unet"));
        Files.writeString(dir.resolve("unet/config.json"), "{}");
        Files.write(dir.resolve("unet/w.safetensors"), new byte[] { 1, 2, 3, 4 });
        SampleModel.writeChecksums(dir);
        SampleModel.verify(dir);
        Files.write(dir.resolve("unet/w.safetensors"), new byte[] { 1, 2, 3, 5 });
        IOException e = assertThrows(IOException.class, () -> SampleModel.verify(dir));
        assertTrue(e.getMessage().contains("w.safetensors") && e.getMessage().contains("damaged"), e.getMessage());
        Files.delete(dir.resolve("unet/w.safetensors"));
        e = assertThrows(IOException.class, () -> SampleModel.verify(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
