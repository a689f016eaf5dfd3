package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vswap.files.api.FileNames;

/**
 * A study on disk: {@code study.json}, and {@code answers/} with one answers file per rater
 * ({@code answers/<rater>.json}, written by a {@link RaterSession} or imported from the web page).
 */
public final class StudyFolder {

    /** The answers folder's name in a study folder. */
    public static final String ANSWERS = "answers";

    private final Path folder;
    private final Study study;

    private StudyFolder(Path folder, Study study) {
        this.folder = folder;
        this.study = study;
    }

    /**
     * Writes {@code study} into {@code folder} (atomically) and makes its answers folder. The same
     * study again is fine (its answers stay valid); another study over answers already given is refused,
     * so that no rater's answers are orphaned by a changed study.
     */
    public static StudyFolder create(Path folder, Study study) throws IOException {
        Path file = folder.resolve(Studies.FILE);
        if (Files.exists(file)) {
            String id;
            try {
                id = Studies.read(file).id();
            } catch (StudyFileException unreadable) {
                id = null;
            }
            Answers given = answers(study, folder.resolve(ANSWERS));
            int raters = given.sheets().size() + given.refused().size();
            if (!study.id().equals(id) && raters > 0) {
                throw new IOException(folder + " already holds another study, with " + raters + " answers file"
                        + (raters == 1 ? "" : "s") + " in " + ANSWERS + "/: make the new study in another folder (or "
                        + "move that one away)");
            }
        }
        Files.createDirectories(folder.resolve(ANSWERS));
        Studies.write(folder.resolve(Studies.FILE), study);
        return new StudyFolder(folder, study);
    }

    /** @throws StudyFileException when its study file is missing, damaged or newer */
    public static StudyFolder open(Path folder) throws StudyFileException {
        return new StudyFolder(folder, Studies.read(folder.resolve(Studies.FILE)));
    }

    public Path folder() {
        return folder;
    }

    public Study study() {
        return study;
    }

    public Path answersFolder() {
        return folder.resolve(ANSWERS);
    }

    /** Where {@code rater}'s answers are kept. */
    public Path answersFile(String rater) {
        return answersFolder().resolve(FileNames.part(rater) + ".json");
    }

    /**
     * The answers in a folder of answers files: each file read and checked on its own, so that a
     * damaged one (or one of another study) is refused by name and the other raters' are kept.
     *
     * @param sheets the answers that could be used, one sheet per rater
     * @param refused the files left out, each with why
     */
    public record Answers(List<AnswerSheet> sheets, List<StudyFileException> refused) {
        public Answers {
            sheets = List.copyOf(sheets);
            refused = List.copyOf(refused);
        }
    }

    /** Every answers file in this study's answers folder. */
    public Answers answers() throws IOException {
        return answers(study, answersFolder());
    }

    /** Every {@code *.json} file in {@code folder} read as answers to {@code study}; a file of a rater seen before is refused. */
    public static Answers answers(Study study, Path folder) throws IOException {
        List<AnswerSheet> sheets = new ArrayList<>();
        List<StudyFileException> refused = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return new Answers(sheets, refused);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        Map<String, Path> byRater = new HashMap<>();
        for (Path f : files) {
            try {
                AnswerSheet sheet = AnswerSheets.read(f, study);
                Path earlier = byRater.putIfAbsent(sheet.rater(), f);
                if (earlier != null) {
                    throw new StudyFileException(f, "holds answers of " + sheet.rater() + ", whose answers are "
                            + "already in " + earlier.getFileName() + ": one file per rater is counted");
                }
                sheets.add(sheet);
            } catch (StudyFileException e) {
                refused.add(e);
            }
        }
        return new Answers(sheets, refused);
    }

    /**
     * Takes in an answers file a rater sent back (from the web page): checked against the study,
     * then saved as that rater's answers. A sheet with fewer answers than the rater's saved one is
     * refused, so that an early export sent twice never replaces later answers.
     *
     * @return the rater's answers file in this study
     * @throws StudyFileException naming the file and what is wrong
     */
    public Path importAnswers(Path file) throws IOException {
        AnswerSheet sheet = AnswerSheets.read(file, study);
        Path target = answersFile(sheet.rater());
        if (Files.exists(target)) {
            AnswerSheet saved;
            try {
                saved = AnswerSheets.read(target, study);
            } catch (StudyFileException damaged) {
                saved = null; // what arrives replaces a damaged file
            }
            if (saved != null && saved.answers().size() > sheet.answers().size()) {
                throw new StudyFileException(file, "has " + sheet.answers().size() + " answers of "
                        + sheet.rater() + ", fewer than the " + saved.answers().size() + " already saved in "
                        + target.getFileName() + ": it is an earlier export and was not imported");
            }
        }
        AnswerSheets.write(target, sheet);
        return target;
    }
}
