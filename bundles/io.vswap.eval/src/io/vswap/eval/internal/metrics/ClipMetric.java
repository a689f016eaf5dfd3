package io.vswap.eval.internal.metrics;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.Embeddings;
import io.vswap.diffusion.api.ModelKey;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricNeed;
import io.vswap.eval.api.MetricResult;

/** What the three CLIP metrics share: the model folder's CLIP, cosine similarities, "higher is better". */
abstract class ClipMetric implements Metric {

    /** The cache, set by each DS component's reference. */
    protected abstract ClipModelCache cache();

    /** Whether the metric embeds texts (needs the text tower). */
    protected boolean needsText() {
        return false;
    }

    @Override
    public String unit() {
        return "cosine";
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER_IS_BETTER;
    }

    @Override
    public Optional<String> unavailable(EvaluationInput input) {
        Optional<String> missing = Metric.super.unavailable(input);
        if (missing.isPresent()) {
            return missing.map(m -> m + (needs().contains(MetricNeed.MODEL) && !input.has(MetricNeed.MODEL)
                    ? " (a CLIP model folder, e.g. openai/clip-vit-large-patch14 as transformers saves it)" : ""));
        }
        try {
            ClipModel m = cache().model(input.modelFolder().orElseThrow());
            if (needsText() && !m.hasTextTower()) {
                return Optional.of("the CLIP has no text tower: " + m.missingTextTower());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("the CLIP in " + input.modelFolder().orElseThrow() + " cannot be loaded: " + e.getMessage());
        }
    }

    @Override
    public final MetricResult measure(EvaluationInput input, IProgressMonitor monitor) {
        java.nio.file.Path folder = input.modelFolder().orElseThrow();
        try {
            MetricResult r = measure(input, cache().frames(folder, input.result()), cache().model(folder));
            // which CLIP scored it: figures of two CLIPs are not comparable
            List<String> notes = new java.util.ArrayList<>(r.notes());
            notes.add("scored with the CLIP in " + folder.toAbsolutePath().normalize() + " (key "
                    + ModelKey.ofFolder(folder) + ")");
            return new MetricResult(r.perFrame(), r.summary(), notes);
        } catch (IOException e) {
            // unavailable() loaded it a moment ago: a failure now is the disk's
            throw new IllegalStateException("the CLIP model could not be read: " + e.getMessage(), e);
        }
    }

    /** @param frames the result's frame embeddings, L2-normalised */
    protected abstract MetricResult measure(EvaluationInput input, float[][] frames, ClipModel model);

    static Set<MetricNeed> needing(MetricNeed... more) {
        java.util.EnumSet<MetricNeed> s = java.util.EnumSet.of(MetricNeed.RESULT, MetricNeed.MODEL);
        s.addAll(List.of(more));
        return s;
    }

    static double cosine(float[] a, float[] b) {
        return Embeddings.cosine(a, b);
    }
}
