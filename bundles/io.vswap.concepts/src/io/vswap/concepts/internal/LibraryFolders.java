package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrashedConcept;
import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.AtomicFolder;
import io.vswap.files.api.FileNames;

/**
 * A library's folder on disk. A concept is made whole in a hidden staging folder inside the
 * library (same file system), checked, then published by one rename under a free folder name; a
 * deleted one is renamed into the library's trash. Hidden entries (staging, trash) are never listed.
 */
final class LibraryFolders {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private LibraryFolders() {
    }

    static List<StoredConcept> list(ConceptLibrary library) throws IOException {
        List<StoredConcept> out = new ArrayList<>();
        if (!Files.isDirectory(library.folder())) {
            return out;
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(library.folder())) {
            folders = s.filter(p -> !p.getFileName().toString().startsWith(".")
                    && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path f : folders) {
            out.add(read(library, f));
        }
        return out;
    }

    static StoredConcept read(ConceptLibrary library, Path folder) {
        try {
            return new StoredConcept(library, folder, Optional.of(ConceptJson.read(folder)), Optional.empty());
        } catch (ConceptFileException e) {
            return new StoredConcept(library, folder, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    /** @throws IOException in words when {@code library} may not be changed */
    static void requireWritable(ConceptLibrary library) throws IOException {
        if (library.readOnly()) {
            throw new IOException("the library \"" + library.name() + "\" (" + library.folder() + ") is read-only: "
                    + "its concepts are used as they are; duplicate one into your own library to change it");
        }
    }

    /** A new, empty staging folder in {@code library} for a concept that will be published as {@code id}. */
    static Path staging(ConceptLibrary library, String id) throws IOException {
        Files.createDirectories(library.folder());
        Path p = library.folder().resolve(".incoming-" + id + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(p);
        return p;
    }

    /** The folder name a concept with {@code token} gets (the token without its brackets). */
    static String idFor(String token) {
        return FileNames.part(token.substring(1, token.length() - 1));
    }

    /**
     * Checks the staged concept (its file reads, its weights match their checksum), then renames it
     * into the library under {@code id}, or {@code id-2}, … when that is taken (by another process too).
     */
    static StoredConcept publish(ConceptLibrary library, Path staged, String id) throws IOException {
        Concept c = ConceptJson.read(staged);
        verifyWeights(staged, c);
        for (int n = 1; n < 1000; n++) {
            Path target = library.folder().resolve(n == 1 ? id : id + "-" + n);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                continue; // another process took the name a moment ago
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the library " + library.folder() + " cannot rename folders in one step", e);
            }
            AtomicFile.syncFolder(library.folder());
            return read(library, target);
        }
        throw new IOException("the library " + library.folder() + " has no free folder name for " + id);
    }

    /** @throws ConceptFileException when the weights are missing, or not the bytes the concept was saved with */
    static void verifyWeights(Path folder, Concept c) throws IOException {
        Path w;
        try {
            w = io.vswap.concepts.api.ConceptPaths.resolve(folder, c.weights().file(), "weights file");
        } catch (IllegalArgumentException e) {
            throw new ConceptFileException(folder.resolve(ConceptJson.FILE), "is damaged: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(w, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConceptFileException(w, "is missing: the concept \"" + c.name() + "\" has no weights");
        }
        if (Files.size(w) != c.weights().bytes() || !BaseModelId.sha256(w).equals(c.weights().sha256())) {
            throw new ConceptFileException(w, "is not the weights the concept \"" + c.name() + "\" was saved with (its "
                    + "checksum differs): it is damaged; import or train the concept again");
        }
    }

    /** Moves {@code c} into its library's trash. */
    static TrashedConcept trash(StoredConcept c) throws IOException {
        requireWritable(c.library());
        Path trash = c.library().folder().resolve(ConceptLibrary.TRASH);
        Files.createDirectories(trash);
        Path target = trash.resolve(c.id() + "-" + LocalDateTime.now().format(STAMP) + "-"
                + UUID.randomUUID().toString().substring(0, 4));
        Files.move(c.folder(), target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.syncFolder(c.library().folder());
        return new TrashedConcept(c.library(), target, c.id(), c.label());
    }

    /** Puts a trashed concept back under its id, or a free one beside it. */
    static StoredConcept restore(TrashedConcept t) throws IOException {
        requireWritable(t.library());
        if (!Files.isDirectory(t.trashed())) {
            throw new IOException("\"" + t.name() + "\" is no longer in the trash of " + t.library().folder()
                    + ": it cannot be restored");
        }
        return publish(t.library(), t.trashed(), t.id());
    }

    /** Copies a concept's folder (its files, not its hidden ones) into {@code staging}. */
    static void copyInto(Path from, Path staging) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path p : w.toList()) {
                Path rel = from.relativize(p);
                if (rel.toString().isEmpty() || rel.getName(0).toString().startsWith(".")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    throw new IOException(p + " is a link: a concept's folder holds plain files only");
                }
                Path to = staging.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    /** Deletes a staging folder after a failure (the library is as it was). */
    static void discard(Path staging) {
        try {
            AtomicFolder.deleteTree(staging);
        } catch (IOException ignored) {
            // a hidden leftover, never listed; the next attempt uses another name
        }
    }
}
