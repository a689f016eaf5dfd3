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

/** CLIP-T: how well each frame matches the target prompt (cosine of CLIP's image and text embeddings). */
@Component(service = Metric.class)
public final class ClipText extends ClipMetric {

    @Reference
    private ClipModelCache cache;

    @Override
    protected ClipModelCache cache() {
        return cache;
    }

    @Override
    protected boolean needsText() {
        return true;
    }

    @Override
    public String id() {
        return "clip-t";
    }

    @Override
    public String label() {
        return "CLIP-T (frame–prompt)";
    }

    @Override
    public String description() {
        return "how well the frames show what the target prompt asks: cosine similarity of each frame's CLIP image "
                + "embedding with the prompt's text embedding";
    }

    @Override
    public Set<MetricNeed> needs() {
        return needing(MetricNeed.TARGET_PROMPT);
    }

    @Override
    protected MetricResult measure(EvaluationInput input, float[][] frames, ClipModel model) {
        float[] text = model.embedTexts(List.of(input.targetPrompt().orElseThrow()))[0];
        double[] v = new double[frames.length];
        for (int f = 0; f < v.length; f++) {
            v[f] = cosine(frames[f], text);
        }
        return MetricResult.meanOf(v, List.of("prompt: \"" + input.targetPrompt().orElseThrow() + "\""));
    }
}
