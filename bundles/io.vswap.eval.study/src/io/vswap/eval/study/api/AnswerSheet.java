package io.vswap.eval.study.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rater's answers to one study ({@link AnswerSheets} is the file's mapping). Each answer keeps
 * the side its pair was shown on, so that the results map "left" back to a variant from the file alone.
 *
 * @param studyId the study's id
 * @param rater the rater's name
 * @param answers one per pair answered, in the order answered
 */
public record AnswerSheet(String studyId, String rater, List<PairAnswer> answers) {

    /**
     * @param pairId the pair
     * @param position where it was shown (1 = first)
     * @param aOnLeft whether its render {@code a} was on the left
     * @param choices per criterion id, the answer (a criterion not answered yet is absent)
     * @param answeredAt when, as ISO-8601 text (empty when unknown)
     */
    public record PairAnswer(String pairId, int position, boolean aOnLeft, Map<String, Choice> choices,
            String answeredAt) {
        public PairAnswer {
            choices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
            answeredAt = answeredAt == null ? "" : answeredAt;
        }
    }

    public AnswerSheet {
        answers = List.copyOf(answers);
        if (rater == null || rater.isBlank() || rater.length() > 100) {
            throw new IllegalArgumentException("a rater's name is 1 to 100 characters, not \"" + rater + "\"");
        }
    }

    public Optional<PairAnswer> answer(String pairId) {
        return answers.stream().filter(a -> a.pairId().equals(pairId)).findFirst();
    }

    /** This sheet with {@code answer} in place of an earlier answer to the same pair, or added. */
    public AnswerSheet with(PairAnswer answer) {
        List<PairAnswer> next = new java.util.ArrayList<>(answers.stream()
                .filter(a -> !a.pairId().equals(answer.pairId())).toList());
        next.add(answer);
        return new AnswerSheet(studyId, rater, next);
    }
}
