package io.vswap.swap.ui.internal.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.vswap.swap.api.TargetConcepts;

/**
 * Picks a concept of the concept libraries as the swap's target: each with its thumbnail, name,
 * token and class word; a concept that cannot be used with the model in use is greyed, with why.
 * The libraries are read (and the model's files judged) off the UI thread.
 */
public final class ConceptChoiceDialog extends TitleAreaDialog {

    static final int THUMBNAIL = 40;

    private final TargetConcepts concepts;
    private final Path modelFolder;
    private final List<Image> images = new ArrayList<>();
    private List<TargetConcepts.Choice> choices = List.of();
    private Table table;
    private String chosen;

    /** @param modelFolder the model the edit runs on; null: concepts are not judged against a model */
    public ConceptChoiceDialog(Shell parent, TargetConcepts concepts, Path modelFolder) {
        super(parent);
        this.concepts = concepts;
        this.modelFolder = modelFolder;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Choose a Concept");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Swap the subject for a concept");
        setMessage("Reading the concept libraries\u2026");
        table = new Table(area, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(720, 320).applyTo(table);
        column("Concept", 220);
        column("Token", 130);
        column("Class word", 110);
        column("Can be used", 250);
        // the whole reason of an unusable concept, under the pointer (the column shows its start)
        table.addListener(SWT.MouseHover, e -> {
            TableItem item = table.getItem(new org.eclipse.swt.graphics.Point(e.x, e.y));
            int i = item == null ? -1 : table.indexOf(item);
            table.setToolTipText(i >= 0 && i < choices.size() ? choices.get(i).unusable().orElse(null) : null);
        });
        // rows tall enough for the thumbnails
        table.addListener(SWT.MeasureItem, e -> e.height = Math.max(e.height, THUMBNAIL + 4));
        table.addListener(SWT.Selection, e -> updateOk());
        table.addListener(SWT.DefaultSelection, e -> {
            updateOk();
            if (getButton(IDialogConstants.OK_ID).isEnabled()) {
                okPressed();
            }
        });
        load();
        return area;
    }

    private void column(String text, int width) {
        TableColumn c = new TableColumn(table, SWT.NONE);
        c.setText(text);
        c.setWidth(width);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Use as Target");
        getButton(IDialogConstants.OK_ID).setEnabled(false);
    }

    /** Reads the libraries in a job; fills the table when they are read. */
    private void load() {
        Display display = table.getDisplay();
        Job job = Job.create("Reading the concept libraries", (IProgressMonitor monitor) -> {
            try {
                List<TargetConcepts.Choice> read = concepts.choices(modelFolder);
                List<ImageData> pictures = new ArrayList<>();
                for (TargetConcepts.Choice c : read) {
                    pictures.add(c.thumbnail().map(ConceptChoiceDialog::thumbnail).orElse(null));
                }
                display.asyncExec(() -> show(read, pictures, null));
            } catch (Exception e) {
                display.asyncExec(() -> show(List.of(), List.of(), "The concept libraries could not be read: "
                        + e.getMessage()));
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private static ImageData thumbnail(Path file) {
        try {
            ImageData d = new ImageData(file.toString());
            double scale = (double) THUMBNAIL / Math.max(d.width, d.height);
            return d.scaledTo(Math.max(1, (int) Math.round(d.width * scale)),
                    Math.max(1, (int) Math.round(d.height * scale)));
        } catch (RuntimeException e) {
            return null; // an unreadable picture: the row goes without one
        }
    }

    private void show(List<TargetConcepts.Choice> read, List<ImageData> pictures, String error) {
        if (table.isDisposed()) {
            return;
        }
        choices = read;
        Display display = table.getDisplay();
        for (int i = 0; i < read.size(); i++) {
            TargetConcepts.Choice c = read.get(i);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { c.name(), c.token(), c.classWord(), c.unusable().map(u -> "no: " + u).orElse(
                    "yes") });
            if (pictures.get(i) != null) {
                Image image = new Image(display, pictures.get(i));
                images.add(image);
                item.setImage(0, image);
            }
            if (c.unusable().isPresent()) {
                item.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND));
            }
        }
        if (error != null) {
            setErrorMessage(error);
        } else if (read.isEmpty()) {
            setMessage("Your concept libraries hold no concepts yet: train one (Swap \u203a Concept Library) or import one.",
                    IStatus.INFO);
        } else {
            setMessage("Pick the concept the subject becomes; its token goes into Target.");
        }
    }

    private void updateOk() {
        int i = table.getSelectionIndex();
        boolean usable = i >= 0 && i < choices.size() && choices.get(i).unusable().isEmpty();
        getButton(IDialogConstants.OK_ID).setEnabled(usable);
        if (i >= 0 && i < choices.size() && choices.get(i).unusable().isPresent()) {
            setErrorMessage(choices.get(i).unusable().get());
        } else {
            setErrorMessage(null);
        }
    }

    @Override
    protected void okPressed() {
        chosen = choices.get(table.getSelectionIndex()).token();
        super.okPressed();
    }

    @Override
    public boolean close() {
        images.forEach(Image::dispose);
        return super.close();
    }

    /** The chosen concept's token; null when none was chosen. */
    public String chosenToken() {
        return chosen;
    }

    /** The table (tests). */
    public Table table() {
        return table;
    }
}
