package io.vswap.eval.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.graphics.ImageData;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
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
    private volatile String stage = "";
    private volatile double total;
    private volatile double worked;

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
        return stage;
    }

    /** The share of its work done, 0 to 1. */
    public double done() {
        return total <= 0 ? 0 : Math.min(1, worked / total);
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        // everything passed on to the Progress view as it is; stage and work also kept for the part
        IProgressMonitor watched = new ProgressMonitorWrapper(monitor) {
            @Override
            public void beginTask(String name, int totalWork) {
                super.beginTask(name, totalWork);
                total = totalWork;
            }

            @Override
            public void subTask(String name) {
                super.subTask(name);
                stage = name;
            }

            @Override
            public void internalWorked(double work) {
                super.internalWorked(work);
                worked += work;
            }

            @Override
            public void worked(int work) {
                internalWorked(work);
            }
        };
        SubMonitor sub = SubMonitor.convert(watched, getName(), renders.size() * 10);
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
