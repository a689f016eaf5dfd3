package io.vswap.video.api;

import java.nio.file.Path;

/**
 * A video could not be read or written. The message names the file, says what is wrong and
 * what to do about it; {@link #kind()} lets callers react without parsing text.
 */
public class VideoException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, broadly. */
    public enum Kind {
        /** The file or folder does not exist. */
        NOT_FOUND,
        /** The file is empty. */
        EMPTY,
        /** The file is not a video any codec here understands. */
        NOT_A_VIDEO,
        /** The file is a video but damaged or cut short. */
        CORRUPT,
        /** The video's codec or pixel format is not supported. */
        UNSUPPORTED,
        /** A frame range, crop or size outside what the video has. */
        OUT_OF_RANGE,
        /** The destination cannot be written (missing folder, no permission, not a folder). */
        NOT_WRITABLE,
        /** The destination ran out of space. */
        DISK_FULL
    }

    private final Kind kind;
    private final Path file;

    public VideoException(Kind kind, Path file, String message) {
        this(kind, file, message, null);
    }

    public VideoException(Kind kind, Path file, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.file = file;
    }

    public Kind kind() {
        return kind;
    }

    /** The file the problem is about; may be {@code null}. */
    public Path file() {
        return file;
    }
}
