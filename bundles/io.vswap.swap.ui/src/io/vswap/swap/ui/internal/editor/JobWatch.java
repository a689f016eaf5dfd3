package io.vswap.swap.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.vswap.batch.api.TimeLeft;
import io.vswap.swap.api.EditObserver;
import io.vswap.ui.api.MonitorWatch;
import io.vswap.video.api.RgbFrame;

/**
 * What the Swap editor shows of its running job: the stage and share done (from the job's
 * progress monitor, which it passes on to the Progress view unchanged), the time left at the pace
 * so far, the registration's loss curve and the latest preview of the edit (as its
 * {@link EditObserver}). Written on the job's thread, read on the UI thread.
 */
final class JobWatch implements EditObserver {

    /** A preview of the edit as it forms. */
    record Preview(String stage, int step, int steps, RgbFrame frame) {
    }

    private final MonitorWatch monitor = new MonitorWatch("starting");
    private final List<Double> losses = new ArrayList<>();
    private int lossTotal;
    private Preview preview;
    /** Bumped on each new preview, so the panel draws a preview once. */
    private int previewCount;

    /** {@code monitor} as the job should see it: everything passed on, stage and work also kept here. */
    IProgressMonitor wrap(IProgressMonitor m) {
        return monitor.wrap(m);
    }

    @Override
    public synchronized void loss(String curve, int iteration, int totalIterations, double loss) {
        losses.add(loss);
        lossTotal = totalIterations;
    }

    @Override
    public synchronized void preview(String previewStage, int step, int steps, RgbFrame frame) {
        preview = new Preview(previewStage, step, steps, frame);
        previewCount++;
    }

    String stage() {
        return monitor.stage();
    }

    /** The share done, 0–1, or −1 before the job says its total. */
    double fraction() {
        return monitor.fraction();
    }

    double elapsedSeconds() {
        return monitor.elapsedSeconds();
    }

    /** "about 2 min 5 s left", or empty while too little is done to tell. */
    String timeLeft() {
        return TimeLeft.words(fraction(), elapsedSeconds());
    }

    synchronized double[] losses() {
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The iterations the registration runs per window (0 before the first loss). */
    synchronized int lossTotal() {
        return lossTotal;
    }

    synchronized Preview preview() {
        return preview;
    }

    synchronized int previewCount() {
        return previewCount;
    }
}
