package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vswap.files.api.FileNames;
import io.vswap.video.api.Clip;

/** One file-name form per clip name: names with spaces, accents and slashes each land in one folder of their own. */
class FileNamesTest {

    @Test
    void aPlainNameIsItsOwnFileName() {
        assertEquals("main", FileNames.part("main"));
        assertEquals("take-2", FileNames.part("take-2"));
    }

    @Test
    void everyNameLandsInOneFolderOfItsOwnInsideItsParent() {
        List<String> names = List.of("Main Clip", "main clip", "main-clip", "Main_Clip", "Café", "cafe", "a/b",
                "a\\b", "../up", "..", ".", "日本", "中文", " ", "main", "MAIN", "x".repeat(300).substring(0, 200));
        Set<String> parts = new HashSet<>();
        Path parent = Path.of("/cache/shot");
        for (String n : names) {
            String p = new Clip(n.isBlank() ? "_" : n, null).fileName();
            assertTrue(p.matches("[a-z0-9-]+"), n + " → " + p);
            assertEquals(parent, parent.resolve(p).getParent(), n + " stays inside: " + p);
            assertTrue(parts.add(p), "two names share " + p);
            assertEquals(p, new Clip(n.isBlank() ? "_" : n, null).fileName(), "stable");
        }
        assertNotEquals(FileNames.part("Main Clip"), FileNames.part("main clip"));
        assertTrue(FileNames.part("Main Clip").startsWith("main-clip-"), FileNames.part("Main Clip"));
    }
}
