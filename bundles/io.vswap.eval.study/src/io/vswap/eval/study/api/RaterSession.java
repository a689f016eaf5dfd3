package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vswap.eval.study.api.AnswerSheet.PairAnswer;
import io.vswap.eval.study.api.Blinding.Presentation;
import io.vswap.eval.study.api.Blinding.Shown;

/**
 * One rater answering a study, as a view drives it: {@link #next()} pair, {@link #answer}, {@link #progress()}.
 * Every answer is saved at once, atomically, to the rater's answers file: a crash loses at most the
 * pair being answered, and opening the session again resumes where the rater was.
 */
public final class RaterSession {

    private final StudyFolder folder;
    private final Presentation presentation;
    private AnswerSheet sheet;

    private RaterSession(StudyFolder folder, Presentation presentation, AnswerSheet sheet) {
        this.folder = folder;
        this.presentation = presentation;
        this.sheet = sheet;
    }

    /**
     * Opens (or resumes) {@code rater}'s session.
     *
     * @throws StudyFileException when the rater's answers file is damaged (named; it is left as it is)
     */
    public static RaterSession open(StudyFolder folder, String rater) throws StudyFileException {
        Study study = folder.study();
        Path file = folder.answersFile(rater);
        AnswerSheet sheet = Files.exists(file) ? AnswerSheets.read(file, study)
                : new AnswerSheet(study.id(), rater, List.of());
        return new RaterSession(folder, study.presentationFor(rater), sheet);
    }

    /**
     * A pair as this rater sees it.
     *
     * @param position 1 for the first pair
     * @param total how many pairs the study has
     * @param left the video shown on the left
     * @param right the one on the right
     */
    public record ShownPair(String pairId, int position, int total, Path left, Path right, Optional<Path> source) {
    }

    /** How far the rater is: pairs with every question answered, of all. */
    public record Progress(int answered, int total) {
        public boolean done() {
            return answered == total;
        }
    }

    public String rater() {
        return sheet.rater();
    }

    public Study study() {
        return folder.study();
    }

    /** The rater's answers so far. */
    public AnswerSheet sheet() {
        return sheet;
    }

    /** The first pair, in this rater's order, with a question unanswered; empty when all are answered. */
    public Optional<ShownPair> next() {
        return presentation.pairs().stream().filter(s -> !complete(s.pairId())).findFirst().map(this::shown);
    }

    /** Every pair in this rater's order (a view may let the rater go back). */
    public List<ShownPair> pairs() {
        return presentation.pairs().stream().map(this::shown).toList();
    }

    private ShownPair shown(Shown s) {
        StudyPair p = study().pair(s.pairId()).orElseThrow();
        return new ShownPair(p.id(), s.position(), presentation.pairs().size(), p.left(s.aOnLeft()).video(),
                p.right(s.aOnLeft()).video(), p.source());
    }

    private boolean complete(String pairId) {
        return sheet.answer(pairId).map(a -> a.choices().keySet().containsAll(
                study().criteria().stream().map(Criterion::id).toList())).orElse(false);
    }

    public Progress progress() {
        int done = (int) presentation.pairs().stream().filter(s -> complete(s.pairId())).count();
        return new Progress(done, presentation.pairs().size());
    }

    /**
     * Records answers to some or all of a pair's questions (earlier answers to its other questions
     * are kept) and saves the rater's file at once.
     *
     * @param choices per criterion id, the rater's answer (left and right as shown)
     */
    public void answer(String pairId, Map<String, Choice> choices) throws IOException {
        Shown s = presentation.find(pairId);
        if (s == null) {
            throw new IllegalArgumentException("the study has no pair \"" + pairId + "\"");
        }
        for (String c : choices.keySet()) {
            if (study().criterion(c).isEmpty()) {
                throw new IllegalArgumentException("the study asks no question \"" + c + "\"");
            }
        }
        Map<String, Choice> merged = new LinkedHashMap<>(sheet.answer(pairId).map(PairAnswer::choices)
                .orElse(Map.of()));
        merged.putAll(choices);
        AnswerSheet next = sheet.with(new PairAnswer(pairId, s.position(), s.aOnLeft(), merged,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        AnswerSheets.write(folder.answersFile(rater()), next);
        sheet = next;
    }
}
