package io.vswap.eval.api;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * One measure of an edit, as a DS service: the product's (background preservation, temporal
 * consistency, motion alignment, …) and a studio's own QC checks alike. It declares what it reads
 * ({@link #needs()}), gives a value per frame and a clip summary, and says which way is better.
 */
public interface Metric {

    /** Which way is better. */
    enum Direction {
        HIGHER_IS_BETTER("higher is better"), LOWER_IS_BETTER("lower is better");

        private final String words;

        Direction(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A short stable identifier, e.g. {@code "background-psnr"}: report columns and batch specs name it. */
    String id();

    /** A name for people, e.g. "Background PSNR". */
    String label();

    /** What it measures and how, in a sentence or two (tooltips, report footnotes). */
    String description();

    /** The unit of its values, e.g. "dB", "px"; empty for a plain number. */
    String unit();

    Direction direction();

    /** What it reads from the input. */
    Set<MetricNeed> needs();

    /**
     * Why it cannot measure {@code input}, in words, or empty when it can. The default names the
     * needs the input lacks; a metric with other conditions (a model it cannot find) adds them.
     */
    default Optional<String> unavailable(EvaluationInput input) {
        Set<MetricNeed> missing = needs().stream().filter(n -> !input.has(n)).collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("needs " + missing.stream().sorted().map(MetricNeed::words).collect(Collectors.joining(", ")));
    }

    /**
     * Measures {@code input}; called only when {@link #unavailable} is empty.
     *
     * @throws org.eclipse.core.runtime.OperationCanceledException when the monitor is cancelled
     */
    MetricResult measure(EvaluationInput input, IProgressMonitor monitor);
}
