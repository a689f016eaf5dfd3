package io.vswap.files.api;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Atomic folder replacement, for results made of several files (a model export, a training
 * checkpoint): the new contents are written whole into {@code <name>.tmp/} beside the target,
 * then swapped in by two renames ({@code <name>/} → {@code <name>.old/}, {@code <name>.tmp/} →
 * {@code <name>/}). A crash leaves the previous folder, or between the renames the previous
 * one as {@code <name>.old/}, never a half-written one.
 */
public final class AtomicFolder {

    private AtomicFolder() {
    }

    /** Writes a folder's contents. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path folder) throws IOException;
    }

    /** Replaces {@code target} by what {@code contents} writes; on failure the target is left as it was. */
    public static void replace(Path target, Contents contents) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = sibling(abs, ".tmp");
        Path old = sibling(abs, ".old");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        try {
            contents.writeInto(tmp);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(tmp);
            throw e;
        }
        if (Files.exists(abs)) {
            deleteTree(old);
            move(abs, old);
        }
        move(tmp, abs);
        deleteTree(old);
    }

    /** Deletes a file or a folder with everything in it; nothing there is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling(target.getFileName() + suffix);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
