package io.vswap.eval.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricNeed;
import io.vswap.eval.api.MetricResult;
import io.vswap.video.api.RgbFrame;

/**
 * Temporal flicker as VBench measures it (the mean absolute difference of consecutive frames), over
 * the background: the pixels outside the subject masks of both frames. VBench reports {@code (255 −
 * d) / 255} on static-camera clips; this reports {@code d} itself, in 8-bit levels, so that a moving
 * camera's own change can be read beside it (the source's value over the same pixels, in the notes).
 */
@Component(service = Metric.class)
public final class BackgroundFlicker implements Metric {

    @Override
    public String id() {
        return "background-flicker";
    }

    @Override
    public String label() {
        return "Background flicker";
    }

    @Override
    public String description() {
        return "how much the background changes from frame to frame: mean absolute difference of consecutive frames "
                + "outside the subject masks (VBench's temporal flicker), in 8-bit levels; frame t's value is of frames "
                + "t−1 and t";
    }

    @Override
    public String unit() {
        return "levels";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public Set<MetricNeed> needs() {
        return Set.of(MetricNeed.RESULT, MetricNeed.SUBJECT_MASKS);
    }

    @Override
    public MetricResult measure(EvaluationInput in, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, label(), in.frameCount());
        double[] values = new double[in.frameCount()];
        values[0] = Double.NaN;
        double sourceSum = 0;
        int sourcePairs = 0;
        List<Integer> empty = new ArrayList<>();
        boolean[] previous = Background.of(in, 0);
        for (int f = 1; f < values.length; f++) {
            Background.checkCanceled(sub);
            boolean[] current = Background.of(in, f);
            boolean[] both = new boolean[current.length];
            for (int p = 0; p < both.length; p++) {
                both[p] = current[p] && previous[p];
            }
            values[f] = meanAbsoluteChange(in.result().get(f - 1), in.result().get(f), both);
            if (Double.isNaN(values[f])) {
                empty.add(f);
            } else if (!in.source().isEmpty()) {
                sourceSum += meanAbsoluteChange(in.source().get(f - 1), in.source().get(f), both);
                sourcePairs++;
            }
            previous = current;
            sub.worked(1);
        }
        List<String> notes = new ArrayList<>(Background.emptyFramesNote(empty, "background shared with the frame before"));
        if (sourcePairs > 0) {
            notes.add(String.format(Locale.ROOT, "the source's own change over the same pixels: %.2f levels",
                    sourceSum / sourcePairs));
        }
        return MetricResult.meanOf(values, notes);
    }

    /** Mean |b − a| over the kept pixels and the three channels, 8-bit levels; NaN where none is kept. */
    static double meanAbsoluteChange(RgbFrame a, RgbFrame b, boolean[] keep) {
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        long sum = 0;
        long n = 0;
        for (int p = 0; p < keep.length; p++) {
            if (keep[p]) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((x[3 * p + c] & 0xff) - (y[3 * p + c] & 0xff));
                }
                n += 3;
            }
        }
        return n == 0 ? Double.NaN : sum / (double) n;
    }
}
