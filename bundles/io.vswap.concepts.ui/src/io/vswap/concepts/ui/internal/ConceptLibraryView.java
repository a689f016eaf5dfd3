package io.vswap.concepts.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ImportOptions;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrashedConcept;
import io.vswap.concepts.ui.internal.LoadLibraryJob.Entry;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;
import io.vswap.ui.api.StudioServices;

/**
 * The Concept Library view (Swap › Concept Library): the concepts of every library in use as a
 * gallery, a search box, the selected one in detail; import and export archives, rename, duplicate,
 * delete (to the library's trash, with Undo). A concept that cannot be used with the model in use is
 * greyed and says why. Reading the libraries, importing and exporting run as jobs.
 */
public final class ConceptLibraryView extends ViewPart {

    private Composite top;
    private Text search;
    private Button newButton;
    private Button previewButton;
    private Button importButton;
    private Button exportButton;
    private Button renameButton;
    private Button duplicateButton;
    private Button deleteButton;
    private Button undoButton;
    private MessageArea messages;
    private ConceptGallery gallery;
    private ConceptDetails details;
    private List<Entry> entries = List.of();
    private Optional<BaseModelId> model = Optional.empty();
    private TrashedConcept lastDeleted;
    private volatile LoadLibraryJob loading;
    private ConceptPreviewDialog previewDialog;
    private final java.util.function.Consumer<StoredConcept> trained = c -> {
        if (!top.isDisposed()) {
            top.getDisplay().asyncExec(() -> {
                if (!top.isDisposed()) {
                    messages.show(IStatus.INFO, "\"" + c.label() + "\" is trained and in " + c.library().name() + ".");
                    reload();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).spacing(4, 4).applyTo(top);
        Composite bar = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(11).spacing(4, 0).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Search:");
        search = new Text(bar, SWT.SEARCH | SWT.ICON_CANCEL | SWT.BORDER);
        search.setMessage("name, token, class word or tag");
        GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(search);
        search.addListener(SWT.Modify, e -> showFiltered(null));
        newButton = button(bar, "New Concept…", "Learn a concept from a few pictures of it (a training job)");
        newButton.addListener(SWT.Selection, e -> NewConceptWizard.open(top.getShell()));
        previewButton = button(bar, "Preview…", "Draw a few pictures with the selected concept");
        previewButton.addListener(SWT.Selection, e -> previewSelected());
        importButton = button(bar, "Import…", "Take in a concept archive (" + ConceptStore.ARCHIVE_SUFFIX + ")");
        importButton.addListener(SWT.Selection, e -> askImport());
        exportButton = button(bar, "Export…", "Write the selected concept as one archive");
        exportButton.addListener(SWT.Selection, e -> askExport());
        renameButton = button(bar, "Rename…", "Give the selected concept another name (its token stays)");
        renameButton.addListener(SWT.Selection, e -> askRename());
        duplicateButton = button(bar, "Duplicate…", "Copy the selected concept into your library under another token");
        duplicateButton.addListener(SWT.Selection, e -> askDuplicate());
        deleteButton = button(bar, "Delete", "Move the selected concept to its library's trash (Undo puts it back)");
        deleteButton.addListener(SWT.Selection, e -> deleteSelected());
        undoButton = button(bar, "Undo Delete", "Put the concept just deleted back");
        undoButton.addListener(SWT.Selection, e -> undoDelete());
        Button refresh = button(bar, "Refresh", "Read the libraries again");
        refresh.addListener(SWT.Selection, e -> reload());
        messages = new MessageArea(top);
        SashForm body = new SashForm(top, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        gallery = new ConceptGallery(body);
        details = new ConceptDetails(body);
        body.setWeights(60, 40);
        gallery.onSelect(e -> {
            details.show(e, model);
            updateButtons();
        });
        updateButtons();
        TrainConceptJob.onConceptAdded(trained);
        top.addListener(SWT.Dispose, e -> TrainConceptJob.removeConceptAdded(trained));
        reload();
    }

    private static Button button(Composite parent, String text, String tip) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        return b;
    }

    private ConceptStore store() {
        return StudioServices.require(getSite(), ConceptStore.class);
    }

    /** Reads the libraries again (a job); the selection stays on the same concept when it is still there. */
    public Job reload() {
        LoadLibraryJob j = new LoadLibraryJob(store());
        loading = j;
        Path keep = selected().map(StoredConcept::folder).orElse(null);
        j.addJobChangeListener(new DoneOnUiThread(top, event -> {
            if (loading != j) {
                return;
            }
            loading = null;
            if (event.getResult().isOK()) {
                entries = j.entries();
                model = j.model();
                showFiltered(keep);
                long unusable = entries.stream().filter(x -> x.unusable().isPresent()).count();
                if (unusable > 0 && messages.severity() < IStatus.WARNING) {
                    messages.show(IStatus.INFO, unusable + " of " + entries.size() + " concepts cannot be used with the "
                            + "model in use (greyed; select one to see why).");
                }
            } else if (event.getResult().getSeverity() != IStatus.CANCEL) {
                messages.show(IStatus.ERROR, "Cannot read the concept libraries: " + event.getResult().getMessage(),
                        event.getResult().getException());
            }
        }));
        j.schedule();
        return j;
    }

    public boolean isLoaded() {
        return loading == null;
    }

    private void showFiltered(Path keep) {
        String text = search.getText();
        List<Entry> shown = entries.stream().filter(e -> e.stored().concept().map(c -> c.matches(text))
                .orElse(text.isBlank())).toList();
        String emptyText = entries.isEmpty() ? "No concepts yet. Your library is " + store().userLibrary().folder()
                + "; import an archive (Import…), or train one." : "No concept matches \"" + text + "\".";
        gallery.show(shown, emptyText, keep != null ? keep : selected().map(StoredConcept::folder).orElse(null));
    }

    private Optional<StoredConcept> selected() {
        return Optional.ofNullable(gallery == null ? null : gallery.selection()).map(Entry::stored);
    }

    private void updateButtons() {
        Optional<StoredConcept> s = selected();
        boolean readable = s.map(c -> c.concept().isPresent()).orElse(false);
        boolean writable = s.map(c -> !c.library().readOnly()).orElse(false);
        exportButton.setEnabled(readable);
        previewButton.setEnabled(readable && gallery.selection() != null && gallery.selection().unusable().isEmpty());
        duplicateButton.setEnabled(readable);
        renameButton.setEnabled(readable && writable);
        deleteButton.setEnabled(s.isPresent() && writable);
        undoButton.setVisible(lastDeleted != null);
        ((org.eclipse.swt.layout.GridData) ensureGridData(undoButton)).exclude = lastDeleted == null;
        undoButton.requestLayout();
    }

    private static Object ensureGridData(Button b) {
        if (!(b.getLayoutData() instanceof org.eclipse.swt.layout.GridData)) {
            b.setLayoutData(new org.eclipse.swt.layout.GridData());
        }
        return b.getLayoutData();
    }

    // ---- the actions ----

    private void askRename() {
        selected().ifPresent(s -> {
            InputDialog d = new InputDialog(top.getShell(), "Rename Concept", "The new name of \"" + s.label()
                    + "\" (its token " + s.require().token() + " stays):", s.label(),
                    t -> t.isBlank() || t.length() > 100 ? "1 to 100 characters" : null);
            if (d.open() == Window.OK) {
                rename(d.getValue().strip());
            }
        });
    }

    /** Renames the selected concept. */
    public void rename(String newName) {
        StoredConcept s = selected().orElseThrow();
        try {
            store().rename(s, newName);
            messages.show(IStatus.INFO, "Renamed \"" + s.label() + "\" to \"" + newName + "\".");
            reload();
        } catch (IOException | RuntimeException e) {
            messages.show(IStatus.ERROR, "Could not rename \"" + s.label() + "\": " + e.getMessage(), e);
        }
    }

    private void askDuplicate() {
        selected().ifPresent(s -> {
            InputDialog token = new InputDialog(top.getShell(), "Duplicate Concept", "The copy's token (a prompt names "
                    + "it by this; like <hexagon2>):", nextToken(s.require().token()), t -> {
                        try {
                            Concept.requireToken(t);
                            return null;
                        } catch (IllegalArgumentException e) {
                            return e.getMessage();
                        }
                    });
            if (token.open() == Window.OK) {
                duplicate(s.label() + " (copy)", token.getValue());
            }
        });
    }

    private String nextToken(String token) {
        String stem = token.substring(1, token.length() - 1).replaceAll("\\d+$", "");
        for (int n = 2; ; n++) {
            String t = "<" + stem + n + ">";
            if (entries.stream().noneMatch(e -> e.stored().concept().map(c -> c.token().equals(t)).orElse(false))) {
                return t;
            }
        }
    }

    /**
     * Copies the selected concept into the user's library under {@code name} and {@code token} (a job: the
     * copy checks and copies its weights, megabytes for a real model).
     */
    public Job duplicate(String name, String token) {
        StoredConcept s = selected().orElseThrow();
        ConceptStore store = store();
        StoredConcept[] copy = new StoredConcept[1];
        ViewJob j = new ViewJob("Duplicating " + s.label(), monitor -> copy[0] = store.duplicate(s, store.userLibrary(),
                name, token));
        j.addJobChangeListener(new DoneOnUiThread(top, event -> {
            if (j.failure().isPresent()) {
                messages.show(IStatus.ERROR, "Could not duplicate \"" + s.label() + "\": " + j.failure().get()
                        .getMessage(), j.failure().get());
            } else if (event.getResult().isOK()) {
                messages.show(IStatus.INFO, "\"" + s.label() + "\" copied as \"" + name + "\" (" + token + ") into "
                        + copy[0].library().name() + ".");
                reload();
            }
        }));
        j.schedule();
        return j;
    }

    /** Opens the Preview of the selected concept and draws (a job); returns the drawing job. */
    public Job previewSelected() {
        return previewSelected(io.vswap.concepts.api.PreviewSettings.DEFAULT.steps());
    }

    /** {@link #previewSelected()} with {@code steps} DDIM steps a picture. */
    public Job previewSelected(int steps) {
        StoredConcept s = selected().orElseThrow();
        java.util.Optional<Path> folder = ModelInUse.folder();
        if (folder.isEmpty()) {
            messages.show(IStatus.ERROR, "Cannot preview: the sample model is not installed (see the error log).");
            return null;
        }
        if (previewDialog != null && previewDialog.getShell() != null && !previewDialog.getShell().isDisposed()) {
            previewDialog.close();
        }
        previewDialog = new ConceptPreviewDialog(top.getShell(), StudioServices.require(getSite(),
                io.vswap.concepts.api.ConceptPreviewer.class), s, folder.get());
        previewDialog.open();
        previewDialog.setSteps(steps);
        return previewDialog.draw();
    }

    /** Moves the selected concept to its library's trash; Undo Delete puts it back. */
    public void deleteSelected() {
        StoredConcept s = selected().orElseThrow();
        try {
            lastDeleted = store().delete(s);
            messages.show(IStatus.INFO, "Deleted \"" + s.label() + "\" (moved to the trash of " + s.library().name()
                    + "). Undo Delete puts it back.");
            updateButtons();
            reload();
        } catch (IOException | RuntimeException e) {
            messages.show(IStatus.ERROR, "Could not delete \"" + s.label() + "\": " + e.getMessage(), e);
        }
    }

    /** Puts the concept deleted last back. */
    public void undoDelete() {
        if (lastDeleted == null) {
            return;
        }
        try {
            StoredConcept back = store().restore(lastDeleted);
            messages.show(IStatus.INFO, "\"" + back.label() + "\" is back.");
            lastDeleted = null;
            updateButtons();
            reload();
        } catch (IOException | RuntimeException e) {
            messages.show(IStatus.ERROR, "Could not put \"" + lastDeleted.name() + "\" back: " + e.getMessage(), e);
        }
    }

    private void askExport() {
        selected().ifPresent(s -> {
            FileDialog d = new FileDialog(top.getShell(), SWT.SAVE);
            d.setText("Export Concept");
            d.setFileName(s.id() + ConceptStore.ARCHIVE_SUFFIX);
            d.setFilterExtensions(new String[] { "*" + ConceptStore.ARCHIVE_SUFFIX });
            d.setOverwrite(true);
            String chosen = d.open();
            if (chosen != null) {
                exportSelected(Path.of(chosen));
            }
        });
    }

    /** Writes the selected concept as an archive at {@code target} (a job). */
    public Job exportSelected(Path target) {
        StoredConcept s = selected().orElseThrow();
        ViewJob j = new ViewJob("Exporting " + s.label(), monitor -> store().exportArchive(s, target, monitor));
        j.addJobChangeListener(new DoneOnUiThread(top, event -> {
            if (j.failure().isPresent()) {
                messages.show(IStatus.ERROR, "Could not export \"" + s.label() + "\": " + j.failure().get().getMessage(),
                        j.failure().get());
            } else if (event.getResult().isOK()) {
                messages.show(IStatus.INFO, "\"" + s.label() + "\" exported to " + target + ".");
            }
        }));
        j.schedule();
        return j;
    }

    private void askImport() {
        FileDialog d = new FileDialog(top.getShell(), SWT.OPEN);
        d.setText("Import Concept");
        d.setFilterExtensions(new String[] { "*" + ConceptStore.ARCHIVE_SUFFIX, "*" });
        String chosen = d.open();
        if (chosen != null) {
            importArchive(Path.of(chosen), Optional.empty(), false, true);
        }
    }

    /**
     * Imports an archive into the user's library (a job). When {@code ask}, a taken token or another
     * base model is put to the user (another token; import as incompatible); else it is said.
     */
    public Job importArchive(Path archive, Optional<String> token, boolean keepIncompatible, boolean ask) {
        ImportOptions options = new ImportOptions(model, keepIncompatible, token, Optional.empty());
        ViewJob j = new ViewJob("Importing " + archive.getFileName(),
                monitor -> store().importArchive(archive, store().userLibrary(), options, monitor));
        j.addJobChangeListener(new DoneOnUiThread(top, event -> {
            if (event.getResult().getSeverity() == IStatus.CANCEL) {
                messages.show(IStatus.WARNING, "The import of " + archive.getFileName() + " was cancelled; the library "
                        + "is as it was.");
                return;
            }
            if (j.failure().isEmpty()) {
                messages.show(IStatus.INFO, "Imported " + archive.getFileName() + ".");
                reload();
                return;
            }
            Exception failure = j.failure().get();
            String why = failure.getMessage();
            if (ask && why.contains("import it under another token")) {
                InputDialog d = new InputDialog(top.getShell(), "Import Concept", why + "\n\nImport it under the token:",
                        "", t -> t.matches(Concept.TOKEN_PATTERN) ? null : "like <hexagon2>");
                if (d.open() == Window.OK) {
                    importArchive(archive, Optional.of(d.getValue()), keepIncompatible, true);
                    return;
                }
            } else if (ask && why.contains("Import it as incompatible") && MessageDialog.openQuestion(top.getShell(),
                    "Import Concept", why + "\n\nImport it anyway, greyed as incompatible?")) {
                importArchive(archive, token, true, true);
                return;
            }
            messages.show(IStatus.ERROR, "Not imported: " + why, failure instanceof ConceptFileException ? null : failure);
        }));
        j.schedule();
        return j;
    }

    /** Work of a job that the view reports itself (its message area, not a dialog). */
    @FunctionalInterface
    private interface Work {
        Object run(org.eclipse.core.runtime.IProgressMonitor monitor) throws Exception;
    }

    /**
     * A job whose failure the view says in words: a refused archive is the user's to fix, not an
     * error of the program, so it is kept for the view rather than logged as the job's result.
     */
    private static final class ViewJob extends Job {
        private final Work work;
        private volatile Exception failure;

        ViewJob(String name, Work work) {
            super(name);
            this.work = work;
            setUser(true);
        }

        @Override
        protected IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
            try {
                work.run(monitor);
                return org.eclipse.core.runtime.Status.OK_STATUS;
            } catch (org.eclipse.core.runtime.OperationCanceledException e) {
                return org.eclipse.core.runtime.Status.CANCEL_STATUS;
            } catch (Exception e) {
                failure = e;
                return org.eclipse.core.runtime.Status.OK_STATUS;
            }
        }

        Optional<Exception> failure() {
            return Optional.ofNullable(failure);
        }
    }

    @Override
    public void setFocus() {
        search.setFocus();
    }

    // ---- for tests ----

    public Composite control() {
        return top;
    }

    public MessageArea messageArea() {
        return messages;
    }

    /** The tiles shown: each concept's label and whether it can be used. */
    public List<String> tileLabels() {
        return gallery.tiles().stream().map(t -> t.entry.stored().label() + (t.usable() ? "" : " (unusable)")).toList();
    }

    public void setSearch(String text) {
        search.setText(text);
    }

    /** Selects the tile of the concept labelled {@code label}, as a click does. */
    public void selectLabel(String label) {
        gallery.select(gallery.tiles().stream().filter(t -> t.entry.stored().label().equals(label)).findFirst()
                .orElseThrow());
    }

    public String detailsText() {
        return details.text();
    }

    public int referenceImagesShown() {
        return details.referenceCount();
    }

    public Button undoButton() {
        return undoButton;
    }

    public Button renameButton() {
        return renameButton;
    }

    /** The pictures the open Preview shows (0 when none is open). */
    public int previewPictures() {
        return previewDialog == null || previewDialog.getShell() == null ? 0 : previewDialog.shown();
    }

    public String previewMessage() {
        return previewDialog == null || previewDialog.getShell() == null ? "" : previewDialog.message();
    }

    /** The Preview's window (for screenshots), or null. */
    public org.eclipse.swt.widgets.Shell previewShell() {
        return previewDialog == null ? null : previewDialog.getShell();
    }
}
