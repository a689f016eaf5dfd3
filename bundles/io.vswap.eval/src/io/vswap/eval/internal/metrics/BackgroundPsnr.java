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
import io.vswap.eval.api.Psnr;

/** Background preservation: PSNR of the result against the source outside the subject masks, per frame. */
@Component(service = Metric.class)
public final class BackgroundPsnr implements Metric {

    /** What an unchanged background scores (its error is 0: PSNR is infinite), said in the notes. */
    static final double IDENTICAL_DB = 100;

    @Override
    public String id() {
        return "background-psnr";
    }

    @Override
    public String label() {
        return "Background PSNR";
    }

    @Override
    public String description() {
        return "how little the background changed: peak signal-to-noise ratio of the result against the source over "
                + "the pixels outside the subject masks (8-bit RGB); the clip's value is the mean of the frames'";
    }

    @Override
    public String unit() {
        return "dB";
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
        double[] values = new double[in.frameCount()];
        List<Integer> empty = new ArrayList<>();
        List<Integer> identical = new ArrayList<>();
        for (int f = 0; f < values.length; f++) {
            Background.checkCanceled(sub);
            boolean[] bg = Background.of(in, f);
            byte[] a = in.source().get(f).rgb();
            byte[] b = in.result().get(f).rgb();
            double sq = 0;
            long n = 0;
            for (int p = 0; p < bg.length; p++) {
                if (bg[p]) {
                    for (int c = 0; c < 3; c++) {
                        double d = (a[3 * p + c] & 0xff) - (b[3 * p + c] & 0xff);
                        sq += d * d;
                    }
                    n += 3;
                }
            }
            if (n == 0) {
                values[f] = Double.NaN;
                empty.add(f);
            } else if (sq == 0) {
                values[f] = IDENTICAL_DB;
                identical.add(f);
            } else {
                values[f] = Psnr.of(sq, n);
            }
            sub.worked(1);
        }
        List<String> notes = new ArrayList<>(Background.emptyFramesNote(empty, "background"));
        if (!identical.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "%d frame(s) keep the background exactly: counted as %.0f dB",
                    identical.size(), IDENTICAL_DB));
        }
        return MetricResult.meanOf(values, notes);
    }
}
