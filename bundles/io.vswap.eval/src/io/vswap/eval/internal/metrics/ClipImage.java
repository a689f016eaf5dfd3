package io.vswap.eval.internal.metrics;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricNeed;
import io.vswap.eval.api.MetricResult;

/** CLIP-I: how much each frame looks like the customized concept (mean cosine to its reference images). */
@Component(service = Metric.class)
public final class ClipImage extends ClipMetric {

    @Reference
    private ClipModelCache cache;

    @Override
    protected ClipModelCache cache() {
        return cache;
    }

    @Override
    public String id() {
        return "clip-i";
    }

    @Override
    public String label() {
        return "CLIP-I (frame–concept)";
    }

    @Override
    public String description() {
        return "how much the frames look like the concept: mean cosine similarity of each frame's CLIP image embedding "
                + "with those of the concept's reference images";
    }

    @Override
    public Set<MetricNeed> needs() {
        return needing(MetricNeed.CONCEPT_IMAGES);
    }

    @Override
    protected MetricResult measure(EvaluationInput input, float[][] frames, ClipModel model) {
        float[][] refs = model.embedImages(ClipModelCache.images(input.conceptImages()));
        double[] v = new double[frames.length];
        for (int f = 0; f < v.length; f++) {
            double s = 0;
            for (float[] r : refs) {
                s += cosine(frames[f], r);
            }
            v[f] = s / refs.length;
        }
        return MetricResult.meanOf(v, List.of(refs.length + " reference image(s)"));
    }
}
