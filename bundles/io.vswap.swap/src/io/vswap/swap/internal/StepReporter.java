package io.vswap.swap.internal;

import org.eclipse.core.runtime.IProgressMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.vswap.swap.api.EditObserver;
import io.vswap.video.api.RgbFrame;

/**
 * Turns the pipeline's steps into what the console and the workbench show: the stage with its
 * step ("DDIM inversion 12/20", "editing, placement pass 1 of 2, step 8/20") as the monitor's
 * sub-task, and, for an observer that wants them, a preview of the middle frame as the step
 * predicts it clean, about ten times an edit (each costs one frame's VAE decode).
 */
final class StepReporter implements VideoSwapPipeline.StepWatcher {

    /** Previews per edit: enough to watch the subject form, few enough to cost little beside the steps. */
    static final int PREVIEWS = 10;

    private final VideoSwapPipeline pipeline;
    private final IProgressMonitor monitor;
    private final EditObserver observer;
    private final String stage;
    private final int frame;

    /**
     * @param stage the edit's words ({@code editing}); the inversion's are fixed
     * @param frames the clip's frame count (the middle one is previewed)
     */
    StepReporter(VideoSwapPipeline pipeline, IProgressMonitor monitor, EditObserver observer, String stage,
            int frames) {
        this.pipeline = pipeline;
        this.monitor = monitor;
        this.observer = observer;
        this.stage = stage;
        this.frame = frames / 2;
    }

    @Override
    public void inverted(int step, int steps) {
        monitor.subTask("DDIM inversion " + step + "/" + steps);
    }

    @Override
    public void edited(int step, int steps, NDArray predictedClean) {
        monitor.subTask(stage + ", step " + step + "/" + steps);
        int every = Math.max(1, steps / PREVIEWS);
        if (observer.wantsPreviews() && (step % every == 0 || step == steps)) {
            try (NDArray one = predictedClean.get(new NDIndex("{}:{}", frame, frame + 1))) {
                RgbFrame f = pipeline.decode(one).get(0);
                observer.preview(stage, step, steps, new RgbFrame(frame, f.width(), f.height(), f.rgb()));
            }
        }
    }
}
