package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipFrames;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoFormat;

/** Projects on disk through the ProjectStore service as DS wires it. */
class ProjectStoreTest {

    @TempDir
    Path dir;

    private final ProjectStore store = TestVideos.service(ProjectStore.class);

    private Path source(int frames) throws Exception {
        return TestVideos.write(dir.resolve("source.mp4"), VideoFormat.H264_MP4, 320, 240, frames, 24);
    }

    @Test
    void importSaveAndReopen() throws Exception {
        Path src = source(80);
        Project p = store.importShot(store.create(dir.resolve("proj"), "Demo"), src, "Dog run", "main", null, null);
        Shot shot = p.shots().get(0);
        assertEquals("dog-run", shot.id());
        assertEquals("ffmpeg", shot.codec());
        ClipSettings s = shot.clips().get(0).settings();
        assertEquals(16, s.frameCount());
        assertEquals(4, s.stride());
        assertEquals(new CropRect(40, 0, 240, 240), s.crop(), "centre crop to the square output");
        assertTrue(Files.isDirectory(p.cacheFolder()));
        assertTrue(Files.isDirectory(p.rendersFolder()));
        assertTrue(Files.isRegularFile(p.shotFolder("dog-run").resolve("shot.json")));

        Project reopened = store.open(p.folder());
        assertEquals(p, reopened);

        Project second = store.importShot(reopened, src, "Dog run", "main", null, null);
        assertEquals("dog-run-2", second.shots().get(1).id(), "ids stay unique");
    }

    @Test
    void refusesAProjectFromANewerVersionAndLeavesItAlone() throws Exception {
        Project p = store.create(dir.resolve("proj"), "Demo");
        JsonObject root = JsonParser.parseString(Files.readString(p.projectFile())).getAsJsonObject();
        root.addProperty("formatVersion", ProjectStore.FORMAT_VERSION + 1);
        Files.writeString(p.projectFile(), root.toString());
        byte[] before = Files.readAllBytes(p.projectFile());
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("newer VideoSwap Studio"), e.getMessage());
        assertTrue(e.getMessage().contains(p.projectFile().toString()), e.getMessage());
        assertEquals(new String(before), Files.readString(p.projectFile()));
    }

    @Test
    void damagedFilesAreReportedByName() throws Exception {
        Path src = source(80);
        Project p = store.importShot(store.create(dir.resolve("proj"), "Demo"), src, "a", "main", null, null);
        Path shotFile = p.shotFolder("a").resolve("shot.json");
        Files.writeString(shotFile, Files.readString(shotFile).substring(0, 40));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains(shotFile.toString()), e.getMessage());

        Files.delete(shotFile);
        e = assertThrows(ProjectFormatException.class, () -> store.open(p.folder()));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void migratesFormatOne() throws Exception {
        Path src = source(80);
        Project p = store.importShot(store.create(dir.resolve("proj"), "Old"), src, "a", "main", null, null);
        // Rewrite it as format 1 did: the shot inline in the project file, no shot folders.
        JsonObject shot = JsonParser.parseString(Files.readString(p.shotFolder("a").resolve("shot.json")))
                .getAsJsonObject();
        shot.remove("formatVersion");
        JsonObject v1 = new JsonObject();
        v1.addProperty("format", "vswap-project");
        v1.addProperty("formatVersion", 1);
        v1.addProperty("name", "Old");
        com.google.gson.JsonArray shots = new com.google.gson.JsonArray();
        shots.add(shot);
        v1.add("shots", shots);
        Files.writeString(p.projectFile(), v1.toString());
        deleteTree(p.folder().resolve("shots"));

        Project migrated = store.open(p.folder());
        assertEquals(p, migrated);
        assertTrue(Files.exists(p.folder().resolve("project.vswap.json.v1.bak")), "the old file is kept");
        JsonObject now = JsonParser.parseString(Files.readString(p.projectFile())).getAsJsonObject();
        assertEquals(ProjectStore.FORMAT_VERSION, now.get("formatVersion").getAsInt());
        assertEquals(p, store.open(p.folder()), "and it opens again as format 2");
    }

    @Test
    void preparesAClipCroppedAndScaledAndReusesTheCache() throws Exception {
        Path src = source(80);
        // Frames 5, 9, …, 65 of the source, the left 128×128 (holds the pattern cells 0–7), doubled.
        ClipSettings s = new ClipSettings(5, 16, 4, new CropRect(0, 0, 128, 128), true, 256, 256);
        Project p = store.importShot(store.create(dir.resolve("proj"), "Demo"), src, "a", "main", s, null);
        Shot shot = p.shots().get(0);
        Clip clip = shot.clips().get(0);
        Path cached = store.prepareClip(p, shot, clip, new NullProgressMonitor());
        assertTrue(cached.startsWith(p.cacheFolder()));
        List<RgbFrame> frames = store.readClipFrames(p, shot, clip, null);
        assertEquals(16, frames.size());
        for (int i = 0; i < 16; i++) {
            RgbFrame f = frames.get(i);
            assertEquals(256, f.width());
            assertEquals(256, f.height());
            assertEquals(5 + 4 * i, TestVideos.decodeIndex(f, 0, 0, 2.0), "clip frame " + i);
        }
        FileTime made = Files.getLastModifiedTime(cached);
        Thread.sleep(20);
        store.prepareClip(p, shot, clip, null);
        assertEquals(made, Files.getLastModifiedTime(cached), "unchanged settings reuse the cache");

        try (ClipFrames streamed = store.openClipFrames(p, shot, clip, null)) {
            assertEquals(16, streamed.frameCount());
            assertEquals(256, streamed.width());
            for (RgbFrame whole : frames) {
                assertArrayEquals(whole.rgb(), streamed.next().rgb(), "streamed frame " + whole.index());
            }
            assertNull(streamed.next(), "and then the end");
        }

        Clip moved = clip.withSettings(s.withRange(6, 16, 4));
        store.prepareClip(p, shot, moved, null);
        assertNotEquals(made, Files.getLastModifiedTime(cached), "changed settings prepare again");
        assertEquals(6, TestVideos.decodeIndex(store.readClipFrames(p, shot, moved, null).get(0), 0, 0, 2.0));
    }

    @Test
    void aCacheRootKeepsCachesOutsideTheProject() throws Exception {
        Path src = source(80);
        Path root = dir.resolve("fast-disk");
        store.setCacheRoot(root);
        try {
            Project p = store.importShot(store.create(dir.resolve("proj"), "Demo"), src, "a", "main", null, null);
            Path cached = store.prepareClip(p, p.shots().get(0), p.shots().get(0).clips().get(0), null);
            assertTrue(cached.startsWith(root), cached.toString());
            assertFalse(Files.exists(p.folder().resolve("cache")), "nothing cached inside the project");
            assertEquals(p.cacheFolder(), store.open(p.folder()).cacheFolder(), "the same folder when reopened");
            Project other = store.create(dir.resolve("other/proj"), "Other");
            assertNotEquals(p.cacheFolder(), other.cacheFolder(), "two projects of the same folder name do not share");
        } finally {
            store.setCacheRoot(null);
        }
        assertEquals(dir.resolve("proj").resolve("cache"), store.open(dir.resolve("proj")).cacheFolder());
    }

    @Test
    void cancellingPreparationLeavesNoPartialFile() throws Exception {
        Path src = source(80);
        Project p = store.importShot(store.create(dir.resolve("proj"), "Demo"), src, "a", "main", null, null);
        Shot shot = p.shots().get(0);
        AtomicInteger work = new AtomicInteger();
        NullProgressMonitor cancelAfterFour = new NullProgressMonitor() {
            @Override
            public void worked(int w) {
                if (work.addAndGet(w) > 4) {
                    setCanceled(true);
                }
            }
        };
        assertThrows(OperationCanceledException.class,
                () -> store.prepareClip(p, shot, shot.clips().get(0), cancelAfterFour));
        Path clipCache = p.cacheFolder().resolve("a").resolve("main");
        try (var files = Files.list(clipCache)) {
            assertFalse(files.findAny().isPresent(), "no frames, no key, no temporary file");
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path x : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
