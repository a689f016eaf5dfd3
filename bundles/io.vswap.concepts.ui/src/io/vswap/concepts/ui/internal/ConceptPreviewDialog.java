package io.vswap.concepts.ui.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.vswap.concepts.api.ConceptPreviewer;
import io.vswap.concepts.api.PreviewSettings;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;
import io.vswap.ui.api.StudioJob;

/**
 * Preview (Concept Library view): a few pictures drawn with the selected concept on the model in use, from
 * a prompt that names its token; Draw draws again (a job, with progress and cancel) from another prompt or
 * seed. Not modal: the library stays usable while it draws.
 */
final class ConceptPreviewDialog extends Dialog {

    /** The side pictures are shown at (the sample model draws 64 px: scaled up to be seen). */
    static final int SIDE = 192;

    private final ConceptPreviewer previewer;
    private final StoredConcept concept;
    private final Path model;
    private Text prompt;
    private Spinner seed;
    private Spinner steps;
    private Button draw;
    private MessageArea messages;
    private Composite strip;
    private final List<Image> images = new ArrayList<>();
    private volatile Job job;

    ConceptPreviewDialog(Shell parent, ConceptPreviewer previewer, StoredConcept concept, Path model) {
        super(parent);
        this.previewer = previewer;
        this.concept = concept;
        this.model = model;
        setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MODELESS);
        setBlockOnOpen(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Preview of " + concept.label());
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite top = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.fillDefaults().numColumns(7).margins(8, 8).spacing(6, 6).applyTo(top);
        new Label(top, SWT.NONE).setText("Prompt:");
        prompt = new Text(top, SWT.BORDER);
        prompt.setText(ConceptPreviewer.defaultPrompt(concept.require()));
        GridDataFactory.fillDefaults().grab(true, false).hint(320, SWT.DEFAULT).applyTo(prompt);
        new Label(top, SWT.NONE).setText("Seed:");
        seed = new Spinner(top, SWT.BORDER);
        seed.setValues(0, 0, Integer.MAX_VALUE, 0, 1, 10);
        new Label(top, SWT.NONE).setText("Steps:");
        steps = new Spinner(top, SWT.BORDER);
        steps.setValues(PreviewSettings.DEFAULT.steps(), 1, 200, 0, 1, 10);
        steps.setToolTipText("DDIM steps a picture: more draws cleaner, fewer quicker");
        draw = new Button(top, SWT.PUSH);
        draw.setText("Draw");
        draw.addListener(SWT.Selection, e -> draw());
        messages = new MessageArea(top);
        ((org.eclipse.swt.layout.GridData) messages.control().getParent().getLayoutData()).horizontalSpan = 7;
        strip = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(PreviewSettings.DEFAULT.images()).spacing(6, 6).applyTo(strip);
        GridDataFactory.fillDefaults().grab(true, true).span(7, 1).hint(4 * (SIDE + 6), SIDE).applyTo(strip);
        top.addListener(SWT.Dispose, e -> {
            images.forEach(Image::dispose);
            Job j = job;
            if (j != null) {
                j.cancel();
            }
        });
        return top;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int id) {
        close();
    }

    /** Draws with the prompt and seed shown (a job); returns it. */
    Job draw() {
        String text = prompt.getText().strip();
        PreviewSettings settings = PreviewSettings.DEFAULT.withSeed(seed.getSelection()).withSteps(steps.getSelection());
        List<BufferedImage> drawn = new ArrayList<>();
        Job j = new StudioJob("Drawing previews of " + concept.label()) {
            @Override
            protected void work(IProgressMonitor monitor) throws Exception {
                drawn.addAll(previewer.draw(model, concept, text, settings, monitor));
            }
        };
        j.setUser(true);
        job = j;
        draw.setEnabled(false);
        messages.show(IStatus.INFO, "Drawing " + settings.images() + " pictures of \"" + text + "\" ("
                + settings.steps() + " steps each)…");
        j.addJobChangeListener(new DoneOnUiThread(strip, e -> {
            draw.setEnabled(true);
            IStatus r = e.getResult();
            if (r.isOK()) {
                show(drawn);
                messages.show(IStatus.INFO, "\"" + text + "\", seeds " + settings.seed() + " to " + (settings.seed()
                        + settings.images() - 1) + ".");
            } else if (r.getSeverity() == IStatus.CANCEL) {
                messages.show(IStatus.WARNING, "Drawing was cancelled.");
            } else {
                messages.show(IStatus.ERROR, "Could not draw: " + r.getMessage(), r.getException());
            }
        }));
        j.schedule();
        return j;
    }

    private void show(List<BufferedImage> drawn) {
        for (Control c : strip.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        for (BufferedImage b : drawn) {
            Image img = new Image(strip.getDisplay(), AwtImages.toImageData(b, SIDE));
            images.add(img);
            new Label(strip, SWT.NONE).setImage(img);
        }
        strip.requestLayout();
    }

    /** Sets the steps as typing does (for tests). */
    void setSteps(int n) {
        steps.setSelection(n);
    }

    /** The pictures shown (for tests). */
    int shown() {
        return images.size();
    }

    String message() {
        return messages.text();
    }
}
