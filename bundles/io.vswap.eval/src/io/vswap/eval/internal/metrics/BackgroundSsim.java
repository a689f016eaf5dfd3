package io.vswap.eval.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricNeed;
import io.vswap.eval.api.MetricResult;
import io.vswap.video.api.FrameMasks;

/**
 * Background preservation: the mean SSIM ({@link Ssim}) of the result against the source over the
 * pixels outside the subject masks and out of the window's reach of them (the masks grown by its half
 * width: a window that sees the subject would score the subject's change), leaving out the border
 * that scikit-image's mean leaves out (the same half width).
 */
@Component(service = Metric.class)
public final class BackgroundSsim implements Metric {

    @Override
    public String id() {
        return "background-ssim";
    }

    @Override
    public String label() {
        return "Background SSIM";
    }

    @Override
    public String description() {
        return "how well the background's structure is kept: structural similarity (Wang et al. 2004, Gaussian "
                + "window σ 1.5) of the result against the source, averaged over the pixels whose window does not reach "
                + "the subject masks";
    }

    @Override
    public String unit() {
        return "";
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER_IS_BETTER;
    }

    @Override
    public Set<MetricNeed> needs() {
        return Set.of(MetricNeed.SOURCE, MetricNeed.RESULT, MetricNeed.SUBJECT_MASKS);
    }

    @Override
    public MetricResult measure(EvaluationInput in, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, label(), in.frameCount());
        int w = in.width();
        int h = in.height();
        FrameMasks reach = in.subjectMasks().orElseThrow().dilated(Ssim.RADIUS);
        double[] values = new double[in.frameCount()];
        List<Integer> empty = new ArrayList<>();
        for (int f = 0; f < values.length; f++) {
            Background.checkCanceled(sub);
            values[f] = maskedMean(Ssim.map(in.source().get(f).rgb(), in.result().get(f).rgb(), w, h),
                    Background.outside(reach.frame(f)), w, h);
            if (Double.isNaN(values[f])) {
                empty.add(f);
            }
            sub.worked(1);
        }
        return MetricResult.meanOf(values, Background.emptyFramesNote(empty, "background out of the window's reach of the subject"));
    }

    /** The mean of {@code map} where {@code keep}, inside the border; NaN where no pixel is. */
    static double maskedMean(double[] map, boolean[] keep, int w, int h) {
        int pad = Ssim.RADIUS;
        double sum = 0;
        long n = 0;
        for (int y = pad; y < h - pad; y++) {
            for (int x = pad; x < w - pad; x++) {
                int p = y * w + x;
                if (keep[p]) {
                    sum += map[p];
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
