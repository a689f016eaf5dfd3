package io.vswap.eval.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;

import io.vswap.video.api.VideoException;

/**
 * Evaluates edits with every installed {@link Metric} (a DS service): loads a swap render with what
 * it was made from, runs the metrics, writes the report. The {@code evaluate} batch job and the
 * workbench's evaluation views use it.
 */
public interface Evaluator {

    /** The installed metrics, by id. */
    List<Metric> metrics();

    /**
     * A swap render ({@code renders/<stem>.json} in a project) as an evaluation input: its frames (the
     * lossless video), the source clip's, the edit's subject masks (or {@code userMask}: a PNG strip as
     * {@link io.vswap.video.api.FrameMasks} writes, or a video, white for the subject), the source's
     * points and the edit's changes, the target prompt.
     *
     * @throws IOException if the record or a file it names is missing or unreadable, said in words
     */
    EvaluationInput loadRender(Path record, Optional<Path> userMask, IProgressMonitor monitor)
            throws IOException, VideoException;

    /**
     * Runs the metrics on {@code input}: each one that can, the others listed as unavailable with
     * the reason.
     *
     * @param only metric ids to run; empty for all
     * @throws IllegalArgumentException if {@code only} names a metric that is not installed
     */
    Evaluation evaluate(EvaluationInput input, Set<String> only, IProgressMonitor monitor);

    /**
     * Writes {@code evaluation.json} (every value), {@code evaluation.csv} (a row per edit, metric and
     * frame, and the clip's summary) and {@code evaluation.html} (a page that needs nothing else:
     * summary table, per-frame charts, notes) into {@code folder}, each atomically.
     */
    void writeReport(List<Evaluation> evaluations, Path folder) throws IOException;
}
