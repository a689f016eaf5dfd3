package io.vswap.concepts.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import io.vswap.concepts.api.TrainingRequest;

/**
 * The New Concept wizard's first page: the reference pictures (Add…, or dropped from the file manager),
 * each with its square crop (the centre one unless the user drags it elsewhere on the preview).
 */
final class ConceptImagesPage extends WizardPage {

    static final int THUMB = 48;

    private final NewConceptWizard wizard;
    private final List<ReferenceImage> images = new ArrayList<>();
    private final List<Image> thumbs = new ArrayList<>();
    /** Files being read, not listed yet. */
    private final List<Path> pending = new ArrayList<>();
    private Table table;
    private CropCanvas crop;
    private Button remove;
    private Button centre;
    private String skipped;

    ConceptImagesPage(NewConceptWizard wizard) {
        super("images");
        this.wizard = wizard;
        setTitle("Reference pictures");
        setDescription("Pick " + TrainingRequest.MIN_IMAGES + " to " + TrainingRequest.MAX_IMAGES + " pictures of "
                + "the subject (PNG or JPEG): add them, or drop them here from the file manager.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(top);
        SashForm body = new SashForm(top, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).hint(700, 360).applyTo(body);
        Composite left = new Composite(body, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(left);
        table = new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        GridDataFactory.fillDefaults().grab(true, true).span(3, 1).applyTo(table);
        table.addListener(SWT.Selection, e -> selected());
        // rows tall enough for the thumbnails
        table.addListener(SWT.MeasureItem, e -> e.height = Math.max(e.height, THUMB + 4));
        Button add = new Button(left, SWT.PUSH);
        add.setText("Add…");
        add.addListener(SWT.Selection, e -> askAdd());
        remove = new Button(left, SWT.PUSH);
        remove.setText("Remove");
        remove.addListener(SWT.Selection, e -> removeSelected());
        centre = new Button(left, SWT.PUSH);
        centre.setText("Centre Square");
        centre.setToolTipText("Train on the centre square of the picture (the default)");
        centre.addListener(SWT.Selection, e -> centreSelected());
        Composite right = new Composite(body, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(right);
        Label hint = new Label(right, SWT.WRAP);
        hint.setText("The concept is learnt from the square inside the yellow frame: drag it to the subject.");
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(hint);
        crop = new CropCanvas(right, () -> {
            refreshRow(table.getSelectionIndex());
            wizard.changed();
        });
        GridDataFactory.fillDefaults().grab(true, true).applyTo(crop.control());
        body.setWeights(45, 55);
        for (Control c : new Control[] { top, table, crop.control() }) {
            DropTarget drop = new DropTarget(c, DND.DROP_COPY | DND.DROP_DEFAULT);
            drop.setTransfer(new Transfer[] { FileTransfer.getInstance() });
            drop.addDropListener(new DropTargetAdapter() {
                @Override
                public void dragEnter(DropTargetEvent event) {
                    event.detail = DND.DROP_COPY;
                }

                @Override
                public void drop(DropTargetEvent event) {
                    if (event.data instanceof String[] files) {
                        dropped(files);
                    }
                }
            });
        }
        top.addListener(SWT.Dispose, e -> thumbs.forEach(Image::dispose));
        setControl(top);
        updateButtons();
    }

    private void askAdd() {
        FileDialog d = new FileDialog(getShell(), SWT.OPEN | SWT.MULTI);
        d.setText("Add Reference Pictures");
        d.setFilterExtensions(new String[] { "*.png;*.jpg;*.jpeg;*.PNG;*.JPG;*.JPEG", "*" });
        d.setFilterNames(new String[] { "PNG and JPEG pictures", "All files" });
        if (d.open() != null) {
            List<Path> files = new ArrayList<>();
            for (String n : d.getFileNames()) {
                files.add(Path.of(d.getFilterPath(), n));
            }
            add(files);
        }
    }

    /** Takes files dropped from the file manager (what a drop hands over); other than pictures are skipped. */
    void dropped(String[] files) {
        List<String> pictures = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String f : files) {
            (f.toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)") ? pictures : other).add(f);
        }
        skipped = other.isEmpty() ? null : "Only PNG and JPEG pictures are taken; skipped: " + String.join(", ",
                other.stream().map(o -> Path.of(o).getFileName().toString()).toList());
        add(pictures.stream().map(p -> Path.of(p)).toList());
    }

    /**
     * Adds pictures (a file already listed or being read is not added twice). They are read and scaled
     * off the UI thread (a camera's JPEG takes a while), then listed in the order given.
     */
    void add(List<Path> files) {
        List<Path> fresh = new ArrayList<>();
        for (Path f : files) {
            if (images.stream().noneMatch(i -> i.file.equals(f)) && !pending.contains(f) && !fresh.contains(f)) {
                fresh.add(f);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        pending.addAll(fresh);
        Display display = getShell().getDisplay();
        Job reading = Job.create("Reading reference pictures", monitor -> {
            List<ReferenceImage> read = new ArrayList<>();
            List<ImageData> small = new ArrayList<>();
            for (Path f : fresh) {
                ReferenceImage img = ReferenceImage.read(f);
                read.add(img);
                small.add(img.readable() ? thumbnail(img.preview) : null);
            }
            display.asyncExec(() -> listed(fresh, read, small));
            return Status.OK_STATUS;
        });
        reading.setSystem(true);
        reading.schedule();
    }

    /** Whether pictures are still being read. */
    boolean reading() {
        return !pending.isEmpty();
    }

    private static ImageData thumbnail(ImageData preview) {
        int longer = Math.max(preview.width, preview.height);
        return preview.scaledTo(Math.max(1, preview.width * THUMB / longer), Math.max(1, preview.height * THUMB / longer));
    }

    private void listed(List<Path> files, List<ReferenceImage> read, List<ImageData> small) {
        pending.removeAll(files);
        if (table == null || table.isDisposed()) {
            return;
        }
        for (int k = 0; k < read.size(); k++) {
            ReferenceImage img = read.get(k);
            images.add(img);
            TableItem item = new TableItem(table, SWT.NONE);
            if (small.get(k) != null) {
                Image t = new Image(table.getDisplay(), small.get(k));
                thumbs.add(t);
                item.setImage(t);
            }
            refreshRow(images.size() - 1);
        }
        if (table.getSelectionIndex() < 0 && !images.isEmpty()) {
            table.select(images.size() - 1);
        }
        selected();
        wizard.changed();
    }

    private void refreshRow(int i) {
        if (i >= 0 && i < images.size()) {
            ReferenceImage img = images.get(i);
            table.getItem(i).setText(img.describe().orElse(img.file.getFileName() + "  (cannot be read)"));
        }
    }

    private void removeSelected() {
        int[] rows = table.getSelectionIndices();
        java.util.Arrays.sort(rows);
        for (int k = rows.length - 1; k >= 0; k--) {
            images.remove(rows[k]);
            Image t = table.getItem(rows[k]).getImage();
            if (t != null) {
                thumbs.remove(t);
                t.dispose();
            }
            table.remove(rows[k]);
        }
        if (!images.isEmpty()) {
            table.select(Math.min(images.size() - 1, rows.length > 0 ? rows[0] : 0));
        }
        selected();
        wizard.changed();
    }

    private void centreSelected() {
        int i = table.getSelectionIndex();
        if (i >= 0) {
            images.get(i).centre();
            refreshRow(i);
            crop.show(images.get(i));
            wizard.changed();
        }
    }

    private void selected() {
        int i = table.getSelectionIndex();
        crop.show(i >= 0 ? images.get(i) : null);
        updateButtons();
    }

    private void updateButtons() {
        remove.setEnabled(table.getSelectionCount() > 0);
        centre.setEnabled(table.getSelectionIndex() >= 0 && images.get(table.getSelectionIndex()).chosen());
    }

    List<ReferenceImage> images() {
        return List.copyOf(images);
    }

    /** Shows the trainer's word on the pictures (null: they do). */
    void showProblem(String problem, boolean checking) {
        updateButtons();
        if (problem != null) {
            setMessage(null);
            setErrorMessage(NewConceptWizard.sentence(problem));
        } else {
            setErrorMessage(null);
            setMessage(skipped != null ? skipped : checking ? "Checking the pictures…" : images.size()
                    + " pictures; the squares are what the concept is learnt from.",
                    skipped != null ? IMessageProvider.WARNING : IMessageProvider.NONE);
        }
        setPageComplete(problem == null && !checking && !images.isEmpty());
    }

    /** The crop preview, for tests. */
    CropCanvas crop() {
        return crop;
    }

    /** Selects row {@code i}, as a click does (for tests). */
    void select(int i) {
        table.setSelection(i);
        selected();
    }
}
