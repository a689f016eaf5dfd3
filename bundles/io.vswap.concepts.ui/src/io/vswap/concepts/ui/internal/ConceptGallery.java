package io.vswap.concepts.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import io.vswap.concepts.ui.internal.LoadLibraryJob.Entry;

/**
 * The library as a gallery: a tile per concept (thumbnail, name, token), wrapping to the view's
 * width; one selected at a time; a concept that cannot be used with the model in use greyed, with
 * why in its tooltip.
 */
final class ConceptGallery {

    private static final int TILE_WIDTH = LoadLibraryJob.THUMB + 24;

    /** One concept's tile. */
    final class Tile {
        final Entry entry;
        final Composite control;
        final Canvas picture;
        final Label name;
        private Image image;

        Tile(Composite parent, Entry entry) {
            this.entry = entry;
            control = new Composite(parent, SWT.NONE);
            GridLayoutFactory.fillDefaults().margins(4, 4).spacing(0, 2).applyTo(control);
            picture = new Canvas(control, SWT.DOUBLE_BUFFERED);
            GridDataFactory.swtDefaults().align(SWT.CENTER, SWT.TOP)
                    .hint(LoadLibraryJob.THUMB, LoadLibraryJob.THUMB).applyTo(picture);
            name = new Label(control, SWT.CENTER | SWT.WRAP);
            name.setText(entry.stored().label() + "\n" + entry.stored().concept().map(c -> c.token()).orElse("(damaged)"));
            GridDataFactory.fillDefaults().hint(TILE_WIDTH - 8, SWT.DEFAULT).applyTo(name);
            if (entry.thumbnail() != null) {
                image = new Image(control.getDisplay(), entry.thumbnail());
            }
            picture.addListener(SWT.Paint, e -> paint(e.gc));
            String tip = entry.unusable().map(w -> "Cannot be used: " + w).orElse(entry.stored().concept()
                    .map(c -> c.description().isEmpty() ? c.name() : c.description()).orElse(""));
            for (Control c : new Control[] { control, picture, name }) {
                c.setToolTipText(tip);
                c.addListener(SWT.MouseDown, e -> select(this));
            }
            if (!usable()) {
                name.setForeground(control.getDisplay().getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND));
            }
            control.addListener(SWT.Dispose, e -> {
                if (image != null) {
                    image.dispose();
                }
            });
        }

        boolean usable() {
            return entry.unusable().isEmpty();
        }

        private void paint(GC gc) {
            Rectangle area = picture.getClientArea();
            gc.setBackground(picture.getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
            gc.fillRectangle(area);
            if (image != null) {
                Rectangle b = image.getBounds();
                gc.setAlpha(usable() ? 255 : 90); // greyed: can't be used with the model in use
                gc.drawImage(image, (area.width - b.width) / 2, (area.height - b.height) / 2);
                gc.setAlpha(255);
            } else {
                gc.setForeground(picture.getDisplay().getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND));
                String t = "no picture";
                gc.drawText(t, (area.width - gc.textExtent(t).x) / 2, area.height / 2 - 8, true);
            }
            if (selected == this) {
                Color c = picture.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION);
                gc.setForeground(c);
                gc.setLineWidth(3);
                gc.drawRectangle(1, 1, area.width - 3, area.height - 3);
            }
        }
    }

    private final ScrolledComposite scroll;
    private final Composite tiles;
    private final Label empty;
    private final List<Tile> shown = new ArrayList<>();
    private Tile selected;
    private Consumer<Entry> onSelect = e -> {
    };

    ConceptGallery(Composite parent) {
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        tiles = new Composite(scroll, SWT.NONE);
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.wrap = true;
        row.spacing = 6;
        row.marginWidth = 6;
        row.marginHeight = 6;
        tiles.setLayout(row);
        scroll.setContent(tiles);
        scroll.addListener(SWT.Resize, e -> relayout());
        empty = new Label(tiles, SWT.WRAP);
    }

    Control control() {
        return scroll;
    }

    void onSelect(Consumer<Entry> listener) {
        onSelect = listener;
    }

    /** Shows {@code entries}; keeps the concept of {@code keep} (a folder) selected when it is among them. */
    void show(List<Entry> entries, String emptyText, java.nio.file.Path keep) {
        shown.forEach(t -> t.control.dispose());
        shown.clear();
        selected = null;
        empty.setText(emptyText);
        empty.setVisible(entries.isEmpty());
        ((org.eclipse.swt.layout.RowData) ensureRowData(empty)).exclude = !entries.isEmpty();
        for (Entry e : entries) {
            shown.add(new Tile(tiles, e));
        }
        relayout();
        Tile again = shown.stream().filter(t -> t.entry.stored().folder().equals(keep)).findFirst()
                .orElse(shown.isEmpty() ? null : shown.get(0));
        select(again);
    }

    private static Object ensureRowData(Control c) {
        if (!(c.getLayoutData() instanceof org.eclipse.swt.layout.RowData)) {
            c.setLayoutData(new org.eclipse.swt.layout.RowData(300, SWT.DEFAULT));
        }
        return c.getLayoutData();
    }

    private void relayout() {
        int width = Math.max(TILE_WIDTH + 20, scroll.getClientArea().width);
        scroll.setMinSize(tiles.computeSize(width, SWT.DEFAULT));
        tiles.layout(true, true);
    }

    void select(Tile t) {
        Tile before = selected;
        selected = t;
        if (before != null && !before.picture.isDisposed()) {
            before.picture.redraw();
        }
        if (t != null) {
            t.picture.redraw();
        }
        onSelect.accept(t == null ? null : t.entry);
    }

    List<Tile> tiles() {
        return List.copyOf(shown);
    }

    Entry selection() {
        return selected == null ? null : selected.entry;
    }
}
