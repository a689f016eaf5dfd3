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
 * Temporal consistency as Lai et al. (ECCV 2018) measure it: the result's frame t−1 warped onto
 * frame t by the <em>source's</em> optical flow ({@link DenseFlow}), and the squared RGB error (0–1
 * per channel, summed over the channels) averaged over the pixels the flow can follow — those
 * passing the forward–backward check of Sundaram et al. (2010): {@code |w_b + w_f|² < 0.01 (|w_b|² +
 * |w_f|²) + 0.5}. The source's own error over the same pixels is in the notes, for scale (an edit that
 * is the source scores it; a smoother one can score less).
 */
@Component(service = Metric.class)
public final class WarpError implements Metric {

    @Override
    public String id() {
        return "warp-error";
    }

    @Override
    public String label() {
        return "Warp error";
    }

    @Override
    public String description() {
        return "how consistently the result follows the source's motion: each frame against the one before warped by the "
                + "source's optical flow (OpenCV DIS), squared RGB error over the pixels the flow follows both ways "
                + "(Lai et al. 2018); frame t's value is of frames t−1 and t";
    }

    @Override
    public String unit() {
        return "";
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public Set<MetricNeed> needs() {
        return Set.of(MetricNeed.SOURCE, MetricNeed.RESULT);
    }

    @Override
    public MetricResult measure(EvaluationInput in, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, label(), in.frameCount());
        int w = in.width();
        int h = in.height();
        double[] values = new double[in.frameCount()];
        values[0] = Double.NaN;
        double sourceSum = 0;
        double validShare = 0;
        List<Integer> empty = new ArrayList<>();
        try (DenseFlow flows = new DenseFlow()) {
            for (int t = 1; t < values.length; t++) {
                Background.checkCanceled(sub);
                float[] back = flows.flow(in.source().get(t), in.source().get(t - 1));
                float[] forward = flows.flow(in.source().get(t - 1), in.source().get(t));
                boolean[] valid = followed(back, forward, w, h);
                int n = Background.count(valid);
                validShare += n / (double) valid.length;
                values[t] = error(in.result().get(t), in.result().get(t - 1), back, valid);
                if (Double.isNaN(values[t])) {
                    empty.add(t);
                } else {
                    sourceSum += error(in.source().get(t), in.source().get(t - 1), back, valid);
                }
                sub.worked(1);
            }
        }
        List<String> notes = new ArrayList<>(Background.emptyFramesNote(empty, "pixel the flow follows both ways"));
        int pairs = values.length - 1 - empty.size();
        if (pairs > 0) {
            notes.add(String.format(Locale.ROOT, "the source's own warp error (for scale): %.5f; the flow follows %.0f %% "
                    + "of the pixels", sourceSum / pairs, 100 * validShare / (values.length - 1)));
        }
        return MetricResult.meanOf(values, notes);
    }

    /** Pixels of frame t whose backward flow lands inside frame t−1 and agrees with the forward flow there. */
    static boolean[] followed(float[] back, float[] forward, int w, int h) {
        boolean[] ok = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float bx = back[2 * p];
                float by = back[2 * p + 1];
                double px = x + bx;
                double py = y + by;
                if (px < 0 || py < 0 || px > w - 1 || py > h - 1) {
                    continue;
                }
                double fx = bilinear(forward, w, h, 2, 0, px, py);
                double fy = bilinear(forward, w, h, 2, 1, px, py);
                double sx = bx + fx;
                double sy = by + fy;
                ok[p] = sx * sx + sy * sy < 0.01 * (bx * bx + by * by + fx * fx + fy * fy) + 0.5;
            }
        }
        return ok;
    }

    /** Mean over the valid pixels of Σ_c (now − warped previous)², channels in 0–1; NaN where none is valid. */
    static double error(RgbFrame now, RgbFrame previous, float[] back, boolean[] valid) {
        int w = now.width();
        int h = now.height();
        byte[] a = now.rgb();
        float[] prev = previous.toFloatRgb();
        double sum = 0;
        long n = 0;
        for (int p = 0; p < valid.length; p++) {
            if (!valid[p]) {
                continue;
            }
            double px = p % w + back[2 * p];
            double py = p / w + back[2 * p + 1];
            for (int c = 0; c < 3; c++) {
                double d = (a[3 * p + c] & 0xff) / 255.0 - bilinear(prev, w, h, 3, c, px, py);
                sum += d * d;
            }
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Channel {@code c} of an interleaved image with {@code channels} channels at ({@code x}, {@code y}), inside it. */
    static double bilinear(float[] img, int w, int h, int channels, int c, double x, double y) {
        int x0 = Math.min((int) x, w - 2 < 0 ? 0 : w - 2);
        int y0 = Math.min((int) y, h - 2 < 0 ? 0 : h - 2);
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = img[(y0 * w + x0) * channels + c] * (1 - fx) + img[(y0 * w + x1) * channels + c] * fx;
        double bottom = img[(y1 * w + x0) * channels + c] * (1 - fx) + img[(y1 * w + x1) * channels + c] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
