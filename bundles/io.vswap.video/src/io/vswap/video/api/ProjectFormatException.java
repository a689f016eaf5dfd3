package io.vswap.video.api;

import java.nio.file.Path;

/** A project file that cannot be read: written by a newer version, or damaged. */
public class ProjectFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public ProjectFormatException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
