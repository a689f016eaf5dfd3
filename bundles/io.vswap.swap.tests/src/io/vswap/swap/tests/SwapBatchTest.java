package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.BatchCommand;
import io.vswap.batch.internal.BatchPlan;
import io.vswap.batch.internal.BatchSpec;
import io.vswap.batch.internal.farm.FarmJob;
import io.vswap.batch.internal.farm.FarmPlan;
import io.vswap.batch.internal.farm.FarmStep;
import io.vswap.swap.api.EditMethod;
import io.vswap.testing.TestServices;

/**
 * A studio's batch on one clip: a matrix of targets shares one preparation of the clip's source
 * side, a rerun skips the renders already complete from the same inputs and redoes only what is
 * missing, and the farm's tasks (from the exported job) run on their own, as a farm host runs
 * them, with the spec seen under another path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwapBatchTest {

    @TempDir
    static Path dir;

    static SwapJobFixture fx;
    static Path spec;

    @BeforeAll
    static void projectModelAndSpec() throws Exception {
        fx = SwapJobFixture.create(dir);
        String job = fx.swapJob(fx.clip.caption(), "X", "").replace("\"target\": \"X\",", "");
        job = job.substring(0, job.lastIndexOf('}')) + ", \"matrix\": {\"target\": [\"" + fx.targets.get(0) + "\", \""
                + fx.targets.get(1) + "\"]}}";
        spec = dir.resolve("show.json");
        Files.writeString(spec, "{\"version\": 1, \"jobs\": [" + job + "]}", StandardCharsets.UTF_8);
    }

    record Ran(int exit, String out, String err) {
        long count(String text) {
            return (out + err).lines().filter(l -> l.contains(text)).count();
        }
    }

    static Ran batch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TestServices.await(EditMethod.class);
        TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "swap");
        int exit = new BatchCommand(FrameworkUtil.getBundle(SwapBatchTest.class).getBundleContext(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(args);
        Ran r = new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ vswap batch " + String.join(" ", args) + " → " + exit + "\n" + r.out + r.err);
        return r;
    }

    @Test
    @Order(1)
    void targetsShareOnePreparationAndARerunDoesOnlyWhatIsMissing() throws Exception {
        Ran plan = batch("--plan", spec.toString());
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("[1/3 1p.1] would run: preprocess for a swap of"), plan.out());
        assertTrue(plan.out().contains("3 would run"), plan.out());

        Ran first = batch(spec.toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("[1/3 1p.1] ok: preprocessed"), first.out());
        // both targets start from the prepared source side
        for (String target : fx.targets.subList(0, 2)) {
            var report = fx.record(fx.stem(target)).report();
            assertEquals(3, report.cache().size(), report.cache().toString());
            assertTrue(SwapJobFixture.outcomes(report).values().stream()
                    .allMatch(o -> o == io.vswap.swap.api.EditReport.CacheOutcome.REUSED), report.cache().toString());
            assertFalse(fx.record(fx.stem(target)).inputsKey().isEmpty());
        }
        assertNotEquals(fx.record(fx.stem(fx.targets.get(0))).inputsKey(),
                fx.record(fx.stem(fx.targets.get(1))).inputsKey(), "each target has its own key");
        Path mkv = fx.renders().resolve(fx.stem(fx.targets.get(0)) + ".mkv");
        FileTime made = Files.getLastModifiedTime(mkv);

        Ran again = batch(spec.toString());
        assertEquals(0, again.exit(), again.err());
        assertEquals(2, again.count("done earlier: renders/"), again.err());
        assertEquals(1, again.count("not needed: "), again.err());
        assertEquals(made, Files.getLastModifiedTime(mkv), "a complete render is left as it is");

        // a render with a file missing is made again, and only it
        Files.delete(fx.renders().resolve(fx.stem(fx.targets.get(1)) + ".mp4"));
        Ran rest = batch(spec.toString());
        assertEquals(0, rest.exit(), rest.err());
        assertTrue(rest.out().contains("[3/3 1.2] ok"), rest.out());
        assertEquals(1, rest.count("done earlier: "), rest.err());
        assertTrue(Files.isRegularFile(fx.renders().resolve(fx.stem(fx.targets.get(1)) + ".mp4")));

        // another setting is another input: the render is made again
        String changed = Files.readString(spec).replace("\"seed\": 3", "\"seed\": 4");
        Path other = dir.resolve("show-seed4.json");
        Files.writeString(other, changed);
        Ran replan = batch("--plan", other.toString());
        assertTrue(replan.out().contains("3 would run"), replan.out());
    }

    @Test
    @Order(2)
    void theFarmsTasksRunOnTheirOwnUnderTheFarmsPaths() throws Exception {
        // the farm sees the workstation's folder under another path
        Path farmView = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-farm"), dir);
        try {
            Map<String, BatchJobType> types = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "swap");
            BatchPlan plan = BatchPlan.of(BatchSpec.read(spec, types));
            List<String> base = List.of("/opt/vswap/vswap", "batch", "--map-path", dir + "=" + farmView);
            FarmJob job = FarmPlan.of("show", plan, base, farmView.resolve("show.json").toString(), false);
            assertEquals(List.of("1-swap-prepare", "1-swap"), job.steps().stream().map(FarmStep::name).toList());
            FarmStep swap = job.steps().get(1);
            assertEquals("target", swap.parameters().get(0).name());
            assertEquals(fx.targets.subList(0, 2), swap.parameters().get(0).labels());
            assertEquals(List.of(new FarmStep.Dependency("1-swap-prepare", false)), swap.dependsOn());
            assertTrue(swap.resources().memoryMiB() > 1536, swap.resources().toString());

            // as a farm host: the preparation, then the second target, each its own run of the product
            for (String target : fx.targets.subList(0, 2)) {
                Files.delete(fx.renders().resolve(fx.stem(target) + ".json"));
            }
            Ran prep = batch(args(job.steps().get(0), Map.of("prep", 1)));
            assertEquals(0, prep.exit(), prep.err());
            Ran second = batch(args(swap, Map.of("target", 2)));
            assertEquals(0, second.exit(), second.err());
            assertTrue(second.out().contains("[1/1 1.2] ok"), second.out());
            assertTrue(Files.isRegularFile(fx.renders().resolve(fx.stem(fx.targets.get(1)) + ".json")));
            assertFalse(Files.exists(fx.renders().resolve(fx.stem(fx.targets.get(0)) + ".json")), "only its task ran");
            assertTrue(Files.readString(dir.resolve("show.logs/1.2.log")).contains("ok: "), "the task's log");
            // the record names the project by the path the task saw; its key agrees with the workstation's
            Ran local = batch("--plan", spec.toString());
            assertTrue(local.out().contains("[3/3 1.2] done earlier"), local.out());
        } finally {
            Files.delete(farmView);
        }
    }

    @Test
    @Order(3)
    void twoPreparationsOfOneClipAtOnceComputeItOnce() throws Exception {
        String prompt = fx.clip.caption() + " slowly"; // nothing of it is cached yet
        List<String> seenByFirst = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> seenBySecond = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch computing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> fx.run(fx.prepareJob(prompt), new Recording(seenByFirst, computing)));
            assertTrue(computing.await(120, java.util.concurrent.TimeUnit.SECONDS), "the first began registering");
            var second = pool.submit(() -> fx.run(fx.prepareJob(prompt), new Recording(seenBySecond, null)));
            String a = first.get(180, java.util.concurrent.TimeUnit.SECONDS);
            String b = second.get(180, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(a.contains("registration computed") && a.contains("inversion computed"), a);
            assertTrue(b.contains("dift reused, registration reused, inversion reused"), b);
            assertTrue(seenBySecond.stream().anyMatch(m -> m.startsWith("waiting for another edit of this program")),
                    "the second said whom it waited for: " + seenBySecond);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Records the sub-tasks a job reports; counts down {@code registering} when registration begins. */
    private static final class Recording extends org.eclipse.core.runtime.NullProgressMonitor {
        private final List<String> seen;
        private final java.util.concurrent.CountDownLatch registering;

        Recording(List<String> seen, java.util.concurrent.CountDownLatch registering) {
            this.seen = seen;
            this.registering = registering;
        }

        @Override
        public void subTask(String name) {
            seen.add(name);
            if (registering != null && name.startsWith("registration")) {
                registering.countDown();
            }
        }
    }

    /** The step's command with the task's values, less the launcher and "batch" (this framework is the product). */
    private static String[] args(FarmStep step, Map<String, Integer> values) {
        List<String> args = new ArrayList<>();
        for (String a : step.command().subList(2, step.command().size())) {
            for (var v : values.entrySet()) {
                a = a.replace("{" + v.getKey() + "}", Integer.toString(v.getValue()));
            }
            args.add(a);
        }
        return args.toArray(String[]::new);
    }
}
