package io.vswap.concepts.ui.internal;

import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;

import io.vswap.batch.api.TimeLeft;
import io.vswap.concepts.api.PreviewSettings;

/**
 * The New Concept wizard's last page: quick or standard training (Mix-of-Show's step count, or a fifth
 * of it), the steps and the time they take as far as earlier trainings on this model tell, previews.
 */
final class ConceptPresetPage extends WizardPage {

    /** The quick preset's share of Mix-of-Show's steps (as the batch job's "quick"). */
    static final double QUICK_SHARE = 0.2;

    private final NewConceptWizard wizard;
    private Button quick;
    private Button standard;
    private Spinner steps;
    private Label estimate;
    private Button previews;
    private boolean stepsTyped;

    ConceptPresetPage(NewConceptWizard wizard) {
        super("preset");
        this.wizard = wizard;
        setTitle("How long to train");
        setDescription("Standard follows Mix-of-Show (500 looks at each picture); quick takes a fifth of the "
                + "steps for a rougher concept.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(8, 8).spacing(8, 6).applyTo(top);
        quick = new Button(top, SWT.RADIO);
        quick.setText("Quick");
        GridDataFactory.fillDefaults().span(2, 1).applyTo(quick);
        standard = new Button(top, SWT.RADIO);
        standard.setText("Standard");
        standard.setSelection(true);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(standard);
        new Label(top, SWT.NONE).setText("Steps:");
        steps = new Spinner(top, SWT.BORDER);
        steps.setValues(1, 1, 100_000, 0, 1, 100);
        new Label(top, SWT.NONE).setText("Time:");
        estimate = new Label(top, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(420, SWT.DEFAULT).applyTo(estimate);
        previews = new Button(top, SWT.CHECK);
        previews.setText("Show preview pictures while training (about " + PreviewSettings.PREVIEWS_PER_TRAINING
                + ", each a few seconds)");
        previews.setSelection(true);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(previews);
        quick.addListener(SWT.Selection, e -> presetChosen());
        standard.addListener(SWT.Selection, e -> presetChosen());
        steps.addListener(SWT.Modify, e -> {
            stepsTyped = steps.isFocusControl();
            showEstimate();
        });
        setControl(top);
    }

    private void presetChosen() {
        stepsTyped = false;
        wizard.changed();
    }

    boolean quick() {
        return quick.getSelection();
    }

    int steps() {
        return steps.getSelection();
    }

    boolean previews() {
        return previews.getSelection();
    }

    /** Takes the preset's step count from the check (unless the user typed one) and says the time. */
    void showChecked(String problem, boolean checking) {
        Integer preset = wizard.presetSteps(quick());
        if (preset != null && !stepsTyped) {
            steps.setSelection(preset);
        }
        Integer q = wizard.presetSteps(true);
        Integer st = wizard.presetSteps(false);
        quick.setText("Quick" + (q == null ? "" : ": " + q + " steps, a fifth of Mix-of-Show's"));
        standard.setText("Standard" + (st == null ? "" : ": " + st + " steps, Mix-of-Show's (500 looks at each picture)"));
        quick.requestLayout();
        showEstimate();
        if (problem != null) {
            setErrorMessage(NewConceptWizard.sentence(problem));
        } else {
            setErrorMessage(null);
            setMessage(checking ? "Checking…" : "Finish starts the training as a job; the Concept Training view "
                    + "shows it.");
        }
        setPageComplete(problem == null && !checking);
    }

    private void showEstimate() {
        Double perStep = wizard.secondsPerStep();
        estimate.setText(perStep == null ? "not known yet: the Progress view says it after the first steps"
                : String.format(Locale.ROOT, "about %s (%.1f s a step in earlier trainings on this model)",
                        TimeLeft.duration(Math.round(perStep * steps())), perStep));
        estimate.requestLayout();
    }

    /** Sets the steps as typing does (for tests). */
    void setSteps(int n) {
        steps.setSelection(n);
        stepsTyped = true;
    }
}
