package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.files.api.AtomicFolder;

/** A folder is replaced whole or not at all; strays of an interrupted replace do not leak in. */
class AtomicFolderTest {

    @Test
    void replacesTheWholeFolderAndLeavesNoStrays(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model");
        AtomicFolder.replace(target, f -> {
            Files.writeString(f.resolve("a.txt"), "one");
            Files.createDirectories(f.resolve("sub"));
            Files.writeString(f.resolve("sub/b.txt"), "one");
        });
        assertEquals("one", Files.readString(target.resolve("sub/b.txt")));
        // a stray half-written .tmp (a killed run) is discarded, not merged into the new folder
        Files.createDirectories(dir.resolve("model.tmp"));
        Files.writeString(dir.resolve("model.tmp/stale.txt"), "half");
        AtomicFolder.replace(target, f -> Files.writeString(f.resolve("a.txt"), "two"));
        assertEquals("two", Files.readString(target.resolve("a.txt")));
        assertFalse(Files.exists(target.resolve("sub")), "nothing of the old folder is left in the new one");
        assertFalse(Files.exists(target.resolve("stale.txt")));
        assertFalse(Files.exists(dir.resolve("model.tmp")));
        assertFalse(Files.exists(dir.resolve("model.old")));
    }

    @Test
    void aFailingWriterLeavesTheOldFolderAsItWas(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint");
        AtomicFolder.replace(target, f -> Files.writeString(f.resolve("state.json"), "{\"step\": 100}"));
        IOException disk = new IOException("No space left on device");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFolder.replace(target, f -> {
            Files.writeString(f.resolve("state.json"), "{\"step\": 200}");
            throw disk;
        }));
        assertSame(disk, thrown);
        assertEquals("{\"step\": 100}", Files.readString(target.resolve("state.json")));
        assertFalse(Files.exists(dir.resolve("checkpoint.tmp")), "the half-written folder is removed");
    }

    @Test
    void deleteTreeRemovesFoldersAndFilesAndAcceptsNothing(@TempDir Path dir) throws IOException {
        Path tree = dir.resolve("t");
        Files.createDirectories(tree.resolve("x/y"));
        Files.writeString(tree.resolve("x/y/z.bin"), "z");
        Files.writeString(dir.resolve("f.txt"), "f");
        AtomicFolder.deleteTree(tree);
        AtomicFolder.deleteTree(dir.resolve("f.txt"));
        AtomicFolder.deleteTree(dir.resolve("absent"));
        assertFalse(Files.exists(tree));
        assertFalse(Files.exists(dir.resolve("f.txt")));
    }
}
