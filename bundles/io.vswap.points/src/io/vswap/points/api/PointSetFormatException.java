package io.vswap.points.api;

import java.nio.file.Path;

/** A point-set file that cannot be read: written by a newer version, or damaged. */
public class PointSetFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public PointSetFormatException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
