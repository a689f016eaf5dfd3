package io.vswap.concepts.ui.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.vswap.concepts.api.ConceptLibrary;

/** The New Concept wizard's second page: name, token, class word, description, tags and the library. */
final class ConceptNamingPage extends WizardPage {

    private final NewConceptWizard wizard;
    private final List<ConceptLibrary> libraries;
    private Text name;
    private Text token;
    private Text classWord;
    private Text description;
    private Text tags;
    private Combo library;
    private boolean tokenTyped;

    ConceptNamingPage(NewConceptWizard wizard, List<ConceptLibrary> writable) {
        super("naming");
        this.wizard = wizard;
        this.libraries = writable;
        setTitle("Name the concept");
        setDescription("A prompt names the concept by its token, e.g. \"a photo of a <hexagon1>\"; the class word "
                + "says what kind of thing it is.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(8, 8).spacing(8, 6).applyTo(top);
        name = field(top, "Name:", "what people call it, e.g. Two-tone hexagon");
        token = field(top, "Token:", "<name1>: a word the model does not know, in angle brackets");
        classWord = field(top, "Class word:", "the kind of thing it is, e.g. hexagon, dog, car");
        description = field(top, "Description:", "optional");
        tags = field(top, "Tags:", "optional, separated by commas");
        new Label(top, SWT.NONE).setText("Library:");
        library = new Combo(top, SWT.READ_ONLY);
        library.setItems(libraries.stream().map(l -> l.name() + " — " + l.folder()).toArray(String[]::new));
        library.select(0);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(library);
        name.addListener(SWT.Modify, e -> {
            if (!tokenTyped) {
                String stem = name.getText().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                token.setText(stem.isEmpty() ? "" : "<" + stem.substring(0, Math.min(20, stem.length())) + "1>");
                tokenTyped = false;
            }
            wizard.changed();
        });
        token.addListener(SWT.Modify, e -> {
            tokenTyped = token.isFocusControl();
            wizard.changed();
        });
        classWord.addListener(SWT.Modify, e -> wizard.changed());
        setControl(top);
    }

    private static Text field(Composite parent, String label, String hint) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        t.setMessage(hint);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(t);
        return t;
    }

    boolean filled() {
        return name != null && !name.getText().isBlank() && !token.getText().isBlank()
                && !classWord.getText().isBlank();
    }

    String name() {
        return name.getText().strip();
    }

    String token() {
        return token.getText().strip();
    }

    String classWord() {
        return classWord.getText().strip();
    }

    String description() {
        return description.getText().strip();
    }

    List<String> tags() {
        return Arrays.stream(tags.getText().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    ConceptLibrary library() {
        return libraries.get(Math.max(0, library.getSelectionIndex()));
    }

    /** Shows the trainer's word on the whole request (null: it may be trained). */
    void showProblem(String problem, boolean checking) {
        if (!filled()) {
            setErrorMessage(null);
            setMessage("Give the concept a name, a token and a class word.");
        } else if (problem != null) {
            setErrorMessage(NewConceptWizard.sentence(problem));
        } else {
            setErrorMessage(null);
            setMessage(checking ? "Checking the token…" : "The token is free.");
        }
        setPageComplete(filled() && problem == null && !checking);
    }

    /** Fills the fields as typing does (for tests). */
    void fill(String n, String t, String c) {
        name.setText(n);
        token.setText(t);
        tokenTyped = true;
        classWord.setText(c);
    }
}
