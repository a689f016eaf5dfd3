package io.vswap.video.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.ProjectNames;
import io.vswap.video.internal.fault.FaultPoints;

/**
 * Several files of one folder published as one unit (a render's video, deliverable, record and
 * sheet): each is written whole under a hidden staging name, then a journal naming every move is
 * written atomically, then the files are renamed into place and the journal removed. A fault
 * before the journal leaves the previous files untouched (and staging files that the next writer
 * removes); a fault after it is rolled forward by {@link #recover} when the folder is next opened
 * by a writer ({@link ProjectLock#acquire}), so the set on disk is either the old one or the new
 * one, whole.
 */
public final class AtomicFileSet {

    static final String JOURNAL_SUFFIX = ".publish";
    /** A hidden temporary file untouched this long is a fault's leftover, not another job's work in progress. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(15);

    private final Path folder;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    /** Set once the journal is on disk: from then on the set is rolled forward, never discarded. */
    private boolean journalled;

    private AtomicFileSet(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** A new set of files to publish in {@code folder}. */
    public static AtomicFileSet in(Path folder) {
        return new AtomicFileSet(folder);
    }

    /**
     * The staging path to write {@code name}'s new contents to (whole, before {@link #publish}).
     *
     * @param name a plain file name in the set's folder
     */
    public Path stage(String name) {
        ProjectNames.requirePlain(name, "a file name");
        Path temp = folder.resolve(AtomicFile.hiddenTemp(name, "tmp-set-" + id));
        staged.put(temp, folder.resolve(name));
        return temp;
    }

    /** Moves every staged file into place as one unit; every staged file must exist. */
    public void publish() throws IOException {
        for (Path temp : staged.keySet()) {
            if (!Files.isRegularFile(temp)) {
                throw new IOException("cannot publish " + staged.get(temp) + ": its new contents " + temp + " are missing");
            }
            AtomicFile.fsync(temp);
        }
        JsonArray moves = new JsonArray();
        staged.forEach((from, to) -> {
            JsonObject m = new JsonObject();
            m.addProperty("from", from.getFileName().toString());
            m.addProperty("to", to.getFileName().toString());
            moves.add(m);
        });
        JsonObject journal = new JsonObject();
        journal.addProperty("format", "vswap-file-set");
        journal.addProperty("version", 1);
        journal.add("moves", moves);
        Path journalFile = folder.resolve(".set-" + id + JOURNAL_SUFFIX);
        FaultPoints.reached("publish-journal");
        AtomicFile.writeString(journalFile, journal.toString());
        journalled = true;
        rollForward(journalFile);
    }

    /**
     * Deletes the staged files (after a failure or a cancel before {@link #publish}); the old set
     * stays. After the journal is written it does nothing: a publication that failed half-way is
     * completed by the next writer's {@link #recover}, which needs the staged files.
     */
    public void discard() {
        if (journalled) {
            return;
        }
        for (Path temp : staged.keySet()) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // a hidden staging file left behind is removed by the next writer's recover
            }
        }
    }

    /** Whether {@code folder} (not its subfolders) holds the journal of a publication a fault interrupted. */
    public static boolean hasPendingPublication(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".set-")
                    && p.getFileName().toString().endsWith(JOURNAL_SUFFIX));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Completes publications a fault interrupted under {@code root} (journals found at any depth),
     * then removes hidden temporary files ({@code .*.tmp-*}) whose writer on this machine is no
     * longer running, and any untouched for {@link #STALE_AFTER} (a writer of another machine, or of
     * an older version that did not name itself).
     * Call it only while holding the folder's {@link ProjectLock}, which every publication holds.
     *
     * @return what was done, a line per journal rolled forward or file removed
     */
    public static List<String> recover(Path root) throws IOException {
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return done;
        }
        List<Path> journals;
        try (Stream<Path> s = Files.walk(root)) {
            journals = s.filter(p -> p.getFileName().toString().startsWith(".set-")
                    && p.getFileName().toString().endsWith(JOURNAL_SUFFIX)).toList();
        }
        for (Path j : journals) {
            done.add("completed the interrupted publication " + j);
            rollForward(j);
        }
        // a temporary file still being written (by a job that writes its cache without the lock)
        // is touched as it grows: only those untouched for a while are left over from a fault
        Instant stale = Instant.now().minus(STALE_AFTER);
        List<Path> temps;
        try (Stream<Path> s = Files.walk(root)) {
            temps = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                try {
                    return n.startsWith(".") && n.contains(".tmp-") && (AtomicFile.writerIsGone(n)
                            || Files.getLastModifiedTime(p).toInstant().isBefore(stale));
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
        for (Path t : temps) {
            Files.deleteIfExists(t);
            done.add("removed the unfinished temporary file " + t);
        }
        return done;
    }

    private static void rollForward(Path journalFile) throws IOException {
        Path folder = journalFile.toAbsolutePath().getParent();
        List<String[]> moves = new ArrayList<>();
        try {
            JsonElement root = JsonParser.parseString(Files.readString(journalFile, StandardCharsets.UTF_8));
            for (JsonElement e : root.getAsJsonObject().getAsJsonArray("moves")) {
                JsonObject m = e.getAsJsonObject();
                moves.add(new String[] { ProjectNames.requirePlain(m.get("from").getAsString(), "a staged file"),
                        ProjectNames.requirePlain(m.get("to").getAsString(), "a published file") });
            }
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | NullPointerException e) {
            // a journal is written atomically: one that does not parse was not written by us
            throw new IOException(journalFile + " is not a publication journal this version can complete ("
                    + e.getMessage() + "); move it out of the folder and check the files it names", e);
        }
        for (int i = 0; i < moves.size(); i++) {
            String[] m = moves.get(i);
            FaultPoints.reached("publish-move-" + (i + 1));
            Path from = folder.resolve(m[0]);
            if (Files.exists(from)) {
                try {
                    Files.move(from, folder.resolve(m[1]), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(from, folder.resolve(m[1]), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        AtomicFile.syncFolder(folder);
        Files.deleteIfExists(journalFile);
        AtomicFile.syncFolder(folder);
    }
}
