package io.vswap.swap.ui.internal.editor;

import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.vswap.points.api.PointSet;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.ui.api.ClipEditor;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ComparePlayer;
import io.vswap.ui.api.LoadClipJob;
import io.vswap.ui.api.MessageArea;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.ClipSizeAdvisor.SizeAdvice;

/**
 * The Swap editor of one clip: choose the method, prompt, subject word and target; see the
 * clip's tracked points over the source and remove or drag them for this edit (for a method that
 * reads points); set every setting of the method (its defaults shown); run the source-side
 * preprocessing and edits as {@code swap} batch jobs (progress and cancel in the Progress view);
 * compare a result with the source (side by side or A/B wipe, one slider); browse the clip's
 * edits with their settings. The parts: {@link EditForm}, {@link EditRunner}, {@link ComparePlayer},
 * {@link HistoryPanel} with {@link RenderBrowser}, {@link MessageArea}.
 */
public class SwapEditor extends ClipEditor<SwapServices> {

    private MessageArea messages;
    /** What a swap of this clip costs here, once measured; null before. */
    private SizeAdvice estimate;
    private EditForm form;
    private ComparePlayer player;
    private HistoryPanel history;
    private RenderBrowser renders;
    private EditRunner runner;
    /** Run an edit once the clip is loaded (the New Swap wizard's Finish). */
    private boolean runWhenLoaded;
    /** The render to show once the clip is loaded (opened from the Project Explorer), or null. */
    private java.util.Collection<java.nio.file.Path> pendingRender;
    /** The message {@link #showReadiness} last showed. */
    private String readiness;

    public SwapEditor() {
        super("Swap editor", SwapEditorInput.class, SwapServices.class);
    }

    @Override
    protected String partName(ClipRef clip) {
        return "Swap: " + clip.shot().name() + " / " + clip.clip().name();
    }

    @Override
    protected String servicesMissing() {
        return "The swap services (io.vswap.swap.ui's SwapServices: edit methods, the swap batch job, the "
                + "point store) are not running. See the error log.";
    }

    @Override
    protected void createContents(Composite stack) {
        ClipRef ref = clip();
        SwapServices services = services();
        Composite editor = new Composite(stack, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(editor);
        messages = new MessageArea(editor);
        SashForm sash = new SashForm(editor, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        ModelDefaults defaults = new ModelDefaults(services, t -> message(IStatus.WARNING, t));
        form = new EditForm(sash, services.methods(), defaults, new EditForm.Actions(this::preprocess, this::runEdit,
                this::cancelRunning, services.targetConcepts().isPresent() ? () -> chooseConcept(services, defaults)
                        : null));
        SashForm right = new SashForm(sash, SWT.VERTICAL);
        player = new ComparePlayer(right);
        history = new HistoryPanel(right, this::useSettingsOf);
        renders = new RenderBrowser(ref, session(), history, player, form, messages);
        runner = new EditRunner(ref, services, form, messages, history, name -> {
            renders.showWritten(name);
            session().changed(); // the Project Explorer lists the new render under its clip
        });
        right.setWeights(65, 35);
        sash.setWeights(30, 70);
        // the history's edit is the editor's selection, a render as in the Project Explorer: its context
        // menu holds what other bundles offer on a render (Evaluate)
        HistorySelection selection = new HistorySelection(history, ref);
        getSite().setSelectionProvider(selection);
        MenuManager historyMenu = new MenuManager();
        history.table().setMenu(historyMenu.createContextMenu(history.table()));
        getSite().registerContextMenu(SwapUiIds.HISTORY_MENU, historyMenu, selection);
        form.points().onChange(() -> player.sourceView().canvas().redraw());
        form.points().onStatus(t -> message(IStatus.INFO, t));
        form.onMethodChanged(this::methodChanged);
        // the estimate follows the settings (a preset, a field): said again while the readiness shows
        form.settings().onChange(() -> {
            if (isLoaded() && estimate != null && messages.text().equals(readiness)) {
                showReadiness();
            }
        });
        showPointsOverlayFor(form.method());
        show(editor);

        message(IStatus.INFO, "Loading frames and points of " + ref.clip().name() + "…");
        // the point set the swap job uses is named like the clip; none saved is no error here
        load(new LoadClipJob<>("Loading frames and points of " + ref.clip().name(), session(), ref,
                frames -> services.pointSets().load(ref.project(), ref.shot(), ref.clip().name())), this::loaded);
    }

    private void methodChanged(EditMethod m) {
        showPointsOverlayFor(m);
        refreshHistory();
        // the load's message may speak of the points: it follows the method, other messages stay
        if (isLoaded() && messages.text().equals(readiness)) {
            showReadiness();
        }
    }

    /** The points over the source (click to remove, drag to move) only for a method that reads them. */
    private void showPointsOverlayFor(EditMethod m) {
        player.sourceView().setOverlay(EditForm.readsPoints(m) ? form.points() : null);
        player.sourceView().canvas().redraw();
    }

    private void loaded(IStatus result, LoadClipJob.Loaded<Optional<PointSet>> data) {
        if (!result.isOK()) {
            message(IStatus.ERROR, result.getSeverity() == IStatus.CANCEL ? "Loading cancelled."
                    : "The clip could not be loaded: " + result.getMessage());
            return;
        }
        ClipRef ref = clip();
        double fps = ref.shot().probe().frameRate() / Math.max(1, ref.clip().settings().stride());
        player.setSource(data.frames().images(), fps);
        form.points().setPoints(data.data().orElse(null));
        form.refit(); // the points' rows change the form's height
        runner.setLoaded();
        refreshHistory();
        if (!history.records().isEmpty()) {
            form.fillPromptIfEmpty(history.records().get(0));
        } else {
            // a clip that can say what it shows (a sample shot's caption) proposes it
            io.vswap.swap.ui.internal.SourceCaption.beside(ref.shot().source())
                    .ifPresent(ps -> form.fillPromptIfEmpty(ps[0], ps[1]));
        }
        showReadiness();
        if (pendingRender == null || !renders.showRecordOf(pendingRender)) {
            renders.selectNewest();
        }
        pendingRender = null;
        estimateSwap();
        if (runWhenLoaded) {
            runWhenLoaded = false;
            runEdit();
        }
    }

    /**
     * Measures in the background what a swap of this clip costs here (the import wizard's
     * estimate, for clips imported before it or by a batch): said with the readiness, and as a
     * warning when the clip's size is far from the model's or the swap would be long or not fit.
     */
    private void estimateSwap() {
        var advisor = services().sizeAdvisor();
        if (advisor.isEmpty()) {
            return;
        }
        ClipSettings cs = clip().clip().settings();
        Display display = messages.control().getDisplay();
        Job job = Job.create("Estimating a swap of " + clip().clip().name(), (IProgressMonitor monitor) -> {
            try {
                SizeAdvice a = advisor.get().advise(cs.outputWidth(), cs.outputHeight(), cs.frameCount(), monitor);
                if (display.isDisposed()) {
                    return Status.OK_STATUS; // the workbench has closed
                }
                display.asyncExec(() -> {
                    if (messages.control().isDisposed()) {
                        return;
                    }
                    boolean showingReadiness = messages.text().equals(readiness);
                    estimate = a;
                    if (showingReadiness) {
                        showReadiness();
                    }
                });
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            } catch (Exception e) {
                // no estimate (no model, a damaged one): the edit itself says why, in words
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** What stops an edit with the chosen method, or what to do next. */
    private void showReadiness() {
        String problem = runner.problem(form.points().points());
        if (problem != null) {
            message(IStatus.WARNING, problem);
        } else {
            // no problem and a method that reads points: the clip has tracked points
            String next = "Fill in the prompt, subject word and target, then Run Edit."
                    + (!EditForm.readsPoints(form.method()) ? "" : " " + form.points().points().points().size()
                            + " tracked points; click one on the source to remove it, drag it to move it.");
            if (estimate == null) {
                message(IStatus.INFO, next);
            } else {
                String cost = "A swap of " + estimate.frames() + " frames at " + estimate.width() + " × "
                        + estimate.height() + " on this machine: " + costWithTheseSettings() + ".";
                message(estimate.warning() == null ? IStatus.INFO : IStatus.WARNING,
                        estimate.warning() == null ? next + " " + cost : estimate.warning() + " " + cost + " " + next);
            }
        }
        readiness = messages.text();
    }

    /**
     * The estimate for the form's settings: the measured one (for the model's recommended settings)
     * scaled by the passes the method counts for each, so that Draft says less than Standard.
     */
    private String costWithTheseSettings() {
        EditMethod m = form.method();
        if (m != null) {
            try {
                var now = m.framePasses(form.settings().values(), estimate.frames());
                var base = m.framePasses(form.settings().defaults(), estimate.frames());
                if (now.isPresent() && base.isPresent() && base.getAsDouble() > 0) {
                    java.time.Duration t = java.time.Duration.ofMillis(Math.round(estimate.time().toMillis()
                            * now.getAsDouble() / base.getAsDouble()));
                    return "about " + SizeAdvice.duration(t) + ", " + String.format(java.util.Locale.ROOT, "%.1f GB",
                            estimate.bytes() / 1e9) + " with these settings (" + m.displayName() + ")";
                }
            } catch (IllegalArgumentException e) {
                // a field being typed: the estimate for the defaults below
            }
        }
        return estimate.summary() + " (" + estimate.method() + ")";
    }

    // ---- running jobs ----

    /** Starts an edit with the form's values as a swap job; {@code null} (and a message) when the form is not complete. */
    public SwapEditJob runEdit() {
        return runner == null ? null : runner.start(false);
    }

    /** Starts an edit now if the clip is loaded, else as soon as it is (the New Swap wizard's Finish). */
    public void runEditWhenLoaded() {
        if (isLoaded()) {
            runEdit();
        } else {
            runWhenLoaded = true;
        }
    }

    /** Starts the source-side preprocessing as a swap job with {@code prepareOnly}. */
    public SwapEditJob preprocess() {
        return runner == null ? null : runner.start(true);
    }

    /** "Concept…": a concept of the concept libraries, judged against the form's model, as the target. */
    private void chooseConcept(SwapServices services, ModelDefaults defaults) {
        var concepts = services.targetConcepts();
        if (concepts.isEmpty()) {
            message(IStatus.WARNING, "The concept library is no longer installed: type a word as the target.");
            return;
        }
        java.nio.file.Path folder = null;
        try {
            folder = defaults.folder(form.modelFolder()).orElse(null);
        } catch (java.io.IOException | RuntimeException e) {
            message(IStatus.WARNING, "The model could not be read, so concepts are not judged against it: "
                    + e.getMessage());
        }
        ConceptChoiceDialog d = new ConceptChoiceDialog(getSite().getShell(), concepts.get(), folder);
        if (d.open() == org.eclipse.jface.window.Window.OK && d.chosenToken() != null) {
            form.target().setText(d.chosenToken());
        }
    }

    public void cancelRunning() {
        if (runner != null) {
            runner.cancel();
        }
    }

    // ---- history ----

    /**
     * Shows the edit whose record is among {@code files} (a render opened from the Project
     * Explorer) beside the source: now, or once the clip is loaded.
     */
    public void showRender(java.util.Collection<java.nio.file.Path> files) {
        if (isLoaded()) {
            renders.showRecordOf(files);
        } else {
            pendingRender = List.copyOf(files);
        }
    }

    /** Re-reads the clip's render records. */
    public void refreshHistory() {
        if (renders != null) {
            renders.refresh();
        }
    }

    /** "Use These Settings": the record's target, prompt, subject, method, points and settings into the form. */
    public void useSettingsOf(RenderRecord r) {
        form.fill(r);
        message(IStatus.INFO, "The form has the settings of " + r.name() + "; change them and Run Edit for a new edit.");
    }

    // ---- messages ----

    /** Shows {@code text} in the editor's message area (an error in red with the error icon). */
    public void message(int severity, String text) {
        if (messages != null) {
            messages.show(severity, text);
        }
    }

    public String messageText() {
        return messages.text();
    }

    public int messageSeverity() {
        return messages.severity();
    }

    /** Whether the message has a Details link (a failure with its technical detail). */
    public boolean messageHasDetails() {
        return messages.hasDetails();
    }

    // ---- part ----

    @Override
    public void doSave(IProgressMonitor monitor) {
        // every edit is written by its job
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    protected Control focusControl() {
        return form == null ? null : form.prompt();
    }

    @Override
    public void dispose() {
        if (renders != null) {
            renders.dispose();
        }
        // a running edit goes on (its progress stays in the Progress view) and writes its render
        super.dispose();
    }

    // ---- for tests ----

    public boolean isLoaded() {
        return runner != null && runner.isLoaded();
    }

    /** The preprocessing or edit running now, or {@code null}. */
    public SwapEditJob running() {
        return runner == null ? null : runner.running();
    }

    public Combo methodChoice() {
        return form.methodChoice();
    }

    public Text promptField() {
        return form.prompt();
    }

    public Text subjectField() {
        return form.subject();
    }

    public Text targetField() {
        return form.target();
    }

    public PointsPanel points() {
        return form.points();
    }

    /** The line shown instead of the points for a method that reads none. */
    public Label noPointsLine() {
        return form.noPointsLine();
    }

    public SettingsForm settings() {
        return form.settings();
    }

    /** The quality preset's list (Draft, Standard, Final, Custom). */
    public Combo presetChoice() {
        return form.preset().combo();
    }

    /** The preset the form shows ("Custom" when the settings match none). */
    public String preset() {
        return form.preset().selected();
    }

    /** Chooses a preset by name, as picking it from the list does. */
    public void choosePreset(String name) {
        form.preset().select(name);
    }

    /** The check box that folds the advanced settings out. */
    public Button advancedToggle() {
        return form.advancedToggle();
    }

    /** Folds the advanced settings out or in, as the check box does. */
    public void showAdvanced(boolean shown) {
        form.showAdvanced(shown);
    }

    /** Whether the running job's live panel (stage, time left, loss curve, preview) is shown. */
    public boolean liveShowing() {
        return form.live().isShowing() && form.live().control().isVisible();
    }

    /** The live panel's lines: stage, time, loss, preview (refreshed first, as a tick does). */
    public List<String> liveLines() {
        LivePanel l = form.live();
        l.refresh();
        return List.of(l.stageText(), l.timeText(), l.lossText(), l.previewText());
    }

    /** The live panel's preview as shown, or null. */
    public org.eclipse.swt.graphics.ImageData livePreview() {
        var image = form.live().previewImage();
        return image == null ? null : image.getImageData();
    }

    /** Whether the form's scrolled part reaches its end (nothing below it out of reach). */
    public boolean formScrollsToItsEnd() {
        return form.scrollsToItsEnd();
    }

    /** The form left of the player (for layout checks). */
    public Composite formControl() {
        return (Composite) form.control();
    }

    public ComparePlayer player() {
        return player;
    }

    public HistoryPanel history() {
        return history;
    }

    public Button runButton() {
        return form.runButton();
    }

    public Button cancelButton() {
        return form.cancelButton();
    }

    public Button preprocessButton() {
        return form.preprocessButton();
    }
}
