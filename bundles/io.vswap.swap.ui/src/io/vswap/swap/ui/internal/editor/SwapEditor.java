package io.vswap.swap.ui.internal.editor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

import com.google.gson.JsonObject;

import io.vswap.batch.api.BatchJobType;
import io.vswap.points.api.PointSet;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioServices;

/**
 * The Swap editor of one clip: choose the method, prompt, subject word and target; see the
 * clip's tracked points over the source and remove or drag them for this edit; set every
 * setting of the method (its defaults shown); run the source-side preprocessing and edits as
 * {@code swap} batch jobs (progress and cancel in the Progress view); compare a result with the
 * source (side by side or A/B wipe, one slider); browse the clip's edits with their settings.
 */
public class SwapEditor extends EditorPart {

    private static final DateTimeFormatter EDIT_NAME = DateTimeFormatter.ofPattern("'e'yyyyMMdd-HHmmss", Locale.ROOT);

    private ClipRef ref;
    private ProjectSession session;
    private SwapServices services;

    private Composite stack;
    private Label notice;
    private Label messageIcon;
    private Label messageText;
    private int messageSeverity = IStatus.OK;
    private Combo methodChoice;
    private List<EditMethod> methods = List.of();
    private Text prompt, subject, target, model;
    private static final String SETTINGS_TITLE = "Settings (bold: changed from the default)";
    public static final String SETTINGS_TITLE_WITH_MODEL = "Settings (bold: changed; (model): the model's)";
    private Group settingsGroup;
    /** The settings whose defaults the chosen model recommends (labelled so in the form). */
    private java.util.Set<String> recommendedNames = java.util.Set.of();
    /** The "sample" provider's folder, once found. */
    private java.nio.file.Path sampleModelFolder;
    /** The model folder text the form's defaults were read for. */
    private String settingsModel;
    private PointsPanel points;
    private SettingsForm settings;
    private Button preprocessButton, runButton, cancelButton;
    private ComparePlayer player;
    private HistoryPanel history;
    private volatile LoadSwapClipJob loadJob;
    private volatile SwapEditJob running;
    private volatile LoadRenderJob renderJob;
    private RenderRecord shown;
    private boolean loaded;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof SwapEditorInput s)) {
            throw new PartInitException("The Swap editor opens clips, not " + input.getName());
        }
        setSite(site);
        setInput(input);
        ref = s.clip();
        setPartName("Swap: " + ref.shot().name() + " / " + ref.clip().name());
        setTitleToolTip(input.getToolTipText());
    }

    @Override
    public void createPartControl(Composite parent) {
        session = getSite().getService(ProjectSession.class);
        services = getSite().getService(SwapServices.class);
        stack = new Composite(parent, SWT.NONE);
        StackLayout layout = new StackLayout();
        stack.setLayout(layout);
        notice = new Label(stack, SWT.WRAP | SWT.CENTER);
        layout.topControl = notice;
        if (session == null || services == null) {
            notice.setText(session == null ? StudioServices.unavailable(ProjectSession.class)
                    : "The swap services (io.vswap.swap.ui's SwapServices: edit methods, the swap batch job, the "
                            + "point store) are not running. See the error log.");
            return;
        }
        Composite editor = new Composite(stack, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(editor);
        createMessageArea(editor);
        SashForm sash = new SashForm(editor, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        createForm(sash);
        SashForm right = new SashForm(sash, SWT.VERTICAL);
        player = new ComparePlayer(right);
        player.sourceView().setOverlay(points);
        history = new HistoryPanel(right, this::useSettingsOf);
        history.onSelect(this::show);
        right.setWeights(65, 35);
        sash.setWeights(30, 70);
        points.onChange(() -> player.sourceView().canvas().redraw());
        points.onStatus(t -> message(IStatus.INFO, t));
        layout.topControl = editor;
        stack.layout(true, true);

        message(IStatus.INFO, "Loading frames and points of " + ref.clip().name() + "…");
        setButtons(false);
        LoadSwapClipJob job = new LoadSwapClipJob(session, services.pointSets(), ref);
        loadJob = job;
        job.addJobChangeListener(onDone(event -> loaded(job, event.getResult())));
        job.schedule();
    }

    private void createMessageArea(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 4).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        messageIcon = new Label(row, SWT.NONE);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(16, 16).applyTo(messageIcon);
        messageText = new Label(row, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(messageText);
    }

    private void createForm(Composite parent) {
        ScrolledComposite scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        Composite form = new Composite(scroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 4).applyTo(form);

        Group edit = new Group(form, SWT.NONE);
        edit.setText("Edit");
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(edit);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(edit);
        new Label(edit, SWT.NONE).setText("Method:");
        methodChoice = new Combo(edit, SWT.READ_ONLY);
        GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(methodChoice);
        methodChoice.addListener(SWT.Selection, e -> methodChanged());
        prompt = field(edit, "Source prompt:", "Describes the clip and names its subject, e.g. \"a red disc on a "
                + "grey striped background\"");
        subject = field(edit, "Subject word:", "The subject's word in the prompt, e.g. \"disc\"");
        target = field(edit, "Target:", "The word (or concept token) the subject becomes, e.g. \"square\"");
        model = field(edit, "Model folder:", "A diffusers-layout model folder; empty: the installed \"sample\" model");
        model.setMessage("(the sample model)");
        // another model may recommend other settings: the form's defaults follow it, changed values stay
        model.addListener(SWT.FocusOut, e -> modelChanged());
        model.addListener(SWT.DefaultSelection, e -> modelChanged());

        Group pts = new Group(form, SWT.NONE);
        pts.setText("Points of this edit");
        GridLayoutFactory.swtDefaults().applyTo(pts);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(pts);
        points = new PointsPanel(pts);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(points.control());

        Group set = new Group(form, SWT.NONE);
        settingsGroup = set;
        set.setText(SETTINGS_TITLE);
        GridLayoutFactory.swtDefaults().applyTo(set);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(set);
        settings = new SettingsForm(set);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(settings.control());
        Button defaults = new Button(set, SWT.PUSH);
        defaults.setText("Restore Defaults");
        defaults.addListener(SWT.Selection, e -> settings.resetDefaults());

        Composite buttons = new Composite(form, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).equalWidth(true).applyTo(buttons);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
        preprocessButton = button(buttons, "Preprocess", "Run the source side (point embeddings, registration, "
                + "inversion) into the project's cache, so every edit of this clip starts from it", this::preprocess);
        runButton = button(buttons, "Run Edit", "Swap the subject with these settings: a new edit in the history",
                this::runEdit);
        cancelButton = button(buttons, "Cancel", "Cancel the running job (no render is written)", this::cancelRunning);
        cancelButton.setEnabled(false);

        scroll.setContent(form);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        // at least the form's own width: narrower, it scrolls rather than squeezing the fields
        scroll.addListener(SWT.Resize, e -> scroll.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT)));
        methods = services.methods();
        for (EditMethod m : methods) {
            methodChoice.add(m.displayName());
        }
        if (!methods.isEmpty()) {
            int videoswap = 0;
            for (int i = 0; i < methods.size(); i++) {
                if (methods.get(i).id().equals("videoswap")) {
                    videoswap = i;
                }
            }
            methodChoice.select(videoswap);
            settings.setSettings(settingsFor(methods.get(videoswap)));
            settings.markFromModel(recommendedNames);
        }
        methodChoice.setEnabled(methods.size() > 1);
        scroll.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT));
    }

    private static Text field(Composite parent, String label, String tooltip) {
        Label l = new Label(parent, SWT.NONE);
        l.setText(label);
        l.setToolTipText(tooltip);
        Text t = new Text(parent, SWT.BORDER);
        t.setToolTipText(tooltip);
        GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(t);
        return t;
    }

    private static Button button(Composite parent, String text, String tooltip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tooltip);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(b);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private void methodChanged() {
        EditMethod m = method();
        if (m != null) {
            settings.setSettings(settingsFor(m));
            settings.markFromModel(recommendedNames);
            settings.control().getParent().getParent().layout(true, true);
            refreshHistory();
        }
    }

    private void modelChanged() {
        EditMethod m = method();
        String folder = model.getText().strip();
        if (m != null && !folder.equals(settingsModel)) {
            settings.setDefaults(settingsFor(m));
            settings.markFromModel(recommendedNames);
        }
    }

    /**
     * {@code m}'s settings with the chosen model's recommendations ({@link ModelSettings#FILE}) as
     * their defaults; the method's own where the model recommends nothing or cannot be read (said
     * in the message area; the edit job refuses such a model with the same message).
     */
    private List<EditSetting> settingsFor(EditMethod m) {
        settingsModel = model.getText().strip();
        settingsGroup.setText(SETTINGS_TITLE);
        recommendedNames = java.util.Set.of();
        java.nio.file.Path folder;
        try {
            if (settingsModel.isEmpty()) {
                if (sampleModelFolder == null) {
                    var provider = services.model("sample");
                    if (provider.isEmpty()) {
                        return m.settings();
                    }
                    // layout() verifies the weights' checksums: once per editor, not on every method or model change
                    sampleModelFolder = provider.get().layout().folder();
                }
                folder = sampleModelFolder;
            } else {
                folder = java.nio.file.Path.of(settingsModel);
                if (!java.nio.file.Files.isDirectory(folder)) {
                    return m.settings();
                }
            }
            Map<String, Object> recommended = ModelSettings.recommended(folder, m);
            // the title says which defaults are the model's rather than the method's
            if (!recommended.isEmpty()) {
                // the names go on the labels: listed in the title they were cut off at the pane's width
                settingsGroup.setText(SETTINGS_TITLE_WITH_MODEL);
                recommendedNames = recommended.keySet();
            }
            return ModelSettings.withDefaults(m.settings(), recommended);
        } catch (IOException | RuntimeException e) {
            message(IStatus.WARNING, "The model's recommended settings were not used: " + e.getMessage());
            return m.settings();
        }
    }

    private void loaded(LoadSwapClipJob job, IStatus result) {
        if (stack.isDisposed()) {
            return;
        }
        if (!result.isOK()) {
            message(IStatus.ERROR, result.getSeverity() == IStatus.CANCEL ? "Loading cancelled."
                    : "The clip could not be loaded: " + result.getMessage());
            return;
        }
        LoadSwapClipJob.Loaded data = job.loaded();
        double fps = ref.shot().probe().frameRate() / Math.max(1, ref.clip().settings().stride());
        player.setSource(data.images(), fps);
        points.setPoints(data.points());
        loaded = true;
        setButtons(true);
        refreshHistory();
        if (prompt.getText().isBlank() && !history.records().isEmpty()) {
            RenderRecord last = history.records().get(0);
            prompt.setText(nonNull(last.sourcePrompt()));
            subject.setText(nonNull(last.subject()));
        }
        String problem = problem(data.points());
        if (problem != null) {
            message(IStatus.WARNING, problem);
        } else {
            message(IStatus.INFO, "Fill in the prompt, subject word and target, then Run Edit. "
                    + data.points().points().size() + " tracked points; click one on the source to remove it, "
                    + "drag it to move it.");
        }
        if (!history.records().isEmpty()) {
            history.select(history.records().get(0));
        }
    }

    /** What stops an edit before it starts, in words, or {@code null}. */
    private String problem(PointSet set) {
        if (services.swapJob().isEmpty()) {
            return "The \"swap\" batch job type (io.vswap.swap) is not running, so no edit can run. See the error log.";
        }
        if (methods.isEmpty()) {
            return "No edit method is installed (io.vswap.swap provides VideoSwap). See the error log.";
        }
        if (model.getText().isBlank() && services.model("sample").isEmpty()) {
            return "No model: the \"sample\" model provider (io.vswap.samples.model) is not installed; name a model "
                    + "folder.";
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

    // ---- running jobs ----

    /** Starts an edit with the form's values as a swap job; {@code null} (and a message) when the form is not complete. */
    public SwapEditJob runEdit() {
        return start(false);
    }

    /** Starts the source-side preprocessing as a swap job with {@code prepareOnly}. */
    public SwapEditJob preprocess() {
        return start(true);
    }

    public void cancelRunning() {
        SwapEditJob j = running;
        if (j != null) {
            j.cancel();
            message(IStatus.INFO, "Cancelling " + j.getName() + "…");
        }
    }

    private SwapEditJob start(boolean prepareOnly) {
        if (!loaded) {
            return null;
        }
        if (running != null) {
            message(IStatus.WARNING, "A job of this editor is running; wait for it or Cancel it.");
            return null;
        }
        BatchJobType type = services.swapJob().orElse(null);
        EditMethod m = method();
        if (type == null || m == null) {
            message(IStatus.ERROR, problem(points.points()));
            return null;
        }
        String p = prompt.getText().strip(), s = subject.getText().strip(), t = target.getText().strip();
        if (p.isEmpty() || s.isEmpty() || (!prepareOnly && t.isEmpty())) {
            message(IStatus.ERROR, "Fill in the source prompt, the subject word" + (prepareOnly ? "" : " and the target")
                    + ".");
            return null;
        }
        Map<String, Object> values;
        try {
            values = settings.values();
        } catch (IllegalArgumentException e) {
            message(IStatus.ERROR, "Settings: " + e.getMessage());
            return null;
        }
        String editName = prepareOnly ? null : newEditName();
        Map<String, SwapSpec.Position> drags = new java.util.LinkedHashMap<>();
        points.drags().forEach((name, xy) -> drags.put(name, new SwapSpec.Position(xy[0], xy[1])));
        SwapSpec spec = new SwapSpec(ref.project().folder().toAbsolutePath(), ref.shot().id(),
                Optional.of(ref.clip().name()), Optional.empty(), p, s, t.isEmpty() ? s : t,
                prepareOnly ? List.of() : List.copyOf(points.removed()), prepareOnly ? Map.of() : drags,
                prepareOnly ? 0 : points.keyframe(),
                model.getText().isBlank() ? Optional.empty() : Optional.of(Path.of(model.getText().strip())), m.id(),
                Optional.ofNullable(editName), prepareOnly, values);
        JsonObject o = spec.toJob();
        String title = prepareOnly ? "Preprocessing " + ref.clip().name() + " for swaps of \"" + s + "\""
                : "Swap \"" + s + "\" → \"" + t + "\" (" + editName + ")";
        SwapEditJob job = new SwapEditJob(title, type, o.toString(), ref.project().folder(), editName);
        running = job;
        setButtons(true);
        message(IStatus.INFO, title + "… (progress in the Progress view and the status line; Cancel stops it)");
        job.addJobChangeListener(onDone(event -> finished(job, event.getResult(), prepareOnly)));
        job.schedule();
        return job;
    }

    /** A name no edit of this clip has: the time, and a counter if two start in the same second. */
    private String newEditName() {
        String base = LocalDateTime.now().format(EDIT_NAME);
        Set<String> taken = new java.util.HashSet<>();
        history.records().forEach(r -> taken.add(r.name()));
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private void finished(SwapEditJob job, IStatus result, boolean prepareOnly) {
        if (stack.isDisposed()) {
            return;
        }
        running = null;
        setButtons(true);
        if (result.getSeverity() == IStatus.CANCEL) {
            message(IStatus.WARNING, job.getName() + " was cancelled; nothing was written.");
            return;
        }
        if (!result.isOK()) {
            message(IStatus.ERROR, job.getName() + " failed: " + result.getMessage());
            return;
        }
        message(IStatus.INFO, (prepareOnly ? "Preprocessed: " : "Done: ") + job.summary());
        if (!prepareOnly) {
            refreshHistory();
            history.records().stream().filter(r -> job.editName().equals(r.name())).findFirst()
                    .ifPresent(history::select);
        }
    }

    private void setButtons(boolean ready) {
        boolean idle = running == null;
        preprocessButton.setEnabled(ready && loaded && idle);
        runButton.setEnabled(ready && loaded && idle);
        cancelButton.setEnabled(!idle);
    }

    // ---- history and the result view ----

    /** Re-reads the clip's render records. */
    public void refreshHistory() {
        if (history == null) {
            return;
        }
        try {
            EditMethod m = method();
            RenderRecord selected = history.selected().orElse(null);
            history.setRecords(RenderRecord.list(ref), m == null ? List.<EditSetting>of() : settings.settings());
            if (selected != null) {
                history.records().stream().filter(r -> r.file().equals(selected.file())).findFirst()
                        .ifPresent(history::select);
            }
        } catch (IOException e) {
            message(IStatus.ERROR, "The renders folder could not be read: " + e.getMessage());
        }
    }

    /** Decodes the record's render and shows it beside the source. */
    private void show(RenderRecord r) {
        if (r.equals(shown) && player.resultImages() != null) {
            return;
        }
        shown = r;
        LoadRenderJob previous = renderJob;
        if (previous != null) {
            previous.cancel();
        }
        LoadRenderJob job = new LoadRenderJob(session.codecs(), r);
        renderJob = job;
        job.addJobChangeListener(onDone(event -> {
            if (renderJob != job) {
                return;
            }
            if (event.getResult().isOK()) {
                player.setResult(job.loaded(), r.name() + ": " + r.target());
            } else if (event.getResult().getSeverity() != IStatus.CANCEL) {
                player.setResult(null, null);
                message(IStatus.ERROR, "The render " + r.video() + " could not be decoded: "
                        + event.getResult().getMessage());
            }
        }));
        job.schedule();
    }

    /** "Use These Settings": the record's target, prompt, subject, method, points and settings into the form. */
    public void useSettingsOf(RenderRecord r) {
        for (int i = 0; i < methods.size(); i++) {
            if (methods.get(i).id().equals(r.method()) && methodChoice.getSelectionIndex() != i) {
                methodChoice.select(i);
                methodChanged();
            }
        }
        prompt.setText(nonNull(r.sourcePrompt()));
        subject.setText(nonNull(r.subject()));
        target.setText(nonNull(r.target()));
        settings.resetDefaults();
        settings.setValues(r.settings());
        points.set(r.removed(), r.drags(), r.keyframe());
        message(IStatus.INFO, "The form has the settings of " + r.name() + "; change them and Run Edit for a new edit.");
    }

    // ---- messages ----

    /** Shows {@code text} in the editor's message area (an error in red with the error icon). */
    public void message(int severity, String text) {
        if (messageText == null || messageText.isDisposed()) {
            return;
        }
        messageSeverity = severity;
        Display d = messageText.getDisplay();
        messageIcon.setImage(org.eclipse.jface.resource.JFaceResources.getImage(severity == IStatus.ERROR
                ? org.eclipse.jface.dialogs.Dialog.DLG_IMG_MESSAGE_ERROR
                : severity == IStatus.WARNING ? org.eclipse.jface.dialogs.Dialog.DLG_IMG_MESSAGE_WARNING
                        : org.eclipse.jface.dialogs.Dialog.DLG_IMG_MESSAGE_INFO));
        Color c = severity == IStatus.ERROR ? d.getSystemColor(SWT.COLOR_DARK_RED) : null;
        messageText.setForeground(c);
        messageText.setText(text == null ? "" : text);
        messageText.requestLayout();
    }

    public String messageText() {
        return messageText.getText();
    }

    public int messageSeverity() {
        return messageSeverity;
    }

    private JobChangeAdapter onDone(Consumer<IJobChangeEvent> ui) {
        return new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                Display display = stack.getDisplay();
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (!stack.isDisposed()) {
                            ui.accept(event);
                        }
                    });
                }
            }
        };
    }

    private EditMethod method() {
        int i = methodChoice == null ? -1 : methodChoice.getSelectionIndex();
        return i < 0 || i >= methods.size() ? null : methods.get(i);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    // ---- part ----

    @Override
    public void doSave(IProgressMonitor monitor) {
        // every edit is written by its job
    }

    @Override
    public void doSaveAs() {
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public void setFocus() {
        if (prompt != null && !prompt.isDisposed()) {
            prompt.setFocus();
        } else if (stack != null) {
            stack.setFocus();
        }
    }

    @Override
    public void dispose() {
        for (Job j : new Job[] { loadJob, renderJob }) {
            if (j != null) {
                j.cancel();
            }
        }
        // a running edit goes on (its progress stays in the Progress view) and writes its render
        super.dispose();
    }

    // ---- for tests ----

    public ClipRef clip() {
        return ref;
    }

    public boolean isLoaded() {
        return loaded;
    }

    public Job loadJob() {
        return loadJob;
    }

    /** The preprocessing or edit running now, or {@code null}. */
    public SwapEditJob running() {
        return running;
    }

    public Combo methodChoice() {
        return methodChoice;
    }

    public Text promptField() {
        return prompt;
    }

    public Text subjectField() {
        return subject;
    }

    public Text targetField() {
        return target;
    }

    public PointsPanel points() {
        return points;
    }

    public SettingsForm settings() {
        return settings;
    }

    public ComparePlayer player() {
        return player;
    }

    public HistoryPanel history() {
        return history;
    }

    public Button runButton() {
        return runButton;
    }

    public Button cancelButton() {
        return cancelButton;
    }

    public Button preprocessButton() {
        return preprocessButton;
    }
}
