package io.vswap.eval.api;

/** What a {@link Metric} reads from an {@link EvaluationInput}; a metric whose needs are missing is listed as unavailable. */
public enum MetricNeed {
    /** The source clip's frames. */
    SOURCE("the source clip"),
    /** The edited frames. */
    RESULT("the edited frames"),
    /** Where the subject is, source's and result's together: the edit's masks or a user's. */
    SUBJECT_MASKS("subject masks (the edit's own, or a mask given with the evaluation)"),
    /** The source's tracked semantic points and the edit's removals and drags. */
    POINTS("the source's tracked points"),
    /** The prompt the edit aimed at. */
    TARGET_PROMPT("the target prompt"),
    /** Reference images of a customized concept. */
    CONCEPT_IMAGES("the concept's reference images"),
    /** A model folder (e.g. one with a CLIP image tower). */
    MODEL("a model folder");

    private final String words;

    MetricNeed(String words) {
        this.words = words;
    }

    /** The need in words, for "needs …" messages. */
    public String words() {
        return words;
    }
}
