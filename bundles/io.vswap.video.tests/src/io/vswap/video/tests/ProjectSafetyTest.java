package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.files.api.ProjectNames;
import io.vswap.video.api.AtomicFileSet;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.MemoryCheck;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectLock;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.VideoFormat;

/**
 * Project files that would make a job write outside the project are refused, versions are read
 * without overflow and checked in every file, fields this version does not know survive a save,
 * and concurrent writers do not lose each other's shots.
 */
class ProjectSafetyTest {

    @TempDir
    Path dir;

    private final ProjectStore store = TestVideos.service(ProjectStore.class);

    private Project withOneShot() throws Exception {
        Path src = TestVideos.write(dir.resolve("source.mkv"), VideoFormat.FFV1_MKV, 64, 48, 12, 24);
        return store.importShot(store.create(dir.resolve("proj"), "Demo"), src, "a", "main", null, null);
    }

    private static JsonObject json(Path f) throws IOException {
        return JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    }

    private Set<Path> everythingUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.collect(Collectors.toSet());
        }
    }

    @Test
    void shotIdsThatLeadOutsideTheProjectAreRefusedAndNothingIsWritten() throws Exception {
        Project p = withOneShot();
        for (String id : List.of("../../x", "..", "/tmp/evil", "a/b", "a\\b", "")) {
            JsonObject root = json(p.projectFile());
            JsonArray shots = new JsonArray();
            shots.add(id);
            root.add("shots", shots);
            Files.writeString(p.projectFile(), root.toString());
            Set<Path> before = everythingUnder(dir);
            ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()),
                    "id \"" + id + "\"");
            assertTrue(e.getMessage().contains(p.projectFile().toString()) && e.getMessage().contains("shot id"),
                    e.getMessage());
            assertEquals(before, everythingUnder(dir), "nothing written for id \"" + id + "\"");
        }
    }

    @Test
    void aShotFileWhoseIdLeadsOutsideIsRefused() throws Exception {
        Project p = withOneShot();
        Path shotFile = p.shotFolder("a").resolve("shot.json");
        JsonObject shot = json(shotFile);
        shot.addProperty("id", "../../../elsewhere");
        Files.writeString(shotFile, shot.toString());
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains(shotFile.toString()) && e.getMessage().contains("shot id"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("elsewhere")));
    }

    @Test
    void aFormatOneProjectWithAnEscapingIdIsRefusedBeforeItIsMigrated() throws Exception {
        Project p = withOneShot();
        JsonObject shot = json(p.shotFolder("a").resolve("shot.json"));
        shot.remove("formatVersion");
        shot.addProperty("id", "../../outside");
        JsonObject v1 = new JsonObject();
        v1.addProperty("format", "vswap-project");
        v1.addProperty("formatVersion", 1);
        v1.addProperty("name", "Old");
        JsonArray shots = new JsonArray();
        shots.add(shot);
        v1.add("shots", shots);
        Files.writeString(p.projectFile(), v1.toString());
        String before = Files.readString(p.projectFile());
        assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertEquals(before, Files.readString(p.projectFile()), "the old file is left as it was");
        assertFalse(Files.exists(p.folder().resolve("project.vswap.json.v1.bak")), "no migration started");
        assertFalse(Files.exists(dir.resolve("outside")));
    }

    @Test
    void aVersionTooLargeForAnIntIsRefusedNotWrapped() throws Exception {
        Project p = withOneShot();
        JsonObject root = json(p.projectFile());
        // 2^32 + 2 wraps to 2 as an int
        Files.writeString(p.projectFile(), root.toString().replaceFirst("\"formatVersion\":2", "\"formatVersion\":4294967298"));
        assertTrue(Files.readString(p.projectFile()).contains("4294967298"));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("4294967298"), e.getMessage());
    }

    @Test
    void aShotFileOfANewerFormatIsRefusedByName() throws Exception {
        Project p = withOneShot();
        Path shotFile = p.shotFolder("a").resolve("shot.json");
        JsonObject shot = json(shotFile);
        shot.addProperty("formatVersion", ProjectStore.FORMAT_VERSION + 1);
        Files.writeString(shotFile, shot.toString());
        String before = Files.readString(shotFile);
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("newer VideoSwap Studio") && e.getMessage().contains(shotFile.toString()),
                e.getMessage());
        assertEquals(before, Files.readString(shotFile));
    }

    @Test
    void fieldsThisVersionDoesNotKnowSurviveASave() throws Exception {
        Project p = withOneShot();
        Path shotFile = p.shotFolder("a").resolve("shot.json");
        JsonObject root = json(p.projectFile());
        root.addProperty("colourPipeline", "ACES 1.3");
        Files.writeString(p.projectFile(), root.toString());
        JsonObject shot = json(shotFile);
        JsonObject extra = new JsonObject();
        extra.addProperty("reviewer", "Ana");
        shot.add("review", extra);
        Files.writeString(shotFile, shot.toString());

        Path src = dir.resolve("source.mkv");
        store.importShot(store.open(p.folder()), src, "b", "main", null, null); // saves every file again
        assertEquals("ACES 1.3", json(p.projectFile()).get("colourPipeline").getAsString());
        assertEquals("Ana", json(shotFile).getAsJsonObject("review").get("reviewer").getAsString());
        assertEquals(2, store.open(p.folder()).shots().size());
    }

    @Test
    void concurrentImportsKeepEveryShot() throws Exception {
        Project p = withOneShot();
        Path src = dir.resolve("source.mkv");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Project>> done = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "shot " + i;
            // each writer starts from the same stale copy, as six processes opening the project would
            done.add(pool.submit(() -> store.importShot(p, src, name, "main", null, null)));
        }
        for (Future<Project> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(7, store.open(p.folder()).shots().size(), "no import lost another's shot");
    }

    @Test
    void aSecondProcessWaitsForTheLockAndIsToldWhoHoldsIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("locked"));
        Path holder = dir.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                             var l = c.lock()) {
                            c.write(java.nio.ByteBuffer.wrap("process 4242 on render-node-7".getBytes()), 0);
                            System.out.println("locked");
                            System.out.flush();
                            Thread.sleep(Long.parseLong(a[1]));
                        }
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, holder.toString(), folder.resolve(ProjectLock.LOCK_FILE).toString(), "3000")
                .redirectErrorStream(true).start();
        try {
            String first = new String(other.getInputStream().readNBytes(6));
            assertEquals("locked", first);
            IOException e = assertThrows(IOException.class, () -> ProjectLock.acquire(folder, Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("being changed by another writer")
                    && e.getMessage().contains("process 4242 on render-node-7"), e.getMessage());
            // once the other process has ended (its lock goes with it), the lock is free
            assertTrue(other.waitFor(20, TimeUnit.SECONDS));
            try (ProjectLock lock = ProjectLock.acquire(folder, Duration.ofSeconds(5))) {
                assertTrue(Files.readString(folder.resolve(ProjectLock.LOCK_FILE)).contains(
                        "process " + ProcessHandle.current().pid()));
            }
        } finally {
            other.destroyForcibly();
        }
    }

    /** An old render of four files, as a swap job leaves it. */
    private static Path oldRender(Path renders) throws IOException {
        Files.createDirectories(renders);
        for (String f : List.of("r.mkv", "r.mp4", "r.json", "r-sheet.png")) {
            Files.writeString(renders.resolve(f), "old " + f);
        }
        return renders;
    }

    private static void assertSet(Path renders, String which) throws IOException {
        for (String f : List.of("r.mkv", "r.mp4", "r.json", "r-sheet.png")) {
            assertEquals(which + " " + f, Files.readString(renders.resolve(f)), f);
        }
    }

    @Test
    void aPublishedSetReplacesTheOldOneWhole() throws Exception {
        Path renders = oldRender(dir.resolve("p/renders"));
        AtomicFileSet set = AtomicFileSet.in(renders);
        for (String f : List.of("r.mkv", "r.mp4", "r.json", "r-sheet.png")) {
            Files.writeString(set.stage(f), "new " + f);
        }
        assertSet(renders, "old"); // staged, not yet visible
        set.publish();
        assertSet(renders, "new");
        try (Stream<Path> l = Files.list(renders)) {
            assertEquals(4, l.count(), "no staging file or journal left");
        }
    }

    @Test
    void aFaultBeforeTheJournalLeavesTheOldSetAndTheNextWriterRemovesTheStagedFiles() throws Exception {
        Path project = dir.resolve("p");
        Path renders = oldRender(project.resolve("renders"));
        AtomicFileSet set = AtomicFileSet.in(renders);
        List<Path> staged = new ArrayList<>();
        for (String f : List.of("r.mkv", "r.mp4")) { // killed while writing the third
            staged.add(Files.writeString(set.stage(f), "new " + f));
        }
        assertSet(renders, "old");
        // a fresh one may be another job's work in progress: kept; a stale one is a fault's leftover
        try (ProjectLock lock = ProjectLock.acquire(project, Duration.ofSeconds(5))) {
            assertEquals(List.of(), lock.recovered());
        }
        for (Path p : staged) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(AtomicFileSet.STALE_AFTER).minusSeconds(60)));
        }
        try (ProjectLock lock = ProjectLock.acquire(project, Duration.ofSeconds(5))) {
            assertEquals(2, lock.recovered().size(), lock.recovered().toString());
        }
        assertSet(renders, "old");
        for (Path p : staged) {
            assertFalse(Files.exists(p));
        }
    }

    /** What a killed process was writing is removed by the next writer at once: nobody will finish it. */
    @Test
    void theTemporaryFilesOfAProcessThatIsGoneAreRemovedAtOnce() throws Exception {
        Path project = dir.resolve("p");
        Path renders = oldRender(project.resolve("renders"));
        Path mine = Files.writeString(AtomicFileSet.in(renders).stage("r.mkv"), "being written");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String me = "-p" + ProcessHandle.current().pid() + "-";
        assertTrue(mine.getFileName().toString().contains(me), mine.toString());
        Path orphan = mine.resolveSibling(mine.getFileName().toString().replace(me, "-p" + gone.pid() + "-")
                .replace("tmp-set-", "tmp-set-x"));
        Files.writeString(orphan, "half a file");
        Path oldStyle = renders.resolve(".r.mp4.tmp-1234abcd.mp4"); // no writer named: only the age rule applies
        Files.writeString(oldStyle, "half a file");
        try (ProjectLock lock = ProjectLock.acquire(project, Duration.ofSeconds(5))) {
            assertEquals(1, lock.recovered().size(), lock.recovered().toString());
        }
        assertFalse(Files.exists(orphan), "the dead writer's file is removed");
        assertTrue(Files.exists(mine), "a live writer's file is kept");
        assertTrue(Files.exists(oldStyle), "an unnamed writer's fresh file is kept");
        // messages name the file the user knows, not its hidden temporary
        assertEquals(renders.resolve("r.mkv"), io.vswap.files.api.AtomicFile.shownAs(mine));
        assertEquals(renders.resolve("r.mp4"), io.vswap.files.api.AtomicFile.shownAs(oldStyle));
        assertEquals(renders.resolve("r.mkv"), io.vswap.files.api.AtomicFile.shownAs(renders.resolve("r.mkv")));
        assertSet(renders, "old");
    }

    @Test
    void aFaultAfterTheJournalIsRolledForwardByTheNextWriter() throws Exception {
        Path project = dir.resolve("p");
        Path renders = oldRender(project.resolve("renders"));
        AtomicFileSet set = AtomicFileSet.in(renders);
        JsonArray moves = new JsonArray();
        for (String f : List.of("r.mkv", "r.mp4", "r.json", "r-sheet.png")) {
            Path staged = Files.writeString(set.stage(f), "new " + f);
            JsonObject m = new JsonObject();
            m.addProperty("from", staged.getFileName().toString());
            m.addProperty("to", f);
            moves.add(m);
        }
        // killed after the journal and the first two renames: a mixed set on disk
        JsonObject journal = new JsonObject();
        journal.addProperty("format", "vswap-file-set");
        journal.addProperty("version", 1);
        journal.add("moves", moves);
        Files.writeString(renders.resolve(".set-dead1234.publish"), journal.toString());
        for (int i = 0; i < 2; i++) {
            JsonObject m = moves.get(i).getAsJsonObject();
            Files.move(renders.resolve(m.get("from").getAsString()), renders.resolve(m.get("to").getAsString()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (ProjectLock lock = ProjectLock.acquire(project, Duration.ofSeconds(5))) {
            assertTrue(lock.recovered().get(0).startsWith("completed the interrupted publication"), lock.recovered().toString());
        }
        assertSet(renders, "new");
        try (Stream<Path> l = Files.list(renders)) {
            assertEquals(4, l.count(), "journal and staging files gone");
        }
    }

    @Test
    void aKeyGivenTwiceOrAFieldOfTheWrongTypeIsRefusedByName() throws Exception {
        Project p = withOneShot();
        String good = Files.readString(p.projectFile());
        // the second "name" would silently win in Gson's own parser
        Files.writeString(p.projectFile(), good.replaceFirst("\\{", "{\"name\": \"Other\","));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("\"name\" is given twice") && e.getMessage().contains(p.projectFile().toString()),
                e.getMessage());
        // a field of the wrong type: said in words, not as the parser's class name ("JsonObject")
        JsonObject root = JsonParser.parseString(good).getAsJsonObject();
        root.add("format", new JsonObject());
        Files.writeString(p.projectFile(), root.toString());
        e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("is not a VideoSwap project file"), e.getMessage());
        root = JsonParser.parseString(good).getAsJsonObject();
        root.addProperty("formatVersion", 1);
        JsonArray shots = new JsonArray();
        shots.add("not a shot");
        root.add("shots", shots);
        Files.writeString(p.projectFile(), root.toString());
        String before = Files.readString(p.projectFile());
        e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("an entry of \"shots\" is not a shot object"), e.getMessage());
        assertEquals(before, Files.readString(p.projectFile()), "nothing migrated");
    }

    @Test
    void aClipLargerThanEightKIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClipSettings(0, 16, 1,
                new CropRect(0, 0, 64, 64), false, 100000, 100000));
        assertTrue(e.getMessage().contains("100000x100000") && e.getMessage().contains("8192"), e.getMessage());
        new ClipSettings(0, 16, 1, new CropRect(0, 0, 64, 64), false, 8192, 4320);
    }

    @Test
    void aStepThatCannotFitIsRefusedBeforeItStartsSayingHowMuchItNeeds() {
        MemoryCheck.require(1_000_000, "a small step");
        long tooMuch = Runtime.getRuntime().maxMemory() * 4;
        var e = assertThrows(MemoryCheck.NotEnoughMemoryException.class, () -> MemoryCheck.require(tooMuch,
                "a clip of 200 frames of 4096×4096"));
        assertTrue(e.getMessage().startsWith("not enough memory: a clip of 200 frames of 4096×4096 needs about "
                + MemoryCheck.gigabytes(tooMuch)), e.getMessage());
        assertTrue(e.getMessage().contains("VSWAP_XMX"), e.getMessage());
    }

    @Test
    void aSetThatFailedAfterItsJournalIsNotDiscardedAndOpeningTheProjectCompletesIt() throws Exception {
        Project p = withOneShot();
        Path renders = p.rendersFolder();
        Files.createDirectories(renders);
        Files.writeString(renders.resolve("r.mkv"), "old r.mkv");
        // a folder where the record goes, not empty: its rename fails after the journal and the first move
        Files.createDirectories(renders.resolve("r.json"));
        Files.writeString(renders.resolve("r.json/in-the-way"), "x");
        AtomicFileSet set = AtomicFileSet.in(renders);
        Files.writeString(set.stage("r.mkv"), "new r.mkv");
        Files.writeString(set.stage("r.json"), "new r.json");
        assertThrows(IOException.class, set::publish);
        set.discard(); // what a failing job does: it must not delete what the journal still names
        assertTrue(AtomicFileSet.hasPendingPublication(renders));
        assertEquals("new r.mkv", Files.readString(renders.resolve("r.mkv")));
        // the obstacle removed, the next open (a reader) completes the publication before reading renders
        Files.delete(renders.resolve("r.json/in-the-way"));
        Files.delete(renders.resolve("r.json"));
        store.open(p.folder());
        assertEquals("new r.json", Files.readString(renders.resolve("r.json")));
        assertFalse(AtomicFileSet.hasPendingPublication(renders));
    }

    @Test
    void plainNamesAndPathsInsideARoot() {
        assertEquals("shot-1", ProjectNames.requirePlain("shot-1", "id"));
        assertEquals("Mañana café", ProjectNames.requirePlain("Mañana café", "id"));
        for (String bad : List.of("", ".", "..", "a/b", "a\\b", "x\u0000y", "x".repeat(256))) {
            assertThrows(IllegalArgumentException.class, () -> ProjectNames.requirePlain(bad, "id"), bad);
        }
        Path root = dir.resolve("model");
        assertEquals(root.resolve("unet/w.safetensors").toAbsolutePath().normalize(),
                ProjectNames.inside(root, "unet/w.safetensors", "file"));
        for (String bad : List.of("../x", "unet/../../x", "/etc/passwd", "", ".")) {
            assertThrows(IllegalArgumentException.class, () -> ProjectNames.inside(root, bad, "file"), bad);
        }
        Project p = new Project(dir, "x", List.of());
        assertThrows(IllegalArgumentException.class, () -> p.shotFolder("../../x"));
    }
}
