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

/** CLIP-F: how alike consecutive frames are in CLIP's image embedding (temporal consistency of content). */
@Component(service = Metric.class)
public final class ClipFrames extends ClipMetric {

    @Reference
    private ClipModelCache cache;

    @Override
    protected ClipModelCache cache() {
        return cache;
    }

    @Override
    public String id() {
        return "clip-f";
    }

    @Override
    public String label() {
        return "CLIP-F (frame–frame)";
    }

    @Override
    public String description() {
        return "how consistent the content stays from frame to frame: cosine similarity of consecutive frames' CLIP image "
                + "embeddings; frame t's value is of frames t−1 and t";
    }

    @Override
    public Set<MetricNeed> needs() {
        return needing();
    }

    @Override
    protected MetricResult measure(EvaluationInput input, float[][] frames, ClipModel model) {
        double[] v = new double[frames.length];
        v[0] = Double.NaN;
        for (int f = 1; f < v.length; f++) {
            v[f] = cosine(frames[f - 1], frames[f]);
        }
        return MetricResult.meanOf(v, List.of());
    }
}
