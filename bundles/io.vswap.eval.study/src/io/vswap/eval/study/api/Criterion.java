package io.vswap.eval.study.api;

import java.util.List;

/**
 * One question a rater answers about a pair, e.g. {@code identity}: "Which video shows the target
 * subject more faithfully …?".
 *
 * @param id a short stable name (letters, digits, dashes), the key in answers and results files
 * @param name the column's title in the results table ("Subject identity")
 * @param question the question as the rater reads it
 */
public record Criterion(String id, String name, String question) {

    /** The VideoSwap paper's four criteria (its human evaluation, §8.3 and Table 1), as questions to a rater. */
    public static final List<Criterion> PAPER = List.of(
            new Criterion("identity", "Subject identity",
                    "Which video shows the target subject (its appearance and its shape) more faithfully?"),
            new Criterion("motion", "Motion alignment",
                    "In which video does the new subject follow the source subject's motion better?"),
            new Criterion("temporal", "Temporal quality",
                    "Which video is more stable over time (less flicker, fewer jumps)?"),
            new Criterion("overall", "Overall preference", "Which swap do you prefer overall?"));

    public Criterion {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("a criterion's id is lower-case letters, digits and dashes, not \""
                    + id + "\"");
        }
        if (name == null || name.isBlank() || question == null || question.isBlank()) {
            throw new IllegalArgumentException("the criterion \"" + id + "\" needs a name and a question");
        }
    }
}
