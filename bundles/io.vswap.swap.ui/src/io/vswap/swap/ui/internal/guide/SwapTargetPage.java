package io.vswap.swap.ui.internal.guide;

import java.util.List;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.SubjectWords;

/**
 * The New Swap wizard's last step: what the clip shows and what its subject becomes, the quality
 * preset and the seed. The description is proposed from the clip when it can say (a sample's
 * caption); Finish opens the Swap editor with these and runs the edit there.
 */
public final class SwapTargetPage extends WizardPage {

    private final GuideState state;
    private final EditMethod method;
    private Text prompt, subject, target;
    private Combo preset;
    private Spinner seed;
    private Label presetLine;
    private boolean proposed;
    /** The description was proposed from the clip's caption (said until the page is complete). */
    private boolean fromCaption;

    SwapTargetPage(GuideState state, EditMethod method) {
        super("swap", "Swap", null);
        this.state = state;
        this.method = method;
        setDescription("Say what the clip shows and what its subject becomes.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        prompt = field(page, "Source prompt:", "Describes the clip and names its subject, e.g. \"a red star on a grey "
                + "striped background\"");
        subject = field(page, "Subject word:", "The subject's word in the prompt, e.g. \"star\"");
        target = field(page, "Target:", "What the subject becomes, e.g. \"disc\"");
        new Label(page, SWT.NONE).setText("Preset:");
        preset = new Combo(page, SWT.READ_ONLY);
        List<EditPreset> presets = method == null ? List.of() : method.presets();
        presets.forEach(p -> preset.add(p.name()));
        int standard = Math.max(0, preset.indexOf("Standard"));
        if (preset.getItemCount() > 0) {
            preset.select(standard);
        }
        preset.setEnabled(preset.getItemCount() > 0);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(preset);
        presetLine = new Label(page, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(300, SWT.DEFAULT).applyTo(presetLine);
        preset.addListener(SWT.Selection, e -> describePreset(presets));
        describePreset(presets);
        new Label(page, SWT.NONE).setText("Seed:");
        seed = new Spinner(page, SWT.BORDER);
        seed.setValues(0, 0, Integer.MAX_VALUE, 0, 1, 10);
        seed.setToolTipText("The same seed and settings give the same swap; another seed, another draw");
        for (Text t : new Text[] { prompt, subject, target }) {
            t.addListener(SWT.Modify, e -> check());
        }
        setControl(page);
    }

    private static Text field(Composite page, String label, String tooltip) {
        Label l = new Label(page, SWT.NONE);
        l.setText(label);
        l.setToolTipText(tooltip);
        Text t = new Text(page, SWT.BORDER);
        t.setToolTipText(tooltip);
        GridDataFactory.fillDefaults().grab(true, false).hint(240, SWT.DEFAULT).applyTo(t);
        return t;
    }

    private void describePreset(List<EditPreset> presets) {
        int i = preset.getSelectionIndex();
        presetLine.setText(i < 0 || i >= presets.size() ? "" : presets.get(i).description());
        presetLine.requestLayout();
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible && !proposed && prompt.getText().isBlank()) {
            proposed = true;
            state.proposedPromptAndSubject().ifPresent(ps -> {
                prompt.setText(ps[0]);
                subject.setText(ps[1]);
                fromCaption = true;
            });
        }
        if (visible) {
            (prompt.getText().isBlank() ? prompt : target).setFocus();
            check();
        }
    }

    private void check() {
        String p = prompt.getText().strip(), s = subject.getText().strip(), t = target.getText().strip();
        String problem = p.isEmpty() ? "Describe the clip, naming its subject."
                : s.isEmpty() ? "Give the subject's word in that description."
                        : !SubjectWords.contains(p, s) ? "\"" + s + "\" is not a word of the description."
                                : t.isEmpty() ? "Say what the subject becomes." : null;
        setErrorMessage(problem != null && !p.isEmpty() && !s.isEmpty() && problem.startsWith("\"") ? problem : null);
        setPageComplete(problem == null);
        if (problem != null && getErrorMessage() == null) {
            setMessage((fromCaption ? "The description comes from the sample's caption. " : "") + problem,
                    IMessageProvider.NONE);
        } else if (problem == null) {
            java.util.List<String> mostly = state.mostlyLost();
            if (!mostly.isEmpty()) {
                setMessage(String.join(", ", mostly) + (mostly.size() == 1 ? " was" : " were") + " lost in most "
                        + "frames: the new subject will follow the old one's motion poorly (Back places better points).",
                        IMessageProvider.WARNING);
            } else {
                setMessage("Finish opens the Swap editor and runs the swap there; its progress shows under the form.",
                        IMessageProvider.INFORMATION);
            }
        }
    }

    public String prompt() {
        return prompt.getText().strip();
    }

    public String subject() {
        return subject.getText().strip();
    }

    String target() {
        return target.getText().strip();
    }

    /** The chosen preset's name, or null when the method has none. */
    String preset() {
        return preset.getSelectionIndex() < 0 ? null : preset.getText();
    }

    int seed() {
        return seed.getSelection();
    }

    // for tests
    public Text targetField() {
        return target;
    }

    public Combo presetChoice() {
        return preset;
    }
}
