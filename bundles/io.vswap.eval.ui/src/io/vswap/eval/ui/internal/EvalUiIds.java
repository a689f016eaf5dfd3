package io.vswap.eval.ui.internal;

/** Identifiers declared in this bundle's plugin.xml, for code that opens or finds them. */
public final class EvalUiIds {

    public static final String PLUGIN_ID = "io.vswap.eval.ui";
    public static final String PERSPECTIVE = "io.vswap.eval.ui.perspective";
    public static final String EVALUATION_VIEW = "io.vswap.eval.ui.evaluationView";
    public static final String COMPARE_EDITOR = "io.vswap.eval.ui.compareEditor";
    public static final String RATER_VIEW = "io.vswap.eval.ui.raterView";
    public static final String STUDY_RESULTS_VIEW = "io.vswap.eval.ui.studyResultsView";

    public static final String CMD_EVALUATE = "io.vswap.eval.ui.evaluate";
    public static final String CMD_COMPARE = "io.vswap.eval.ui.compare";
    public static final String CMD_EXPORT_REPORT = "io.vswap.eval.ui.exportReport";
    public static final String CMD_RATE_STUDY = "io.vswap.eval.ui.rateStudy";
    public static final String CMD_STUDY_RESULTS = "io.vswap.eval.ui.studyResults";

    private EvalUiIds() {
    }
}
