package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed import into a folder that already held the user's files removes only what the import
 * wrote: the footage, the notes and a stray file named {@code shots} are all still there, byte for
 * byte. (Before, the cleanup emptied the whole folder.)
 */
class ImportSafetyTest {

    @TempDir
    Path dir;

    @Test
    void aFailedImportIntoTheUsersFolderKeepsEveryFileItHeld() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("my-footage"));
        Path footage = ImportPrepareTest.makeVideo(folder.resolve("my-footage.mkv"), 12);
        byte[] footageBytes = Files.readAllBytes(footage);
        Files.writeString(folder.resolve("notes.txt"), "call the client on Monday\n", StandardCharsets.UTF_8);
        // a file where the project wants its shots/ folder: the import cannot complete
        Files.writeString(folder.resolve("shots"), "not a folder\n", StandardCharsets.UTF_8);
        Set<Path> before = list(folder);

        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "my-footage/my-footage.mkv", "project": "my-footage", "projectName": "Mine",
                   "shot": "plane", "clip": {"name": "main", "start": 0, "frames": 8, "stride": 1, "size": "96x64"}}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertNotEquals(0, r.exitCode, "the import cannot succeed with a file named shots: " + r.out + r.err);
        assertFalse(r.out.contains("[1/1] ok"), r.out);
        assertTrue((r.out + r.err).contains("a file with a name on that path is in the way"), "said in words: " + r.err);

        assertEquals(before, list(folder), "the folder holds exactly what it held before");
        assertArrayEquals(footageBytes, Files.readAllBytes(footage), "the footage is untouched");
        assertEquals("call the client on Monday\n", Files.readString(folder.resolve("notes.txt")));
        assertEquals("not a folder\n", Files.readString(folder.resolve("shots")));
    }

    @Test
    void aFailedImportIntoANewFolderLeavesNothing() throws Exception {
        ImportPrepareTest.makeVideo(dir.resolve("clip.mkv"), 12);
        // 100 frames asked from a 12-frame video: refused after the probe, before the project is made
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "clip.mkv", "project": "fresh", "projectName": "Fresh",
                   "shot": "s", "clip": {"name": "main", "start": 0, "frames": 100, "stride": 1, "size": "96x64"}}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertNotEquals(0, r.exitCode, r.out + r.err);
        assertFalse(Files.exists(dir.resolve("fresh")), "no partial project is left");
    }

    private static Set<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(Path::getFileName).collect(Collectors.toSet());
        }
    }
}
