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
 * The Swap editor's form, left of the player, in the order an editor decides: the method, the
 * source prompt, subject word and target; the quality preset and the seed; the edit's points
 * (only for a method that reads points); then, folded under "Advanced", the model folder and every
 * other setting of the method grouped by stage, with the model's recommended defaults. The
 * Preprocess, Run Edit and Cancel buttons stay below the scrolled part, always in sight.
 */
final class EditForm {

    static final String ADVANCED = "Advanced settings";
    static final String SETTINGS_HINT = "Bold: changed from the default. (model): the model's default.";
    static final String NO_POINTS = "This method uses no semantic points.";

    private final Composite outer;
    private final ScrolledComposite scroll;
    private final Composite form;
    private final List<EditMethod> methods;
    private final ModelDefaults defaults;
    private final Combo methodChoice;
    private final Text prompt, subject, target, model;
    private Button conceptButton;
    private final Group pointsGroup;
    private final Label noPointsLine;
    private final PointsPanel points;
    private final Button advancedToggle;
    private final Composite advancedBody;
    private final Label settingsHint;
    private final SettingsForm settings;
    private final PresetChoice preset;
    private final Button preprocessButton, runButton, cancelButton;
    private final LivePanel live;
    /** The settings whose defaults the chosen model recommends (labelled so in the form). */
    private Set<String> recommendedNames = Set.of();
    /** The model folder text the form's defaults were read for. */
    private String settingsModel;
    private Consumer<EditMethod> methodChanged = m -> {
    };

    /**
     * The buttons' actions.
     *
     * @param chooseConcept opens the concept chooser for the target; null where no concept library is installed
     */
    record Actions(Runnable preprocess, Runnable runEdit, Runnable cancel, Runnable chooseConcept) {
    }

    EditForm(Composite parent, List<EditMethod> methods, ModelDefaults defaults, Actions actions) {
        this.methods = methods;
        this.defaults = defaults;
        outer = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 4).applyTo(outer);
        scroll = new ScrolledComposite(outer, SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(scroll);
        form = new Composite(scroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 4).applyTo(form);

        Group edit = group(form, "Swap", 2);
        new Label(edit, SWT.NONE).setText("Method:");
        methodChoice = new Combo(edit, SWT.READ_ONLY);
        GridDataFactory.fillDefaults().grab(true, false).hint(120, SWT.DEFAULT).applyTo(methodChoice);
        methodChoice.addListener(SWT.Selection, e -> methodChanged());
        methodChoice.addListener(SWT.Selection, e -> methodChoice.setToolTipText(methodChoice.getText()));
        prompt = field(edit, "Source prompt:", "Describes the clip and names its subject, e.g. \"a red disc on a "
                + "grey striped background\"");
        prompt.setMessage("what the clip shows, naming its subject");
        subject = field(edit, "Subject word:", "The subject's word in the prompt, e.g. \"disc\"");
        subject.setMessage("the subject's word in it");
        String targetTip = "The word (or concept token) the subject becomes, e.g. \"square\"";
        if (actions.chooseConcept() == null) {
            target = field(edit, "Target:", targetTip);
        } else {
            // the target's row: the field, then the chooser of the concept libraries' concepts
            Label l = new Label(edit, SWT.NONE);
            l.setText("Target:");
            l.setToolTipText(targetTip);
            Composite row = new Composite(edit, SWT.NONE);
            GridLayoutFactory.fillDefaults().numColumns(2).spacing(4, 0).applyTo(row);
            GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
            target = field(row, null, targetTip);
            conceptButton = new Button(row, SWT.PUSH);
            conceptButton.setText("Concept\u2026");
            conceptButton.setToolTipText("Swap the subject for a concept of your concept libraries (learnt from a few "
                    + "images): its token goes into Target");
            conceptButton.addListener(SWT.Selection, e -> actions.chooseConcept().run());
        }
        target.setMessage("what the subject becomes");

        Group quality = group(form, "Quality", 2);
        // the settings' main part (the seed) sits under the preset; the others go under Advanced
        advancedBody = new Composite(form, SWT.NONE);
        settings = new SettingsForm(quality, advancedBody);
        preset = new PresetChoice(quality, settings);
        settings.mainControl().moveBelow(null);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(settings.mainControl());

        pointsGroup = group(form, "Points of this edit", 1);
        points = new PointsPanel(pointsGroup);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(points.control());
        noPointsLine = new Label(form, SWT.WRAP);
        noPointsLine.setText(NO_POINTS);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).indent(4, 4).applyTo(noPointsLine);

        advancedToggle = new Button(form, SWT.CHECK);
        advancedToggle.setText(ADVANCED);
        advancedToggle.setToolTipText("The model and every setting of the method, grouped by stage");
        advancedToggle.addListener(SWT.Selection, e -> showAdvanced(advancedToggle.getSelection()));
        advancedBody.moveBelow(advancedToggle);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(advancedBody);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(advancedBody);
        model = field(advancedBody, "Model folder:", "A diffusers-layout model folder; empty: the installed \"sample\" model");
        model.setMessage("(the sample model)");
        // another model may recommend other settings: the form's defaults follow it, changed values stay
        model.addListener(SWT.FocusOut, e -> modelChanged());
        model.addListener(SWT.DefaultSelection, e -> modelChanged());
        settingsHint = new Label(advancedBody, SWT.WRAP);
        settingsHint.setText(SETTINGS_HINT);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(100, SWT.DEFAULT).applyTo(settingsHint);
        settings.advancedControl().moveBelow(settingsHint);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(settings.advancedControl());
        Button restore = new Button(advancedBody, SWT.PUSH);
        restore.setText("Restore Defaults");
        restore.setToolTipText("Every setting back to its default (the model's where it recommends one)");
        restore.addListener(SWT.Selection, e -> settings.resetDefaults());
        GridDataFactory.swtDefaults().span(2, 1).applyTo(restore);
        show(advancedBody, false);

        Composite buttons = new Composite(outer, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).equalWidth(true).margins(6, 4).applyTo(buttons);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
        preprocessButton = button(buttons, "Preprocess", "Run the source side (point embeddings, registration, "
                + "inversion) into the project's cache, so every edit of this clip starts from it", actions.preprocess());
        runButton = button(buttons, "Run Edit", "Swap the subject with these settings: a new edit in the history",
                actions.runEdit());
        cancelButton = button(buttons, "Cancel", "Cancel the running job (no render is written)", actions.cancel());
        cancelButton.setEnabled(false);
        live = new LivePanel(outer);

        scroll.setContent(form);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        // as wide as the editor gives (wrapping lines follow it), as tall as the content: it scrolls down
        scroll.addListener(SWT.Resize, e -> fitHeight());
        // a part that grows or shrinks (a longer preset line, the clip's points listed) moves the form's end
        for (Control part : form.getChildren()) {
            part.addListener(SWT.Resize, e -> fitHeight());
        }
        selectDefaultMethod();
        fitHeight();
    }

    private void fitHeight() {
        int width = Math.max(scroll.getClientArea().width, 1);
        scroll.setMinSize(form.computeSize(width, SWT.DEFAULT));
    }

    /**
     * The scrolled part's height follows what the form holds now (the clip's points listed, a
     * method's settings): without it the scroll range kept the empty form's height and cut off
     * what came below the points.
     */
    void refit() {
        form.layout(true, true);
        fitHeight();
    }

    /** Whether the scrolled part reaches the form's end (for tests). */
    boolean scrollsToItsEnd() {
        int width = Math.max(scroll.getClientArea().width, 1);
        return scroll.getMinHeight() >= form.computeSize(width, SWT.DEFAULT).y;
    }

    /** Folds the advanced settings out or in. */
    void showAdvanced(boolean shown) {
        advancedToggle.setSelection(shown);
        show(advancedBody, shown);
        form.layout(true, true);
        fitHeight();
        if (shown) {
            // what was just folded out, in sight: the toggle at the top of the scrolled part
            scroll.setOrigin(0, advancedToggle.getBounds().y);
        }
    }

    private static Group group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        GridLayoutFactory.swtDefaults().numColumns(columns).applyTo(g);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
        return g;
    }

    /** A text field with its label before it; {@code label} null: the field alone. */
    private static Text field(Composite parent, String label, String tooltip) {
        if (label != null) {
            Label l = new Label(parent, SWT.NONE);
            l.setText(label);
            l.setToolTipText(tooltip);
        }
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
            preset.setPresets(methods.get(videoswap).presets());
        }
        methodChoice.setEnabled(methods.size() > 1);
        // the whole name (the combo may cut it), and why it cannot be changed when it is the only one
        methodChoice.setToolTipText(methodChoice.getText() + (methods.size() > 1 ? ""
                : ": the only edit method installed (studios add theirs as plug-ins)"));
        showPointsFor(method());
    }

    /** Called with the newly chosen method once the form shows its settings. */
    void onMethodChanged(Consumer<EditMethod> c) {
        methodChanged = c;
    }

    private void methodChanged() {
        EditMethod m = method();
        if (m != null) {
            preset.setPresets(List.of()); // the last method's presets do not read this one's settings
            settings.setSettings(settingsFor(m));
            settings.markFromModel(recommendedNames);
            preset.setPresets(m.presets());
            showPointsFor(m);
            if (conceptButton != null) {
                // a method that swaps for words only is not offered concepts
                conceptButton.setEnabled(m.inputs().contains(EditInput.CONCEPTS));
            }
            form.layout(true, true);
            fitHeight();
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
        ModelDefaults.Defaults d = defaults.of(m, settingsModel);
        recommendedNames = d.fromModel();
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
        if (preset.selected().equals(PresetChoice.CUSTOM)) {
            showAdvanced(true); // the record's own settings: show where they differ
        }
        points.set(r.removed(), r.drags(), r.keyframe());
        refit();
    }

    /** The latest edit's prompt and subject, when the form has no prompt yet. */
    void fillPromptIfEmpty(RenderRecord latest) {
        fillPromptIfEmpty(latest.sourcePrompt(), latest.subject());
    }

    /** A proposed description and subject word, when the form has no prompt yet. */
    void fillPromptIfEmpty(String description, String subjectWord) {
        if (prompt.getText().isBlank()) {
            prompt.setText(nonNull(description));
            subject.setText(nonNull(subjectWord));
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
        return outer;
    }

    LivePanel live() {
        return live;
    }

    PresetChoice preset() {
        return preset;
    }

    Button advancedToggle() {
        return advancedToggle;
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

    /** The concept chooser's button; null where no concept library is installed. */
    Button conceptButton() {
        return conceptButton;
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
