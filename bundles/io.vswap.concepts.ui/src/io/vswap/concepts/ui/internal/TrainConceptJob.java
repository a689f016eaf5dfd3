package io.vswap.concepts.ui.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.progress.IProgressConstants;

import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.ui.api.StudioJob;

/**
 * A concept's training as a workbench job: stage, step, loss and time left in the Progress view (the
 * trainer's sub-tasks), cancel between steps. Cancelling keeps the last checkpoint and the request in the
 * work folder, so the Concept Training view can resume it; a finished training's concept is in its library
 * and the views that list concepts are told ({@link #onConceptAdded}).
 */
public final class TrainConceptJob extends StudioJob {

    /** Where the concept views hear of a training's new concept (on the job's thread). */
    private static final List<Consumer<StoredConcept>> ADDED = new CopyOnWriteArrayList<>();
    /** The trainings started in this session, latest last, for the Concept Training view. */
    private static final List<TrainConceptJob> RUNS = new CopyOnWriteArrayList<>();
    private static final List<Runnable> STARTED = new CopyOnWriteArrayList<>();

    private final ConceptTrainer trainer;
    private final TrainingRun run;

    public TrainConceptJob(ConceptTrainer trainer, TrainingRun run) {
        super("Training the concept " + run.label());
        this.trainer = trainer;
        this.run = run;
        setUser(true);
        setProperty(IProgressConstants.KEEP_PROPERTY, Boolean.FALSE);
    }

    public TrainingRun run() {
        return run;
    }

    /** Schedules the training and tells the Concept Training view (and whoever listens) it started. */
    public TrainConceptJob start() {
        RUNS.add(this);
        STARTED.forEach(Runnable::run);
        schedule();
        return this;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        run.setState("preparing");
        run.save();
        run.readCheckpointLosses();
        run.setState("training");
        try {
            StoredConcept c = trainer.train(run.request(), run.library(), run, monitor);
            run.finished(c);
            ADDED.forEach(l -> l.accept(c));
        } catch (OperationCanceledException e) {
            run.setState("cancelled at step " + run.step() + " of " + run.steps() + "; Resume continues from the "
                    + "last checkpoint");
            throw e;
        } catch (io.vswap.concepts.api.ConceptInputException e) {
            // refused before any work: nothing to resume
            java.nio.file.Files.deleteIfExists(run.request().workFolder().resolve(TrainingRun.REQUEST_FILE));
            run.setState("not trained: " + e.getMessage());
            throw e;
        } catch (Exception e) {
            run.setState("failed: " + e.getMessage());
            throw e;
        }
    }

    @Override
    protected IStatus failure(Exception e) {
        // the trainer's refusals (bad images, a taken token) are words for the user, not a program's error
        if (e instanceof io.vswap.concepts.api.ConceptInputException) {
            return new Status(IStatus.WARNING, "io.vswap.concepts.ui", "Not trained: " + e.getMessage());
        }
        return super.failure(e);
    }

    /** Tells {@code listener} of each concept a training adds. */
    public static void onConceptAdded(Consumer<StoredConcept> listener) {
        ADDED.add(listener);
    }

    public static void removeConceptAdded(Consumer<StoredConcept> listener) {
        ADDED.remove(listener);
    }

    /** Tells {@code listener} when a training starts. */
    public static void onStarted(Runnable listener) {
        STARTED.add(listener);
    }

    public static void removeStarted(Runnable listener) {
        STARTED.remove(listener);
    }

    /** The trainings started in this session, latest last. */
    public static List<TrainConceptJob> runs() {
        return List.copyOf(RUNS);
    }
}
