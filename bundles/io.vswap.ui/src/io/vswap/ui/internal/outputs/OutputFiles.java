package io.vswap.ui.internal.outputs;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vswap.ui.api.ClipOutput;

/**
 * The file work behind the Project Explorer's commands on a clip's output: export a copy, move
 * all its files to the project's trash ({@code .trash/<time>-<name>/}) and back. A move of
 * several files either happens for all of them or is undone for those already moved, so an
 * output is never left half in the trash.
 */
public final class OutputFiles {

    /** The project's trash: hidden, inside the project, so a move into it is a rename on the same disk. */
    public static final String TRASH = ".trash";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private OutputFiles() {
    }

    /**
     * Copies {@code output}'s video to {@code target}, through a temporary file beside it and a
     * rename, so that a full disk or a cancel leaves no partial file; an existing target is replaced.
     */
    public static void export(ClipOutput output, Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "." + target.getFileName(), ".part");
        try {
            Files.copy(output.video(), tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves every file of {@code output} (those that exist) into a new folder of the project's
     * trash.
     *
     * @param name the output's name for the trash folder (its video's stem)
     * @return the trash folder, for {@link #restore}
     */
    public static Trashed trash(ClipOutput output, Path projectFolder, String name) throws IOException {
        Path folder = projectFolder.resolve(TRASH).resolve(LocalDateTime.now().format(STAMP) + "-" + name);
        for (int n = 2; Files.exists(folder); n++) {
            folder = projectFolder.resolve(TRASH).resolve(LocalDateTime.now().format(STAMP) + "-" + name + "-" + n);
        }
        Files.createDirectories(folder);
        List<Path> from = output.files().stream().filter(Files::exists).toList();
        Path into = folder;
        moveAll(from, from.stream().map(f -> into.resolve(f.getFileName())).toList());
        return new Trashed(into, from);
    }

    /**
     * Moves the trashed files back where they were; refused, moving nothing, when a file of that
     * name has been written there since.
     */
    public static void restore(Trashed t) throws IOException {
        for (Path original : t.originals()) {
            if (Files.exists(original)) {
                throw new FileAlreadyExistsException(original.toString(), null,
                        "a file of that name was written since the delete");
            }
        }
        moveAll(t.originals().stream().map(o -> t.folder().resolve(o.getFileName())).toList(), t.originals());
        try {
            Files.deleteIfExists(t.folder());
        } catch (IOException e) {
            // a file the user put there: the folder stays
        }
    }

    /** Moves {@code from[i]} to {@code to[i]}; on a failure, moves those already moved back. */
    private static void moveAll(List<Path> from, List<Path> to) throws IOException {
        List<Integer> done = new ArrayList<>();
        try {
            for (int i = 0; i < from.size(); i++) {
                Files.move(from.get(i), to.get(i), StandardCopyOption.ATOMIC_MOVE);
                done.add(i);
            }
        } catch (IOException e) {
            for (int i : done.reversed()) {
                try {
                    Files.move(to.get(i), from.get(i), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException back) {
                    e.addSuppressed(back);
                }
            }
            throw e;
        }
    }

    /** An I/O failure in words: what a user can act on, the file named. */
    static String words(IOException e) {
        String file = e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
        String m = String.valueOf(e.getMessage());
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "no permission to write there" + file;
        }
        if (m.contains("No space left")) {
            return "the disk is full" + file;
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "the file is gone" + file;
        }
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() + file : m;
    }

    /**
     * Where a delete put an output's files.
     *
     * @param folder the trash folder holding them
     * @param originals where they were
     */
    public record Trashed(Path folder, List<Path> originals) {
        public Trashed {
            originals = List.copyOf(originals);
        }
    }
}
