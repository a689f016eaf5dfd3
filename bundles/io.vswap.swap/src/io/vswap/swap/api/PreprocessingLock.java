package io.vswap.swap.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * One preparer at a time in a {@link PreprocessingCache} folder: two edits of one clip started
 * together (two targets on two farm hosts, two jobs in the workbench) compute its source side
 * once; the second waits, saying for whom, then finds it cached. The operating system's lock on
 * {@value #FILE} (a killed holder leaves none behind) and, since that lock is per process, an
 * in-process lock first. Hold it for the source side only, so that the edits themselves run side by side.
 */
public final class PreprocessingLock implements AutoCloseable {

    public static final String FILE = ".preparing.lock";
    private static final long POLL_MILLIS = 200;
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private PreprocessingLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for the folder's lock as long as another preparer holds it, telling {@code monitor}
     * who that is; a cancel while waiting throws {@link OperationCanceledException}.
     */
    public static PreprocessingLock acquire(PreprocessingCache cache, IProgressMonitor monitor) throws IOException {
        Path folder = cache.folder().toAbsolutePath().normalize();
        Files.createDirectories(folder);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(folder, f -> new ReentrantLock());
        boolean said = false;
        try {
            while (!local.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                said = waiting(monitor, said, "another edit of this program");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCanceledException();
        }
        FileChannel channel = null;
        try {
            Path file = folder.resolve(FILE);
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
                    channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " on "
                            + io.vswap.files.api.AtomicFile.hostName() + " since " + Instant.now())
                            .getBytes(StandardCharsets.UTF_8)), 0);
                    return new PreprocessingLock(local, channel, l);
                }
                said = waiting(monitor, said, Files.readString(file, StandardCharsets.UTF_8).trim());
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | RuntimeException e) {
            close(channel);
            local.unlock();
            throw e;
        } catch (InterruptedException e) {
            close(channel);
            local.unlock();
            Thread.currentThread().interrupt();
            throw new OperationCanceledException();
        }
    }

    private static boolean waiting(IProgressMonitor monitor, boolean said, String holder) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        if (!said) {
            monitor.subTask("waiting for " + (holder.isBlank() ? "another process" : holder)
                    + ", which prepares this clip's source side");
        }
        return true;
    }

    private static void close(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // releasing: nothing more to do
            }
        }
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
