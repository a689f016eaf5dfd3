package io.vswap.video.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.vswap.files.api.AtomicFile;

/**
 * One writer at a time on a project: an exclusive lock on {@value #LOCK_FILE} in the project
 * folder (the operating system's file lock, so a killed process leaves no stale lock), holding the
 * holder's pid, host and start time for the message a second writer gets. Threads of one process
 * queue on an in-process lock first (the OS lock is per process).
 */
public final class ProjectLock implements AutoCloseable {

    public static final String LOCK_FILE = ".vswap.lock";
    /** How long a writer waits for another by default. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;
    private List<String> recovered = List.of();

    private ProjectLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits up to {@code wait} for the project's lock (creating the folder if needed).
     *
     * @throws IOException naming the holder when another writer keeps it longer
     */
    public static ProjectLock acquire(Path projectFolder, Duration wait) throws IOException {
        Path folder = projectFolder.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        Path file = folder.resolve(LOCK_FILE);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(folder, f -> new ReentrantLock());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!local.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy(folder, file, "another job of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock of project " + folder, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            while (true) {
                FileLock l;
                try {
                    l = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                    ProjectLock held = new ProjectLock(local, channel, l);
                    try {
                        // the first writer after a fault finishes or removes what the fault left
                        held.recovered = AtomicFileSet.recover(folder);
                    } catch (IOException | RuntimeException e) {
                        held.close();
                        throw e;
                    }
                    return held;
                }
                if (System.nanoTime() > deadline) {
                    throw busy(folder, file, Files.readString(file, StandardCharsets.UTF_8).trim());
                }
                Thread.sleep(50);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw e;
        } catch (InterruptedException e) {
            closeQuietly(channel);
            local.unlock();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock of project " + folder, e);
        }
    }

    private static IOException busy(Path folder, Path file, String holder) {
        return new IOException("The project " + folder + " is being changed by another writer ("
                + (holder.isEmpty() ? "unknown" : holder) + "). Wait until it has finished, or stop it, then run "
                + "this again. (" + file.getFileName() + " stays in the folder; it is free once no process holds it.)");
    }

    private static String holder() {
        return "process " + ProcessHandle.current().pid() + " on " + AtomicFile.hostName() + " since " + Instant.now();
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // releasing: nothing more to do
            }
        }
    }

    /** What acquiring the lock recovered after an earlier fault ({@link AtomicFileSet#recover}); usually empty. */
    public List<String> recovered() {
        return recovered;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
