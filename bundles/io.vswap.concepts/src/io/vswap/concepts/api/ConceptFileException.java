package io.vswap.concepts.api;

import java.io.IOException;
import java.nio.file.Path;

/** A concept's file or archive that cannot be used, named, with what is wrong and what to do, in words. */
public class ConceptFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param problem the rest of a sentence that starts with the file's name ("is damaged: …") */
    public ConceptFileException(Path file, String problem) {
        super(file + " " + problem);
        this.file = file;
    }

    public ConceptFileException(Path file, String problem, Throwable cause) {
        super(file + " " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
