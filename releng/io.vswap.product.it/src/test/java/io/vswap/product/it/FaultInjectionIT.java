package io.vswap.product.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The headless product killed at chosen points of its jobs (SIGKILL, SIGINT, SIGTERM), run beside
 * other writers of the same project, and on a full, a read-only and a blocked folder; after each
 * fault the user's files must hold: nothing outside the project changed, the earlier render is
 * byte-identical or replaced by a complete new one (never a mix), no partial file lies under a
 * final name, the project opens and a rerun completes. Chosen points the console does not show
 * (the steps of a render's publication, the middle of a decode) are reached with the product's
 * fault points ({@code -Dvswap.test.pauseAt}, docs/data-safety.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    static final String STEM = "sample-main-swap-disc";
    static final List<String> RENDER = List.of(".mkv", ".mp4", ".json", "-sheet.png");
    static final Pattern PAUSED = Pattern.compile("vswap: paused at fault point ");

    static Product product;
    static Path work;
    static Path project;
    static Map<String, String> outsideBefore;
    /** The render's files as they are now: what a fault must leave, unless it left a complete new set. */
    static Map<String, String> current;
    static int runs;
    static final List<String> table = new ArrayList<>();
    static boolean failed = true;

    @BeforeAll
    static void aProjectWithARender() throws Exception {
        product = Product.unpack("vswap-faults-");
        work = product.work;
        project = work.resolve("project");
        // the user's other files beside the project: no fault may touch them
        Files.createDirectories(work.resolve("outside"));
        Files.writeString(work.resolve("outside/notes.txt"), "shot list, do not lose\n");
        spec("sample", """
                {"type": "sample", "output": "footage/shot.mkv", "seed": 7, "size": 64, "frames": 16,
                 "shape": "star", "color": "red", "pattern": "striped", "background": "grey"}""");
        assertEquals(0, vswap("batch", "spec-sample.json").exitCode());
        Path chain = spec("chain", """
                {"type": "import", "video": "footage/shot.mkv", "project": "project", "shot": "sample",
                 "clip": {"name": "main", "start": 0, "frames": 16, "stride": 1, "size": "64x64"}},
                {"type": "prepare", "project": "project", "shot": "sample"},
                {"type": "import", "video": "footage/shot.mkv", "project": "project", "shot": "d",
                 "clip": {"name": "main", "frames": 16, "stride": 1, "size": "64x64"}},
                {"type": "track", "project": "project", "shot": "sample", "keyframe": 0,
                 "points": "footage/shot.truth.json"},
                """ + swapJob(3, ""));
        Product.Result r = vswap("batch", chain.toString());
        assertEquals(0, r.exitCode(), r.output());
        current = renderHashes();
        outsideBefore = outsideHashes();
        failed = false;
    }

    @AfterAll
    static void report() throws IOException {
        System.out.println("Fault injection: case | what it left | exit");
        table.forEach(l -> System.out.println("  " + l));
        if (product != null && !failed) {
            product.delete();
        } else if (product != null) {
            System.out.println("Kept for a look: " + work);
        }
    }

    /**
     * A swap job of the shared project, small and fast (the faults, not the edit, are under test);
     * each run its own guidance, so that every new render differs from every earlier one.
     */
    static String swapJob(double guidance, String extra) {
        return String.format(Locale.ROOT, """
                {"type": "swap", "project": "project", "shot": "sample", "prompt": "a red star on a grey striped background",
                 "subject": "star", "target": "disc", "steps": 2, "registrationIterations": 3, "diftEnsemble": 1,
                 "placementPasses": 1, "placementGuidance": 0, "guidanceScale": %s%s}""", guidance, extra);
    }

    static String nextSwap(String extra) throws IOException {
        runs++;
        return spec("swap-" + runs, swapJob(3 + 0.25 * runs, extra)).toString();
    }

    static Path spec(String name, String jobs) throws IOException {
        // in the work folder: a spec's relative paths are taken from its own folder
        Path f = work.resolve("spec-" + name + ".json");
        Files.writeString(f, "{\"version\": 1, \"jobs\": [\n" + jobs + "\n]}\n");
        return f;
    }

    static Map<String, String> env(String pauseAt) {
        String vmargs = "-Dvswap.gradientCheck.dir=" + work.resolve("gradient-check")
                + (pauseAt == null ? "" : " -Dvswap.test.pauseAt=" + pauseAt);
        return Product.env("VSWAP_WORKSPACE", work.resolve("workspace").toString(), "VSWAP_VMARGS", vmargs);
    }

    static Product.Result vswap(String... args) throws Exception {
        return product.run(env(null), args);
    }

    static Product.Running start(String pauseAt, String... args) throws IOException {
        return product.start(env(pauseAt), args);
    }

    // ---- the invariants

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    static Map<String, String> hashes(Path root, java.util.function.Predicate<Path> keep) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).filter(keep).toList()) {
                m.put(root.relativize(f).toString(), sha256(f));
            }
        }
        return m;
    }

    /** Everything in the work folder but the project, the product, its workspace and the specs. */
    static Map<String, String> outsideHashes() throws Exception {
        return hashes(work, f -> {
            String top = work.relativize(f).getName(0).toString();
            return !List.of("project", "vswap-batch", "workspace", "gradient-check", "copies", "ro", "full")
                    .contains(top) && !top.startsWith("out-") && !top.startsWith("spec-");
        });
    }

    static Map<String, String> renderHashes() throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (String ext : RENDER) {
            Path f = project.resolve("renders/" + STEM + ext);
            m.put(ext, Files.isRegularFile(f) ? sha256(f) : "missing");
        }
        return m;
    }

    static int frames(Path video) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", video.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        try {
            return Integer.parseInt(out);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The render in {@code renders} is whole: both videos decode to 16 frames, the sheet and the record read. */
    static void wholeRender(Path renders) throws Exception {
        assertEquals(16, frames(renders.resolve(STEM + ".mkv")), "the lossless render is whole");
        assertEquals(16, frames(renders.resolve(STEM + ".mp4")), "the deliverable is whole");
        assertTrue(ImageIO.read(renders.resolve(STEM + "-sheet.png").toFile()) != null, "the sheet reads");
        assertTrue(Files.readString(renders.resolve(STEM + ".json")).trim().endsWith("}"), "the record is whole");
    }

    /**
     * After a fault (and the project opened once since): nothing outside changed, the render is the
     * old one or a complete new one, whole, and no publication is left half done.
     *
     * @return "earlier render kept" or "new render, complete"
     */
    static String invariants(String what) throws Exception {
        assertEquals(outsideBefore, outsideHashes(), what + ": files outside the project changed");
        Map<String, String> now = renderHashes();
        long same = RENDER.stream().filter(k -> now.get(k).equals(current.get(k))).count();
        assertTrue(same == RENDER.size() || same == 0, what + ": a mix of the earlier and a new render: " + now
                + " against " + current);
        wholeRender(project.resolve("renders"));
        try (Stream<Path> s = Files.list(project.resolve("renders"))) {
            List<Path> journals = s.filter(f -> f.getFileName().toString().endsWith(".publish")).toList();
            assertTrue(journals.isEmpty(), what + ": a publication left half done: " + journals);
        }
        String outcome = same == 0 ? "new render, complete" : "earlier render kept byte for byte";
        current = now;
        return outcome;
    }

    /** What opening the project does: a read of it by the product (an export into the project). */
    static void openProject() throws Exception {
        Product.Result r = vswap("batch", "--job", "export", "project=project", "shot=sample",
                "output=project/exports/check.mp4");
        assertEquals(0, r.exitCode(), "the project opens after the fault:\n" + r.output());
    }

    // ---- the faults

    @Test
    @Order(1)
    void killedMidDecodeTheCacheHoldsNoPartialFileAndARerunPrepares() throws Exception {
        // shot "d" was imported by the chain, not prepared
        Product.Running run = start("decode", "batch", "--job", "prepare", "project=project", "shot=d");
        run.await(PAUSED, Duration.ofSeconds(60));
        run.signal("KILL");
        Product.Result r = run.finish(Duration.ofSeconds(30));
        assertEquals(137, r.exitCode());
        Path cache = project.resolve("cache/d/main");
        assertFalse(Files.exists(cache.resolve("frames.mkv")), "no half-written frames under the cache's name");
        assertFalse(Files.exists(cache.resolve("frames.json")), "no key vouching for them");
        Product.Result again = vswap("batch", "--job", "prepare", "project=project", "shot=d");
        assertEquals(0, again.exitCode(), again.output());
        assertEquals(16, frames(cache.resolve("frames.mkv")));
        table.add("SIGKILL mid-decode (prepare) | no cache file under its name; rerun prepared 16 frames | 137");
        invariants("kill mid-decode");
    }

    @Test
    @Order(2)
    void killedDuringRegistration() throws Exception {
        Path s = spec("swap-reg", swapJob(9, ", \"registrationIterations\": 6").replace(
                "\"registrationIterations\": 3, ", ""));
        Product.Running run = start(null, "batch", s.toString());
        run.await(Pattern.compile("registration [1-5]/6"), Duration.ofSeconds(120));
        run.signal("KILL");
        assertEquals(137, run.finish(Duration.ofSeconds(30)).exitCode());
        table.add("SIGKILL during registration | " + invariants("kill during registration") + " | 137");
    }

    @Test
    @Order(3)
    void ctrlCAndSigtermDuringTheEdit() throws Exception {
        for (String signal : List.of("INT", "TERM")) {
            Product.Running run = start(null, "batch", nextSwap(""));
            run.await(Pattern.compile("\\] [0-9]+%  editing"), Duration.ofSeconds(120));
            run.signal(signal);
            Product.Result r = run.finish(Duration.ofSeconds(60));
            // the JVM ends a signalled run with 128 + the signal; the edit is short, so the signal may
            // find the job publishing, which then completes
            assertEquals(signal.equals("INT") ? 130 : 143, r.exitCode(), r.output());
            table.add("SIG" + signal + " during the edit | " + invariants("SIG" + signal + " during the edit") + " | "
                    + r.exitCode());
        }
    }

    @Test
    @Order(4)
    void killedAtEachStepOfThePublication() throws Exception {
        // the render's four files: staged, then a journal, then four renames
        for (String point : List.of("publish-journal", "publish-move-1", "publish-move-3")) {
            Product.Running run = start(point, "batch", nextSwap(""));
            run.await(PAUSED, Duration.ofSeconds(120));
            run.signal("KILL");
            assertEquals(137, run.finish(Duration.ofSeconds(30)).exitCode());
            openProject();
            String outcome = invariants("kill at " + point);
            try (Stream<Path> s = Files.list(project.resolve("renders"))) {
                List<Path> left = s.filter(f -> f.getFileName().toString().contains(".tmp-")).toList();
                assertTrue(left.isEmpty(), "the killed writer's staged files are removed by the next writer: " + left);
            }
            assertEquals(point.equals("publish-journal") ? "earlier render kept byte for byte" : "new render, complete",
                    outcome, point);
            table.add("SIGKILL at " + point + " | " + outcome + " (after the next open) | 137");
        }
        // Ctrl-C half-way through the renames: the publication completes, then the process ends
        Product.Running run = start("publish-move-2", "batch", nextSwap(""));
        run.await(PAUSED, Duration.ofSeconds(120));
        run.signal("INT");
        Product.Result r = run.finish(Duration.ofSeconds(60));
        String outcome = invariants("Ctrl-C at publish-move-2");
        assertEquals("new render, complete", outcome);
        table.add("SIGINT at publish-move-2 | " + outcome + " | " + r.exitCode());
    }

    @Test
    @Order(5)
    void fourWritersAtOnce() throws Exception {
        List<Product.Running> runs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            runs.add(start(null, "batch", "--job", "import", "video=footage/shot.mkv", "project=project", "shot=w" + i,
                    "clip={\"name\": \"main\", \"frames\": 16, \"stride\": 1, \"size\": \"64x64\"}"));
        }
        runs.add(start(null, "batch", nextSwap("")));
        for (Product.Running r : runs) {
            Product.Result res = r.finish(Duration.ofSeconds(180));
            assertEquals(0, res.exitCode(), res.output());
        }
        String projectFile = Files.readString(project.resolve("project.vswap.json"));
        for (String shot : List.of("sample", "d", "w1", "w2", "w3")) {
            assertTrue(projectFile.contains("\"" + shot + "\""), shot + " in " + projectFile);
        }
        table.add("3 imports + 1 swap at once | every shot listed; " + invariants("four writers") + " | 0 ×4");
    }

    /** A copy of the project for a case that breaks its folder, with its hashes before. */
    static Path copyOfProject(Path where) throws Exception {
        Files.createDirectories(where.getParent());
        Process cp = new ProcessBuilder("cp", "-a", project.toString(), where.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
        return where;
    }

    /** The swap of the shared project, run on a copy of it. */
    static Product.Result swapIn(Path projectCopy) throws Exception {
        runs++;
        Path s = spec("swap-copy-" + runs, swapJob(3 + 0.25 * runs, "").replace("\"project\": \"project\"",
                "\"project\": \"" + work.relativize(projectCopy) + "\""));
        return vswap("batch", s.toString());
    }

    /**
     * A copy's files, less its lock files (a writer rewrites the holder's name in them): the project's
     * {@code .vswap.lock} and an edit cache's {@code .preparing.lock}.
     */
    static Map<String, String> copyHashes(Path copy) throws Exception {
        return hashes(copy, f -> !List.of(".vswap.lock", ".preparing.lock").contains(f.getFileName().toString()));
    }

    @Test
    @Order(6)
    void aFileWhereTheRendersFolderBelongs() throws Exception {
        Path copy = copyOfProject(work.resolve("copies/blocked"));
        Path renders = copy.resolve("renders");
        try (Stream<Path> s = Files.list(renders)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(renders);
        Files.writeString(renders, "not a folder\n");
        Map<String, String> before = copyHashes(copy);
        Product.Result r = swapIn(copy);
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("in the way"), r.output());
        assertEquals(before, copyHashes(copy));
        table.add("a file named renders | refused (\"" + failure(r) + "\"); nothing changed | 1");
        invariants("blocked renders folder");
    }

    static String failure(Product.Result r) {
        return r.output().lines().filter(l -> l.contains("FAILED:")).findFirst().orElse("?")
                .replaceFirst("^.*FAILED: ", "");
    }

    static boolean mount(Path at, String options) throws Exception {
        Files.createDirectories(at);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.out.println("mount " + at + ": " + out);
            return false;
        }
        return true;
    }

    static void umount(Path at) throws Exception {
        new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
    }

    @Test
    @Order(7)
    void aReadOnlyDisk() throws Exception {
        Path ro = work.resolve("ro");
        Assumptions.assumeTrue(mount(ro, "size=16m"), "cannot mount a small tmpfs here (needs root)");
        try {
            Path copy = copyOfProject(ro.resolve("project"));
            Map<String, String> before = copyHashes(copy);
            assertEquals(0, new ProcessBuilder("mount", "-o", "remount,ro", ro.toString()).inheritIO().start().waitFor());
            Product.Result r = swapIn(copy);
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("read-only"), r.output());
            assertEquals(before, copyHashes(copy));
            table.add("a read-only disk | refused (\"" + failure(r) + "\"); nothing changed | 1");
        } finally {
            umount(ro);
        }
        invariants("read-only disk");
    }

    @Test
    @Order(8)
    void aFullDisk() throws Exception {
        Path full = work.resolve("full");
        Assumptions.assumeTrue(mount(full, "size=4m"), "cannot mount a small tmpfs here (needs root)");
        try {
            Path copy = copyOfProject(full.resolve("project"));
            // leave ~40 KB free: less than the render needs
            Path filler = full.resolve("filler");
            long free = Files.getFileStore(full).getUsableSpace();
            Files.write(filler, new byte[(int) Math.max(0, free - 40_000)]);
            Map<String, String> before = copyHashes(copy);
            Product.Result r = swapIn(copy);
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("full") && r.output().contains("renders/" + STEM + ".mkv"), r.output());
            assertFalse(failure(r).contains(".tmp-"), "the message names the render, not its hidden temporary");
            assertEquals(before, copyHashes(copy),
                    "the earlier render and everything else in the project as they were, nothing staged left");
            table.add("a full disk | refused (\"" + failure(r) + "\"); earlier render kept byte for byte | 1");
        } finally {
            umount(full);
        }
        invariants("full disk");
    }

    @Test
    @Order(9)
    void aRerunCompletes() throws Exception {
        Product.Result r = vswap("batch", nextSwap(""));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("new render, complete", invariants("rerun"));
        table.add("rerun after all of the above | new render, complete | 0");
    }
}
