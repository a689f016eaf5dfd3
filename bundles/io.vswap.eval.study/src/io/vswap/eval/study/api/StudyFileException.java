package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.file.Path;

/** A study, answers or results file that cannot be used, named, with what is wrong in words. */
public class StudyFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param problem what is wrong, as the rest of a sentence starting with the file's name ("is damaged: …") */
    public StudyFileException(Path file, String problem) {
        super(file + " " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
