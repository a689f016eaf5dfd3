package io.vswap.points.ui.internal.table;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;

import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.ui.internal.editor.PointDocument;
import io.vswap.points.ui.internal.editor.PointDocument.Aspect;
import io.vswap.points.ui.internal.editor.PointEditor;

/**
 * The points of the active point editor as a table (name, colour, visible frames, mean
 * confidence), its selection kept the same as the canvas's both ways.
 */
public class PointsTableView extends ViewPart {

    private TableViewer viewer;
    private PointEditor editor;
    private final Map<Integer, Image> swatches = new HashMap<>();
    private boolean updatingSelection;
    private final PointDocument.Listener documentListener = this::documentChanged;

    private final IPartListener2 partListener = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference ref) {
            if (ref.getPart(false) instanceof PointEditor e) {
                follow(e);
            }
        }

        @Override
        public void partClosed(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == editor) {
                follow(null);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        Composite holder = new Composite(parent, SWT.NONE);
        TableColumnLayout layout = new TableColumnLayout();
        holder.setLayout(layout);
        viewer = new TableViewer(holder, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column(layout, "Name", 30, new ColumnLabelProvider() {
            @Override
            public String getText(Object e) {
                return ((SemanticPoint) e).name();
            }
        });
        column(layout, "Colour", 22, new ColumnLabelProvider() {
            @Override
            public String getText(Object e) {
                return String.format("#%06X", ((SemanticPoint) e).colour());
            }

            @Override
            public Image getImage(Object e) {
                return swatch(((SemanticPoint) e).colour());
            }
        });
        column(layout, "Visible", 22, new ColumnLabelProvider() {
            @Override
            public String getText(Object e) {
                Trajectory t = ((SemanticPoint) e).trajectory();
                return t == null ? "not tracked" : t.visibleCount() + " / " + t.frameCount();
            }
        });
        column(layout, "Confidence", 22, new ColumnLabelProvider() {
            @Override
            public String getText(Object e) {
                double c = meanConfidence((SemanticPoint) e);
                return Double.isNaN(c) ? "–" : String.format("%.2f", c);
            }
        });
        viewer.addSelectionChangedListener(e -> {
            if (!updatingSelection && editor != null && editor.document() != null
                    && e.getStructuredSelection().getFirstElement() instanceof SemanticPoint p) {
                editor.document().select(p.name());
            }
        });
        getSite().setSelectionProvider(viewer);
        getSite().getPage().addPartListener(partListener);
        IEditorPart active = getSite().getPage().getActiveEditor();
        follow(active instanceof PointEditor e ? e : null);
    }

    private void column(TableColumnLayout layout, String title, int weight, ColumnLabelProvider labels) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.setLabelProvider(labels);
        layout.setColumnData(c.getColumn(), new ColumnWeightData(weight, 40));
    }

    /** Mean tracker confidence over the frames where the point is visible; NaN when untracked or never visible. */
    public static double meanConfidence(SemanticPoint p) {
        Trajectory t = p.trajectory();
        if (t == null) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (int f = 0; f < t.frameCount(); f++) {
            if (t.visible(f)) {
                sum += t.confidence(f);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private Image swatch(int colour) {
        return swatches.computeIfAbsent(colour, c -> {
            Image image = new Image(viewer.getControl().getDisplay(), 14, 14);
            GC gc = new GC(image);
            gc.setBackground(new org.eclipse.swt.graphics.Color((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff));
            gc.fillRectangle(0, 0, 14, 14);
            gc.setForeground(viewer.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawRectangle(0, 0, 13, 13);
            gc.dispose();
            return image;
        });
    }

    /** Shows {@code next}'s points (or none). A point editor still loading is followed once it has loaded. */
    private void follow(PointEditor next) {
        if (editor != null && editor.document() != null) {
            editor.document().removeListener(documentListener);
        }
        editor = next;
        if (editor != null && editor.document() == null) {
            // still loading: look again shortly rather than hooking the editor's load job
            viewer.getControl().getDisplay().timerExec(200, () -> {
                if (!viewer.getControl().isDisposed() && editor == next) {
                    follow(next);
                }
            });
            viewer.setInput(new Object[0]);
            setContentDescription("Loading " + next.clip().clip().name() + "…");
            return;
        }
        if (editor != null) {
            editor.document().addListener(documentListener);
            setContentDescription(editor.clip().shot().name() + " / " + editor.clip().clip().name());
        } else {
            setContentDescription("Open a clip with Edit Points to see its points here.");
        }
        refresh();
    }

    private void documentChanged(Aspect aspect) {
        if (aspect == Aspect.POINTS) {
            refresh();
        } else if (aspect == Aspect.SELECTION) {
            showSelection();
        }
    }

    private void refresh() {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        viewer.setInput(editor == null ? new Object[0] : editor.document().points().points().toArray());
        showSelection();
    }

    private void showSelection() {
        String selected = editor == null ? null : editor.document().selected();
        Object element = selected == null ? null : editor.document().points().point(selected).orElse(null);
        updatingSelection = true;
        try {
            viewer.setSelection(element == null ? StructuredSelection.EMPTY : new StructuredSelection(element), true);
        } finally {
            updatingSelection = false;
        }
    }

    public TableViewer viewer() {
        return viewer;
    }

    /** The name of the point selected in the table, or {@code null}. */
    public String selectedName() {
        return viewer.getStructuredSelection() instanceof IStructuredSelection s
                && s.getFirstElement() instanceof SemanticPoint p ? p.name() : null;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(partListener);
        if (editor != null && editor.document() != null) {
            editor.document().removeListener(documentListener);
        }
        swatches.values().forEach(Image::dispose);
        super.dispose();
    }
}
