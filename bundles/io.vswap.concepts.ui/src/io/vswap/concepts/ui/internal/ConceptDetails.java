package io.vswap.concepts.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.ui.internal.LoadLibraryJob.Entry;

/**
 * The selected concept in full: name, token, class word, library, the base model it was trained on
 * and whether it works with the one in use, description and tags, the training's settings and
 * figures, and its reference images.
 */
final class ConceptDetails {

    private static final int REFERENCE = 72;

    private final ScrolledComposite scroll;
    private final Composite body;
    private final Label title;
    private final Label facts;
    private final Label status;
    private final Label training;
    private final Composite references;
    private final List<Image> images = new ArrayList<>();
    private Object loading;
    private int referencesShown;

    ConceptDetails(Composite parent) {
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        body = new Composite(scroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(8, 8).spacing(4, 6).applyTo(body);
        scroll.setContent(body);
        title = new Label(body, SWT.WRAP);
        title.setFont(JFaceResources.getBannerFont());
        facts = wrapping();
        status = wrapping();
        training = wrapping();
        new Label(body, SWT.NONE).setText("Reference images:");
        references = new Composite(body, SWT.NONE);
        org.eclipse.swt.layout.RowLayout row = new org.eclipse.swt.layout.RowLayout();
        row.wrap = true;
        row.spacing = 4;
        references.setLayout(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(references);
        scroll.addListener(SWT.Resize, e -> relayout());
        body.addListener(SWT.Dispose, e -> disposeImages());
        show(null, Optional.empty());
    }

    private Label wrapping() {
        Label l = new Label(body, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(l);
        return l;
    }

    Control control() {
        return scroll;
    }

    /** Shows {@code entry} (null: nothing selected); {@code model} is the base model in use, when known. */
    void show(Entry entry, Optional<BaseModelId> model) {
        disposeImages();
        loading = null;
        referencesShown = 0;
        for (Control c : references.getChildren()) {
            c.dispose();
        }
        if (entry == null) {
            title.setText("No concept selected");
            facts.setText("");
            status.setText("");
            training.setText("");
            relayout();
            return;
        }
        StoredConcept s = entry.stored();
        title.setText(s.label());
        if (s.concept().isEmpty()) {
            facts.setText("Folder: " + s.folder());
            status.setText("Cannot be used: " + s.problem().orElse(""));
            training.setText("");
            relayout();
            return;
        }
        Concept c = s.concept().get();
        facts.setText("Token: " + c.token() + "    Class word: " + c.classWord() + "\nLibrary: " + s.library().name()
                + (s.library().readOnly() ? " (read-only)" : "") + " — " + s.folder() + "\nTrained on: "
                + c.baseModel().shown() + (c.created().isEmpty() ? "" : ", " + c.created())
                + (c.description().isEmpty() ? "" : "\n" + c.description())
                + (c.tags().isEmpty() ? "" : "\nTags: " + String.join(", ", c.tags()))
                + (c.fusedTokens().isEmpty() ? "" : "\nFused set of " + String.join(", ", c.fusedTokens())));
        status.setText(entry.unusable().map(w -> "Cannot be used: " + w)
                .orElse(model.isPresent() ? "Works with the model in use (" + model.get().shown() + ")." : ""));
        training.setText(trainingText(c.training()));
        loadReferences(s, c.images());
        relayout();
    }

    /** The reference images, read and scaled off the UI thread (photos may be large), shown when read. */
    private void loadReferences(StoredConcept s, List<String> names) {
        Object token = new Object();
        loading = token;
        Label wait = new Label(references, SWT.NONE);
        wait.setText("Reading " + names.size() + " images…");
        org.eclipse.core.runtime.jobs.Job job = org.eclipse.core.runtime.jobs.Job.create("Reading reference images",
                monitor -> {
                    List<ImageData> read = new ArrayList<>();
                    for (String name : names) {
                        read.add(LoadLibraryJob.scaled(s.file(name), REFERENCE));
                    }
                    if (!body.isDisposed()) {
                        body.getDisplay().asyncExec(() -> showReferences(token, names, read));
                    }
                });
        job.setSystem(true);
        job.schedule();
    }

    private void showReferences(Object token, List<String> names, List<ImageData> read) {
        if (body.isDisposed() || loading != token) {
            return; // another concept was selected meanwhile
        }
        for (Control c : references.getChildren()) {
            c.dispose();
        }
        for (int i = 0; i < names.size(); i++) {
            Label l = new Label(references, SWT.BORDER);
            l.setToolTipText(names.get(i));
            if (read.get(i) != null) {
                Image image = new Image(body.getDisplay(), read.get(i));
                images.add(image);
                l.setImage(image);
            } else {
                l.setText(names.get(i) + " (unreadable)");
            }
        }
        referencesShown = names.size();
        relayout();
    }

    private static String trainingText(Concept.Training t) {
        if (t.settings().isEmpty() && t.figures().isEmpty()) {
            return "Training: not recorded.";
        }
        StringBuilder b = new StringBuilder("Training:");
        for (Map.Entry<String, String> e : new TreeMap<>(t.settings()).entrySet()) {
            b.append("\n  ").append(e.getKey()).append(" = ").append(e.getValue());
        }
        for (Map.Entry<String, Double> e : new TreeMap<>(t.figures()).entrySet()) {
            b.append("\n  ").append(e.getKey()).append(": ").append(String.format(Locale.ROOT, "%.4g", e.getValue()));
        }
        return b.toString();
    }

    String text() {
        return title.getText() + "\n" + facts.getText() + "\n" + status.getText() + "\n" + training.getText();
    }

    /** How many reference images are shown (0 until they are read). */
    int referenceCount() {
        return referencesShown;
    }

    private void relayout() {
        int width = Math.max(220, scroll.getClientArea().width);
        scroll.setMinSize(body.computeSize(width, SWT.DEFAULT));
        body.layout(true, true);
    }

    private void disposeImages() {
        images.forEach(Image::dispose);
        images.clear();
    }
}
