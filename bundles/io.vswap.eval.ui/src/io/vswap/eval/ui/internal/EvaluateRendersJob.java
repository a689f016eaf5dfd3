package io.vswap.eval.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
import io.vswap.ui.api.MonitorWatch;
import io.vswap.ui.api.RgbImages;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.RgbFrame;

/**
 * Reads renders with their source clip and runs every installed metric on each (the {@link Evaluator}
 * the {@code evaluate} batch job uses), keeping the frames as images for the views. The stage in
 * words goes to the monitor's sub-task; cancel stops between metrics.
 */
public final class EvaluateRendersJob extends StudioJob {

    private final Evaluator evaluator;
    private final List<RenderChoice> renders;
    private volatile List<EvaluatedRender> evaluated;
    private final MonitorWatch watch = new MonitorWatch("");

    public EvaluateRendersJob(Evaluator evaluator, List<RenderChoice> renders) {
        super(renders.size() == 1 ? "Evaluating " + renders.get(0).label() : "Evaluating " + renders.size() + " renders");
        this.evaluator = evaluator;
        this.renders = List.copyOf(renders);
        setUser(false);
        // the view or editor shows a failure in its message area
        failuresShownByCaller();
    }

    /** The renders evaluated, in the order asked; null until the job has finished well. */
    public List<EvaluatedRender> evaluated() {
        return evaluated;
    }

    /** What it is doing now, in words (the monitor's latest sub-task), for the part that shows it. */
    public String stage() {
        return watch.stage();
    }

    /** The share of its work done, 0 to 1. */
    public double done() {
        return Math.max(0, watch.fraction());
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(watch.wrap(monitor), getName(), renders.size() * 10);
        List<EvaluatedRender> out = new ArrayList<>();
        for (RenderChoice r : renders) {
            sub.subTask("Reading " + r.label() + " and its source clip");
            EvaluationInput in = evaluator.loadRender(r.record(), Optional.empty(), sub.split(3));
            Evaluation e = evaluator.evaluate(in, Set.of(), sub.split(6));
            out.add(new EvaluatedRender(r, images(in.source()), images(in.result()), e));
            sub.worked(1);
        }
        evaluated = List.copyOf(out);
    }

    private static List<ImageData> images(List<RgbFrame> frames) {
        return frames.stream().map(RgbImages::toImageData).toList();
    }
}
