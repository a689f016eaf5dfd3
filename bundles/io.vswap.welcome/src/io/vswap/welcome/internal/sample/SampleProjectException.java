package io.vswap.welcome.internal.sample;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;

/** Why the sample project could not be opened or made, in words a user can act on. */
public final class SampleProjectException extends Exception {

    private static final long serialVersionUID = 1L;

    public SampleProjectException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What a failure to write {@code folder} means for the user: a read-only or foreign folder, a
     * full disk, a file in the way; otherwise the cause's own message. The whole cause chain is
     * read, since a batch job or codec wraps the file system's exception in its own.
     */
    public static String words(Throwable failure, Path folder) {
        String head = "Could not make the sample project in " + folder + ": ";
        String tail = " Nothing was left behind; " + "fix that and open the sample project again.";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("disk quota")) {
                return head + "the disk is full." + tail;
            }
            if (t instanceof AccessDeniedException || t instanceof ReadOnlyFileSystemException
                    || m.contains("read-only file system") || m.contains("permission denied")) {
                return head + "that folder cannot be written (read-only, or it belongs to another user; "
                        + where(t) + ")." + tail;
            }
            if (t instanceof NotDirectoryException || t instanceof FileAlreadyExistsException
                    || m.contains("not a directory")) {
                return head + "a file is in the way where a folder should be (" + where(t) + ")." + tail;
            }
        }
        String own = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return head + own + "." + tail;
    }

    private static String where(Throwable t) {
        return t instanceof FileSystemException f && f.getFile() != null ? f.getFile() : "see the error log";
    }
}
