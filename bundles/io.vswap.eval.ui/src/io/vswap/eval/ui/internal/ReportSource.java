package io.vswap.eval.ui.internal;

import java.nio.file.Path;
import java.util.List;

import io.vswap.eval.api.Evaluation;
import io.vswap.ui.api.MessageArea;

/** A part whose evaluations Export Report writes: the Evaluation view, the Compare editor. */
public interface ReportSource {

    /** What it shows now; empty before an evaluation has finished. */
    List<Evaluation> evaluations();

    /** Where the folder dialog starts, or null. */
    Path suggestedFolder();

    /** Where the export says what it did. */
    MessageArea messages();
}
