package io.vswap.points.ui.internal.editor;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointTracker;
import io.vswap.points.api.TrackingSession;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.RgbFrame;

/**
 * Runs one editor's tracking as Eclipse Jobs over a {@link TrackingSession} opened once (so
 * re-tracks after corrections stay fast). Sessions are not thread-safe: every job holds this
 * runner's rule, so they run one after another.
 */
final class TrackingRunner {

    /** Family of every tracking job, to wait for or cancel them. */
    static final Object FAMILY = new Object();

    private final PointTracker tracker;
    private final List<RgbFrame> frames;
    private final String clipName;
    private final ISchedulingRule rule = new ISchedulingRule() {
        @Override
        public boolean isConflicting(ISchedulingRule other) {
            return other == this;
        }

        @Override
        public boolean contains(ISchedulingRule other) {
            return other == this;
        }
    };
    private TrackingSession session; // touched only by jobs holding the rule

    TrackingRunner(PointTracker tracker, List<RgbFrame> frames, String clipName) {
        this.tracker = tracker;
        this.frames = frames;
        this.clipName = clipName;
    }

    /** Tracks every point from its keyframes; {@code done} gets the result (on the job's thread). */
    Job track(PointSet points, Consumer<PointSet> done) {
        return schedule("Tracking points of " + clipName, monitor -> session(monitor).track(points, monitor), done);
    }

    /** Re-tracks one point around {@code changedFrame} (the span between its neighbouring keyframes). */
    Job retrack(PointSet points, String point, int changedFrame, Consumer<PointSet> done) {
        return schedule("Re-tracking " + point + " of " + clipName,
                monitor -> session(monitor).retrack(points, point, changedFrame, monitor), done);
    }

    /** Closes the session after whatever is queued (cancelled first). */
    void dispose() {
        Job.getJobManager().cancel(this);
        Job close = Job.createSystem("Closing tracking session of " + clipName, monitor -> {
            if (session != null) {
                session.close();
                session = null;
            }
        });
        close.setRule(rule);
        close.schedule();
    }

    private TrackingSession session(IProgressMonitor monitor) {
        if (session == null) {
            monitor.subTask("Preparing frames");
            session = tracker.open(frames);
        }
        return session;
    }

    private interface TrackingWork {
        PointSet run(IProgressMonitor monitor);
    }

    private Job schedule(String name, TrackingWork step, Consumer<PointSet> done) {
        Job job = new StudioJob(name) {
            @Override
            protected void work(IProgressMonitor monitor) {
                try {
                    done.accept(step.run(SubMonitor.convert(monitor, name, 100)));
                } finally {
                    monitor.done();
                }
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY || family == TrackingRunner.this || super.belongsTo(family);
            }
        };
        job.setRule(rule);
        job.schedule();
        return job;
    }
}
