package io.vswap.swap.ui.internal.editor;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditSetting;

/**
 * The Swap editor's form, left of the player: the method, the prompt, subject word, target and
 * model folder; the edit's points (only for a method that reads points); every setting of the
 * method with the model's recommended defaults; the Preprocess, Run Edit and Cancel buttons.
 */
final class EditForm {

    static final String SETTINGS_TITLE = "Settings (bold: changed from the default)";
    static final String SETTINGS_TITLE_WITH_MODEL = "Settings (bold: changed; (model): the model's)";
    static final String NO_POINTS = "This method uses no semantic points.";

    private final ScrolledComposite scroll;
    private final Composite form;
    private final List<EditMethod> methods;
    private final ModelDefaults defaults;
    private final Combo methodChoice;
    private final Text prompt, subject, target, model;
    private final Group pointsGroup;
    private final Label noPointsLine;
    private final PointsPanel points;
    private final Group settingsGroup;
    private final SettingsForm settings;
    private final Button preprocessButton, runButton, cancelButton;
    /** The settings whose defaults the chosen model recommends (labelled so in the form). */
    private Set<String> recommendedNames = Set.of();
    /** The model folder text the form's defaults were read for. */
    private String settingsModel;
    private Consumer<EditMethod> methodChanged = m -> {
    };

    /** The buttons' actions. */
    record Actions(Runnable preprocess, Runnable runEdit, Runnable cancel) {
    }

    EditForm(Composite parent, List<EditMethod> methods, ModelDefaults defaults, Actions actions) {
        this.methods = methods;
        this.defaults = defaults;
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        form = new Composite(scroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 4).applyTo(form);

        Group edit = group(form, "Edit", 2);
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

        pointsGroup = group(form, "Points of this edit", 1);
        points = new PointsPanel(pointsGroup);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(points.control());
        noPointsLine = new Label(form, SWT.WRAP);
        noPointsLine.setText(NO_POINTS);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 4).applyTo(noPointsLine);

        settingsGroup = group(form, SETTINGS_TITLE, 1);
        settings = new SettingsForm(settingsGroup);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(settings.control());
        Button restore = new Button(settingsGroup, SWT.PUSH);
        restore.setText("Restore Defaults");
        restore.addListener(SWT.Selection, e -> settings.resetDefaults());

        Composite buttons = new Composite(form, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).equalWidth(true).applyTo(buttons);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
        preprocessButton = button(buttons, "Preprocess", "Run the source side (point embeddings, registration, "
                + "inversion) into the project's cache, so every edit of this clip starts from it", actions.preprocess());
        runButton = button(buttons, "Run Edit", "Swap the subject with these settings: a new edit in the history",
                actions.runEdit());
        cancelButton = button(buttons, "Cancel", "Cancel the running job (no render is written)", actions.cancel());
        cancelButton.setEnabled(false);

        scroll.setContent(form);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        // at least the form's own width: narrower, it scrolls rather than squeezing the fields
        scroll.addListener(SWT.Resize, e -> scroll.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT)));
        selectDefaultMethod();
        scroll.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT));
    }

    private static Group group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        GridLayoutFactory.swtDefaults().numColumns(columns).applyTo(g);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
        return g;
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

    /** VideoSwap where installed, otherwise the first method. */
    private void selectDefaultMethod() {
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
        showPointsFor(method());
    }

    /** Called with the newly chosen method once the form shows its settings. */
    void onMethodChanged(Consumer<EditMethod> c) {
        methodChanged = c;
    }

    private void methodChanged() {
        EditMethod m = method();
        if (m != null) {
            settings.setSettings(settingsFor(m));
            settings.markFromModel(recommendedNames);
            showPointsFor(m);
            form.layout(true, true);
            scroll.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT));
            methodChanged.accept(m);
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

    /** {@code m}'s settings with the model folder's recommended defaults; the title says whether there are any. */
    private List<EditSetting> settingsFor(EditMethod m) {
        settingsModel = model.getText().strip();
        settingsGroup.setText(SETTINGS_TITLE);
        ModelDefaults.Defaults d = defaults.of(m, settingsModel);
        recommendedNames = d.fromModel();
        // the title says which defaults are the model's; the names go on the labels (in the title they were cut off)
        if (!recommendedNames.isEmpty()) {
            settingsGroup.setText(SETTINGS_TITLE_WITH_MODEL);
        }
        return d.settings();
    }

    /** True unless {@code m} is a method that reads no points (no method chosen: the panel stays). */
    static boolean readsPoints(EditMethod m) {
        return m == null || m.inputs().contains(EditInput.POINTS);
    }

    /** The points group for a method that reads points; for one that does not, a line saying so instead. */
    private void showPointsFor(EditMethod m) {
        boolean reads = readsPoints(m);
        show(pointsGroup, reads);
        show(noPointsLine, !reads);
    }

    private static void show(Control c, boolean shown) {
        c.setVisible(shown);
        ((GridData) c.getLayoutData()).exclude = !shown;
    }

    /** "Use These Settings": the record's method, prompt, subject, target, settings and points into the form. */
    void fill(RenderRecord r) {
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
    }

    /** The latest edit's prompt and subject, when the form has no prompt yet. */
    void fillPromptIfEmpty(RenderRecord latest) {
        if (prompt.getText().isBlank()) {
            prompt.setText(nonNull(latest.sourcePrompt()));
            subject.setText(nonNull(latest.subject()));
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** The chosen method, or {@code null} when none is installed. */
    EditMethod method() {
        int i = methodChoice.getSelectionIndex();
        return i < 0 || i >= methods.size() ? null : methods.get(i);
    }

    boolean hasMethods() {
        return !methods.isEmpty();
    }

    /** The model folder as typed, stripped; empty for the installed "sample" model. */
    String modelFolder() {
        return model.getText().strip();
    }

    Control control() {
        return scroll;
    }

    Combo methodChoice() {
        return methodChoice;
    }

    Text prompt() {
        return prompt;
    }

    Text subject() {
        return subject;
    }

    Text target() {
        return target;
    }

    PointsPanel points() {
        return points;
    }

    Label noPointsLine() {
        return noPointsLine;
    }

    SettingsForm settings() {
        return settings;
    }

    Button preprocessButton() {
        return preprocessButton;
    }

    Button runButton() {
        return runButton;
    }

    Button cancelButton() {
        return cancelButton;
    }
}
