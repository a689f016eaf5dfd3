package io.vswap.files.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Atomic file replacement: write a temporary file beside the target, fsync it, rename it over
 * the target, fsync the folder. A reader sees either the old file or the new one, never a
 * mixture, whatever happens mid-way (crash, full disk, cancel).
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** Names the writing process in a temporary file's name: {@code -p<pid>-h<host hash>}. */
    private static final Pattern WRITER = Pattern.compile("-p(\\d+)-h([0-9a-f]{8})(\\.|$)");

    /**
     * A fresh temporary path in the target's folder (same file system, so the rename is atomic):
     * {@code .NAME.tmp-<random>-p<pid>-h<host>.EXT}, hidden, and naming the process that writes it,
     * so that what a killed process left can be told from what a live one is still writing.
     */
    public static Path tempBeside(Path target) {
        return target.resolveSibling(hiddenTemp(target.getFileName().toString(), "tmp-"
                + UUID.randomUUID().toString().substring(0, 8)));
    }

    private static final Pattern HIDDEN_TEMP = Pattern.compile("^\\.(.+)\\.tmp-[^/]*$");

    /**
     * The file a message should name: for a temporary (or staging) file the final file it becomes,
     * for any other path the path itself. A user knows {@code renders/x.mkv}, not its hidden temporary.
     */
    public static Path shownAs(Path file) {
        Path name = file.getFileName();
        Matcher m = name == null ? null : HIDDEN_TEMP.matcher(name.toString());
        return m != null && m.matches() ? file.resolveSibling(m.group(1)) : file;
    }

    /** {@code .NAME.<tag>-p<pid>-h<host>.EXT}: the temporary names of this class and of io.vswap.video's {@code AtomicFileSet}. */
    public static String hiddenTemp(String name, String tag) {
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : "";
        return "." + name + "." + tag + "-p" + ProcessHandle.current().pid() + "-h" + HOST + ext;
    }

    /**
     * Whether the temporary file {@code name} was written by a process of this machine that is no
     * longer running (killed mid-write): nobody will finish it. A name without a writer (written by
     * an older version) or from another machine is not known to be dead.
     */
    public static boolean writerIsGone(String name) {
        Matcher m = WRITER.matcher(name);
        if (!m.find() || !m.group(2).equals(HOST)) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true);
    }

    private static final String HOST_NAME = readHostName();
    private static final String HOST = hostHash();

    private static String hostHash() {
        return String.format("%08x", HOST_NAME.hashCode());
    }

    /**
     * This machine's name, as temporary files and project locks record their writer: the kernel's
     * (no name lookup, which can stall where DNS is slow), else {@code HOSTNAME}, else a lookup.
     */
    public static String hostName() {
        return HOST_NAME;
    }

    private static String readHostName() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the environment, then a lookup
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** Replaces {@code target} with {@code content}, atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = tempBeside(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Replaces {@code target} with UTF-8 {@code text}, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Moves a finished temporary file over {@code target}: fsyncs the file, renames it
     * atomically, fsyncs the folder.
     */
    public static void publish(Path temp, Path target) throws IOException {
        fsync(temp);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(target.toAbsolutePath().getParent());
    }

    /** Forces a file's contents to the disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    public static void syncFolder(Path folder) {
        // Makes the rename itself durable; not every platform lets a folder be opened.
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
