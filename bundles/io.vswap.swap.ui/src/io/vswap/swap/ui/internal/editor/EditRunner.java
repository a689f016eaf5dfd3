package io.vswap.swap.ui.internal.editor;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IStatus;

import io.vswap.batch.api.BatchJobType;
import io.vswap.points.api.PointSet;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;

/**
 * Runs the form's preprocessing and edits as {@code swap} batch jobs, one at a time (progress and
 * cancel in the Progress view): checks the form, builds the job's fields, keeps the buttons in
 * step with the running job and says in the message area how it ended.
 */
final class EditRunner {

    private static final DateTimeFormatter EDIT_NAME = DateTimeFormatter.ofPattern("'e'yyyyMMdd-HHmmss", Locale.ROOT);

    private final ClipRef ref;
    private final SwapServices services;
    private final EditForm form;
    private final MessageArea messages;
    private final HistoryPanel history;
    private final Consumer<String> editWritten;
    private volatile SwapEditJob running;
    private boolean loaded;

    /** {@code editWritten} gets the name of each edit that wrote its render. */
    EditRunner(ClipRef ref, SwapServices services, EditForm form, MessageArea messages, HistoryPanel history,
            Consumer<String> editWritten) {
        this.ref = ref;
        this.services = services;
        this.form = form;
        this.messages = messages;
        this.history = history;
        this.editWritten = editWritten;
        updateButtons();
    }

    /** The clip's frames and points are loaded: jobs may start. */
    void setLoaded() {
        loaded = true;
        updateButtons();
    }

    boolean isLoaded() {
        return loaded;
    }

    /** The preprocessing or edit running now, or {@code null}. */
    SwapEditJob running() {
        return running;
    }

    void cancel() {
        SwapEditJob j = running;
        if (j != null) {
            j.cancel();
            messages.show(IStatus.INFO, "Cancelling " + j.getName() + "…");
        }
    }

    /** What stops an edit before it starts, in words, or {@code null}. */
    String problem(PointSet set) {
        if (services.swapJob().isEmpty()) {
            return "The \"swap\" batch job type (io.vswap.swap) is not running, so no edit can run. See the error log.";
        }
        if (!form.hasMethods()) {
            return "No edit method is installed (io.vswap.swap provides VideoSwap). See the error log.";
        }
        if (form.modelFolder().isEmpty() && services.model("sample").isEmpty()) {
            return "No model: the \"sample\" model provider (io.vswap.samples.model) is not installed; name a model "
                    + "folder.";
        }
        if (!EditForm.readsPoints(form.method())) {
            return null;
        }
        if (set == null || set.points().isEmpty()) {
            return "This clip has no semantic points (point set \"" + ref.clip().name() + "\"): open it with Edit "
                    + "Points, place and track points and save, or run a \"track\" job. VideoSwap needs them "
                    + "(or turn motionFeatures off).";
        }
        if (!set.isTracked()) {
            return "The points of " + ref.clip().name() + " are not tracked yet: track them in the point editor "
                    + "(Ctrl+T) and save.";
        }
        return null;
    }

    /**
     * Starts the source-side preprocessing ({@code prepareOnly}) or an edit with the form's values;
     * {@code null} (and a message) when the form is not complete or a job is running.
     */
    SwapEditJob start(boolean prepareOnly) {
        if (!loaded) {
            return null;
        }
        if (running != null) {
            messages.show(IStatus.WARNING, "A job of this editor is running; wait for it or Cancel it.");
            return null;
        }
        BatchJobType type = services.swapJob().orElse(null);
        EditMethod m = form.method();
        if (type == null || m == null) {
            messages.show(IStatus.ERROR, problem(form.points().points()));
            return null;
        }
        String p = form.prompt().getText().strip(), s = form.subject().getText().strip();
        String t = form.target().getText().strip();
        if (p.isEmpty() || s.isEmpty() || (!prepareOnly && t.isEmpty())) {
            messages.show(IStatus.ERROR, "Fill in the source prompt, the subject word"
                    + (prepareOnly ? "" : " and the target") + ".");
            return null;
        }
        Map<String, Object> values;
        try {
            values = form.settings().values();
        } catch (IllegalArgumentException e) {
            messages.show(IStatus.ERROR, "Settings: " + e.getMessage());
            return null;
        }
        String editName = prepareOnly ? null : newEditName();
        SwapSpec spec = spec(m, p, s, t, editName, prepareOnly, values);
        String title = prepareOnly ? "Preprocessing " + ref.clip().name() + " for swaps of \"" + s + "\""
                : "Swap \"" + s + "\" → \"" + t + "\" (" + editName + ")";
        SwapEditJob job = new SwapEditJob(title, type, spec.toJob().toString(), ref.project().folder(), editName);
        running = job;
        updateButtons();
        messages.show(IStatus.INFO, title + "… (its stage and time left under the form; Cancel stops it)");
        job.addJobChangeListener(new DoneOnUiThread(form.control(),
                event -> finished(job, event.getResult(), prepareOnly)));
        form.live().start(job.watch());
        job.schedule();
        return job;
    }

    /** The job's fields; the points removed and dragged only for a method that edits points (others refuse them). */
    private SwapSpec spec(EditMethod m, String prompt, String subject, String target, String editName,
            boolean prepareOnly, Map<String, Object> values) {
        PointsPanel points = form.points();
        boolean pointEdit = !prepareOnly && m.inputs().contains(EditInput.POINT_EDIT);
        Map<String, SwapSpec.Position> drags = new LinkedHashMap<>();
        if (pointEdit) {
            points.drags().forEach((name, xy) -> drags.put(name, new SwapSpec.Position(xy[0], xy[1])));
        }
        String model = form.modelFolder();
        return new SwapSpec(ref.project().folder().toAbsolutePath(), ref.shot().id(), Optional.of(ref.clip().name()),
                Optional.empty(), prompt, subject, target.isEmpty() ? subject : target,
                pointEdit ? List.copyOf(points.removed()) : List.of(), drags, pointEdit ? points.keyframe() : 0,
                model.isEmpty() ? Optional.empty() : Optional.of(Path.of(model)), m.id(), Optional.ofNullable(editName),
                prepareOnly, values);
    }

    /** A name no edit of this clip has: the time, and a counter if two start in the same second. */
    private String newEditName() {
        String base = LocalDateTime.now().format(EDIT_NAME);
        Set<String> taken = new HashSet<>();
        history.records().forEach(r -> taken.add(r.name()));
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private void finished(SwapEditJob job, IStatus result, boolean prepareOnly) {
        running = null;
        form.live().stop();
        updateButtons();
        if (result.getSeverity() == IStatus.CANCEL) {
            messages.show(IStatus.WARNING, job.getName() + " was cancelled; nothing was written.");
            return;
        }
        if (!result.isOK()) {
            messages.show(IStatus.ERROR, job.getName() + " failed: " + result.getMessage(), result.getException());
            return;
        }
        messages.show(IStatus.INFO, (prepareOnly ? "Preprocessed: " : "Done: ") + job.summary());
        if (!prepareOnly) {
            editWritten.accept(job.editName());
        }
    }

    private void updateButtons() {
        boolean idle = running == null;
        form.preprocessButton().setEnabled(loaded && idle);
        form.runButton().setEnabled(loaded && idle);
        form.cancelButton().setEnabled(!idle);
    }
}
