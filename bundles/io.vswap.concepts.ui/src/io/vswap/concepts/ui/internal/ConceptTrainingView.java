package io.vswap.concepts.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import io.vswap.batch.api.TimeLeft;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.ui.api.StudioServices;

/**
 * The Concept Training view: the latest training of this session as it goes (step, loss, time left, its
 * loss curve and the latest preview images), Cancel, and Resume for a training left unfinished (cancelled,
 * or stopped with the workbench): it continues from its last checkpoint.
 */
public final class ConceptTrainingView extends ViewPart {

    public static final String ID = "io.vswap.concepts.ui.trainingView";

    /** The side previews are shown at (the sample model's are 64 px: scaled up to be seen). */
    static final int PREVIEW_SIDE = 160;

    private Composite top;
    private Label title;
    private Label progress;
    private Button cancel;
    private Combo unfinished;
    private Button resume;
    private LossChart chart;
    private Group previewGroup;
    private ScrolledComposite previewScroll;
    private Composite previewStrip;
    private final List<Image> images = new ArrayList<>();
    private TrainConceptJob shown;
    private List<TrainingRun> resumable = List.of();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final TrainingRun.Watcher watcher = run -> {
        if (pending.compareAndSet(false, true) && !top.isDisposed()) {
            // at most one refresh queued: a fast training must not flood the UI thread
            top.getDisplay().asyncExec(() -> {
                pending.set(false);
                if (!top.isDisposed()) {
                    refresh();
                }
            });
        }
    };
    private final Runnable started = () -> {
        if (!top.isDisposed()) {
            top.getDisplay().asyncExec(() -> {
                if (!top.isDisposed()) {
                    follow(latest().orElse(null));
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).spacing(4, 4).applyTo(top);
        Composite bar = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(6).spacing(6, 0).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        title = new Label(bar, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        Button newConcept = new Button(bar, SWT.PUSH);
        newConcept.setText("New Concept…");
        newConcept.setToolTipText("Learn a concept from a few pictures of it");
        newConcept.addListener(SWT.Selection, e -> NewConceptWizard.open(getSite().getShell()));
        cancel = new Button(bar, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.setToolTipText("Stop the training; its last checkpoint stays, and Resume continues from it");
        cancel.addListener(SWT.Selection, e -> cancelTraining());
        unfinished = new Combo(bar, SWT.READ_ONLY);
        unfinished.setToolTipText("Trainings left unfinished in your library");
        GridDataFactory.swtDefaults().hint(220, SWT.DEFAULT).applyTo(unfinished);
        resume = new Button(bar, SWT.PUSH);
        resume.setText("Resume");
        resume.setToolTipText("Continue the chosen training from its last checkpoint");
        resume.addListener(SWT.Selection, e -> resumeSelected());
        new Label(bar, SWT.NONE);
        progress = new Label(top, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(progress);
        SashForm body = new SashForm(top, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        chart = new LossChart(body);
        previewGroup = new Group(body, SWT.NONE);
        previewGroup.setText("Previews");
        GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(previewGroup);
        // scrolled: six previews do not fit a small screen's height
        previewScroll = new ScrolledComposite(previewGroup, SWT.V_SCROLL);
        previewScroll.setExpandHorizontal(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(previewScroll);
        previewStrip = new Composite(previewScroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).spacing(8, 8).applyTo(previewStrip);
        previewScroll.setContent(previewStrip);
        body.setWeights(60, 40);
        TrainConceptJob.onStarted(started);
        top.addListener(SWT.Dispose, e -> {
            TrainConceptJob.removeStarted(started);
            if (shown != null) {
                shown.run().unwatch(watcher);
            }
            images.forEach(Image::dispose);
        });
        follow(latest().orElse(null));
    }

    private static Optional<TrainConceptJob> latest() {
        List<TrainConceptJob> runs = TrainConceptJob.runs();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** Shows {@code job}'s training (none: what can be resumed). */
    private void follow(TrainConceptJob job) {
        if (shown != null) {
            shown.run().unwatch(watcher);
        }
        shown = job;
        if (job != null) {
            job.run().watch(watcher);
            // the run's last word comes before its job ends; Cancel and Resume follow the job's end
            job.addJobChangeListener(new io.vswap.ui.api.DoneOnUiThread(top, e -> {
                rescan();
                refresh();
            }));
        }
        rescan();
        refresh();
    }

    /** Reads the shown training again. Call on the UI thread. */
    private void refresh() {
        boolean running = shown != null && shown.getState() != Job.NONE;
        if (shown == null) {
            title.setText("No training in this session. New Concept… starts one.");
            progress.setText("");
            chart.show(new java.util.TreeMap<>());
        } else {
            TrainingRun r = shown.run();
            title.setText("Training " + r.label() + " — " + r.state());
            String left = r.secondsLeft().isPresent() ? ", " + TimeLeft.duration(r.secondsLeft().getAsLong()) + " left"
                    : "";
            var losses = r.losses();
            progress.setText(r.step() == 0 ? "Loading the model…" : String.format(Locale.ROOT,
                    "Step %d of %d, loss %.4f%s", r.step(), r.steps(), losses.getOrDefault(r.step(), Double.NaN),
                    running ? left : ""));
            chart.show(losses);
            showPreviews(r);
        }
        cancel.setEnabled(running);
        top.layout(true, true);
    }

    /**
     * Looks for unfinished trainings again (when a training starts or ends; not every step), reading
     * the library's training folder off the UI thread.
     */
    private void rescan() {
        ConceptLibrary library = store().userLibrary();
        Display display = top.getDisplay();
        Job scan = Job.create("Looking for unfinished concept trainings", monitor -> {
            List<TrainingRun> found = TrainingRun.interrupted(library);
            display.asyncExec(() -> {
                if (!top.isDisposed()) {
                    showResumable(found);
                }
            });
            return Status.OK_STATUS;
        });
        scan.setSystem(true);
        scan.schedule();
    }

    private void showResumable(List<TrainingRun> found) {
        // a training running in this session is not offered for resuming
        resumable = found.stream().filter(t -> TrainConceptJob.runs().stream()
                .noneMatch(j -> j.getState() != Job.NONE && j.run().request().workFolder().equals(t.request()
                        .workFolder()))).toList();
        String before = unfinished.getText();
        unfinished.setItems(resumable.stream().map(t -> t.label()).toArray(String[]::new));
        int keep = unfinished.indexOf(before);
        unfinished.select(keep >= 0 ? keep : 0);
        unfinished.setEnabled(!resumable.isEmpty());
        resume.setEnabled(!resumable.isEmpty());
        if (resumable.isEmpty()) {
            unfinished.setItems("nothing to resume");
            unfinished.select(0);
        }
    }

    private void showPreviews(TrainingRun r) {
        var previews = r.previews();
        if (previews.size() == images.size()) {
            return;
        }
        for (var c : previewStrip.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        previewGroup.setText("Previews: \"" + r.previewPrompt() + "\"");
        // newest first: the one that tells how the concept looks now
        for (int i = previews.size() - 1; i >= 0; i--) {
            Composite cell = new Composite(previewStrip, SWT.NONE);
            GridLayoutFactory.fillDefaults().applyTo(cell);
            Label picture = new Label(cell, SWT.NONE);
            Image img = new Image(top.getDisplay(), AwtImages.toImageData(previews.get(i).image(), PREVIEW_SIDE));
            images.add(img);
            picture.setImage(img);
            new Label(cell, SWT.NONE).setText("after step " + previews.get(i).step());
        }
        previewStrip.setSize(previewStrip.computeSize(SWT.DEFAULT, SWT.DEFAULT));
    }

    private ConceptStore store() {
        return StudioServices.require(getSite(), ConceptStore.class);
    }

    /** Cancels the shown training (its checkpoint stays). */
    public void cancelTraining() {
        if (shown != null) {
            shown.cancel();
        }
    }

    /** Resumes the unfinished training chosen (a job); null when there is none. */
    public TrainConceptJob resumeSelected() {
        int i = unfinished.getSelectionIndex();
        if (resumable.isEmpty() || i < 0) {
            return null;
        }
        TrainingRun r = resumable.get(i);
        return new TrainConceptJob(StudioServices.require(getSite(), ConceptTrainer.class), new TrainingRun(
                r.request(), r.library(), r.previewEvery(r.steps()) > 0)).start();
    }

    @Override
    public void setFocus() {
        top.setFocus();
    }

    // ---- for tests ----

    public Composite control() {
        return top;
    }

    /** The points of the loss series shown. */
    public int lossPoints() {
        return chart.points();
    }

    public int previewsShown() {
        return images.size();
    }

    public String progressText() {
        return progress.getText();
    }

    /** The unfinished trainings offered for Resume. */
    public List<String> resumable() {
        return resumable.stream().map(TrainingRun::label).toList();
    }
}
