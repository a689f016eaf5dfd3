package io.vswap.swap.ui.internal.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.ui.api.ClipCanvas;

/**
 * The edit's points: a checked list (unchecked = removed for this edit), where each dragged point
 * goes on the keyframe, and the same shown over the source view, where a click on a point toggles
 * it removed and a drag on the keyframe moves it. Removed points are drawn crossed out, dragged
 * ones with an arrow from where they are tracked to where they go. A saved edit of the point
 * editor (its removed points and drags) can be taken over.
 */
public final class PointsPanel implements ClipCanvas.Overlay {

    private static final String NO_EDIT = "(as tracked)";
    private static final int PICK = 9;

    private final Composite control;
    private final Table table;
    private final Combo fromEdit;
    private final Spinner keyframeSpinner;
    private PointSet points;
    private final Set<String> removed = new LinkedHashSet<>();
    private final Map<String, double[]> drags = new LinkedHashMap<>();
    private int keyframe;
    private Runnable changed = () -> {
    };
    private Consumer<String> status = s -> {
    };

    // a press on the source view
    private String pressed;
    private int pressX, pressY;
    private boolean moved;
    private double[] dragTo;

    PointsPanel(Composite parent) {
        control = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(4).applyTo(control);
        table = new Table(control, SWT.CHECK | SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setToolTipText("Unchecked points are removed for this edit (no correspondence on the target). "
                + "On the source view: click a point to toggle it, drag it on the keyframe to move it.");
        TableColumn name = new TableColumn(table, SWT.NONE);
        name.setText("Point (✓ kept)");
        name.setWidth(135);
        TableColumn drag = new TableColumn(table, SWT.NONE);
        drag.setText("Drag on keyframe");
        drag.setWidth(125);
        GridDataFactory.fillDefaults().span(4, 1).grab(true, false).hint(260, 140).applyTo(table);
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                setRemoved((String) item.getData(), !item.getChecked());
            }
        });
        new Label(control, SWT.NONE).setText("Keyframe:");
        keyframeSpinner = new Spinner(control, SWT.BORDER);
        keyframeSpinner.setToolTipText("The frame the drags are placed on (the job's \"keyframe\")");
        keyframeSpinner.addListener(SWT.Selection, e -> {
            keyframe = keyframeSpinner.getSelection();
            fireChanged();
        });
        fromEdit = new Combo(control, SWT.READ_ONLY);
        fromEdit.setToolTipText("Take the removed and dragged points of an edit saved in the point editor");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(fromEdit);
        fromEdit.addListener(SWT.Selection, e -> takeEdit(fromEdit.getText()));
        Button reset = new Button(control, SWT.PUSH);
        reset.setText("Reset");
        reset.setToolTipText("Keep every point, no drags");
        reset.addListener(SWT.Selection, e -> {
            removed.clear();
            drags.clear();
            fireChanged();
        });
    }

    Composite control() {
        return control;
    }

    public Table table() {
        return table;
    }

    public Combo editChoice() {
        return fromEdit;
    }

    void onChange(Runnable r) {
        changed = r;
    }

    void onStatus(Consumer<String> s) {
        status = s;
    }

    /** The clip's tracked points (or {@code null}: none saved). */
    void setPoints(PointSet set) {
        points = set;
        removed.clear();
        drags.clear();
        keyframe = 0;
        keyframeSpinner.setValues(0, 0, set == null ? 0 : Math.max(0, set.frameCount() - 1), 0, 1, 5);
        List<String> edits = new ArrayList<>();
        edits.add(NO_EDIT);
        if (set != null) {
            set.edits().forEach(e -> edits.add(e.name()));
        }
        fromEdit.setItems(edits.toArray(String[]::new));
        fromEdit.select(0);
        fireChanged();
    }

    public PointSet points() {
        return points;
    }

    public Set<String> removed() {
        return Set.copyOf(removed);
    }

    /** Keyframe target of each dragged point, image coordinates. */
    public Map<String, double[]> drags() {
        Map<String, double[]> m = new LinkedHashMap<>();
        drags.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    public int keyframe() {
        return keyframe;
    }

    public void setRemoved(String point, boolean remove) {
        if (remove) {
            removed.add(point);
            drags.remove(point); // the job refuses a point both removed and dragged
        } else {
            removed.remove(point);
        }
        fireChanged();
    }

    public void setDrag(String point, double x, double y) {
        drags.put(point, new double[] { x, y });
        removed.remove(point);
        fireChanged();
    }

    /** Sets everything at once (from a history record's job). */
    void set(List<String> remove, Map<String, double[]> drag, int key) {
        removed.clear();
        drags.clear();
        if (points != null) {
            remove.stream().filter(n -> points.point(n).isPresent()).forEach(removed::add);
            drag.forEach((n, xy) -> {
                if (points.point(n).isPresent()) {
                    drags.put(n, xy.clone());
                }
            });
        }
        keyframe = points == null ? 0 : Math.max(0, Math.min(key, points.frameCount() - 1));
        fireChanged();
    }

    /** The point editor's saved edit: its removed points, and its drags as keyframe targets. */
    void takeEdit(String name) {
        if (points == null) {
            return;
        }
        PointEdit edit = points.edit(name).orElse(null);
        removed.clear();
        drags.clear();
        if (edit != null) {
            removed.addAll(edit.removed());
            List<PointDrag> d = edit.drags();
            if (!d.isEmpty()) {
                keyframe = d.get(0).frame();
            }
            for (PointDrag pd : d) {
                // The job takes one keyframe: a drag made on another frame keeps its displacement there.
                points.point(pd.point()).flatMap(SemanticPoint::tracked).ifPresent(t -> drags.put(pd.point(),
                        new double[] { t.x(keyframe) + pd.dx(), t.y(keyframe) + pd.dy() }));
            }
            status.accept("Took the removed and dragged points of the edit \"" + name + "\"");
        }
        fireChanged();
    }

    private void fireChanged() {
        if (!keyframeSpinner.isDisposed() && keyframeSpinner.getSelection() != keyframe) {
            keyframeSpinner.setSelection(keyframe);
        }
        refreshTable();
        changed.run();
    }

    private void refreshTable() {
        List<SemanticPoint> list = points == null ? List.of() : points.points();
        if (table.getItemCount() != list.size()) {
            table.removeAll();
            for (int i = 0; i < list.size(); i++) {
                new TableItem(table, SWT.NONE);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            SemanticPoint p = list.get(i);
            TableItem item = table.getItem(i);
            item.setData(p.name());
            item.setText(0, p.name() + (p.tracked().isEmpty() ? " (not tracked)" : ""));
            item.setChecked(!removed.contains(p.name()));
            double[] d = drags.get(p.name());
            item.setText(1, d == null ? "" : String.format(Locale.ROOT, "→ (%.1f, %.1f)", d[0], d[1]));
        }
    }

    // ---- the overlay on the source view ----

    @Override
    public void paint(GC gc, ClipCanvas view) {
        if (points == null) {
            return;
        }
        int frame = view.frame();
        var display = gc.getDevice();
        for (SemanticPoint p : points.points()) {
            Trajectory t = p.tracked().orElse(null);
            if (t == null || frame >= t.frameCount()) {
                continue;
            }
            int x = view.screenX(t.x(frame)), y = view.screenY(t.y(frame));
            int c = p.colour();
            Color colour = new Color(display, c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff);
            try {
                boolean gone = removed.contains(p.name());
                boolean visible = t.visible(frame);
                gc.setLineWidth(2);
                gc.setForeground(colour);
                gc.setBackground(colour);
                double[] d = drags.get(p.name());
                if (d != null) {
                    // the drag's displacement, shown on every frame (the propagator carries it through the clip)
                    double dx = d[0] - t.x(Math.min(keyframe, t.frameCount() - 1));
                    double dy = d[1] - t.y(Math.min(keyframe, t.frameCount() - 1));
                    int tx = view.screenX(t.x(frame) + dx), ty = view.screenY(t.y(frame) + dy);
                    gc.setForeground(display.getSystemColor(SWT.COLOR_BLACK));
                    gc.setBackground(display.getSystemColor(SWT.COLOR_BLACK));
                    gc.setLineWidth(5);
                    arrow(gc, x, y, tx, ty);
                    gc.setForeground(colour);
                    gc.setBackground(colour);
                    gc.setLineWidth(2);
                    arrow(gc, x, y, tx, ty);
                    gc.drawOval(tx - 4, ty - 4, 8, 8);
                }
                if (pressed != null && pressed.equals(p.name()) && dragTo != null) {
                    gc.setLineStyle(SWT.LINE_DOT);
                    arrow(gc, x, y, view.screenX(dragTo[0]), view.screenY(dragTo[1]));
                    gc.setLineStyle(SWT.LINE_SOLID);
                }
                if (visible && !gone) {
                    gc.fillOval(x - 5, y - 5, 11, 11);
                } else {
                    gc.drawOval(x - 5, y - 5, 10, 10);
                }
                gc.setForeground(display.getSystemColor(SWT.COLOR_BLACK));
                gc.setLineWidth(1);
                gc.drawOval(x - 6, y - 6, 12, 12);
                if (gone) {
                    gc.setLineWidth(3);
                    gc.setForeground(display.getSystemColor(SWT.COLOR_RED));
                    gc.drawLine(x - 8, y - 8, x + 8, y + 8);
                    gc.drawLine(x - 8, y + 8, x + 8, y - 8);
                    gc.setLineWidth(1);
                }
                gc.setForeground(display.getSystemColor(gone ? SWT.COLOR_GRAY : SWT.COLOR_WHITE));
                // the name on the side away from a drag, so the arrow stays visible
                boolean left = d != null && d[0] > t.x(Math.min(keyframe, t.frameCount() - 1));
                gc.drawText(p.name(), left ? x - 9 - gc.textExtent(p.name()).x : x + 9, y - 8, true);
            } finally {
                colour.dispose();
            }
        }
    }

    private static void arrow(GC gc, int x0, int y0, int x1, int y1) {
        gc.drawLine(x0, y0, x1, y1);
        double a = Math.atan2(y1 - y0, x1 - x0);
        int h = 9;
        int[] head = { x1, y1, (int) Math.round(x1 - h * Math.cos(a - 0.45)), (int) Math.round(y1 - h * Math.sin(a - 0.45)),
                (int) Math.round(x1 - h * Math.cos(a + 0.45)), (int) Math.round(y1 - h * Math.sin(a + 0.45)) };
        gc.fillPolygon(head);
    }

    /** The point drawn nearest to the press, within a few screen pixels, or {@code null}. */
    String pointAt(ClipCanvas view, int sx, int sy) {
        if (points == null) {
            return null;
        }
        String best = null;
        double bestD = PICK;
        for (SemanticPoint p : points.points()) {
            Trajectory t = p.tracked().orElse(null);
            if (t == null || view.frame() >= t.frameCount()) {
                continue;
            }
            double d = Math.hypot(view.screenX(t.x(view.frame())) - sx, view.screenY(t.y(view.frame())) - sy);
            if (d <= bestD) {
                bestD = d;
                best = p.name();
            }
        }
        return best;
    }

    @Override
    public boolean press(ClipCanvas view, double x, double y, int sx, int sy) {
        pressed = pointAt(view, sx, sy);
        pressX = sx;
        pressY = sy;
        moved = false;
        dragTo = null;
        return pressed != null;
    }

    @Override
    public void drag(ClipCanvas view, double x, double y, int sx, int sy) {
        if (!moved && Math.hypot(sx - pressX, sy - pressY) < 4) {
            return;
        }
        moved = true;
        dragTo = new double[] { x, y };
        view.canvas().redraw();
    }

    @Override
    public void release(ClipCanvas view, double x, double y, int sx, int sy) {
        String name = pressed;
        pressed = null;
        dragTo = null;
        if (name == null) {
            return;
        }
        if (!moved) {
            setRemoved(name, !removed.contains(name));
            status.accept(removed.contains(name) ? "Removed " + name + " for this edit" : "Kept " + name);
            return;
        }
        if (view.frame() != keyframe) {
            if (drags.isEmpty()) {
                keyframe = view.frame(); // the first drag sets the keyframe
            } else {
                status.accept("Drags are placed on the keyframe (frame " + keyframe + "); go there, or Reset");
                view.canvas().redraw();
                return;
            }
        }
        double cx = Math.max(0, Math.min(points.width() - 1, x));
        double cy = Math.max(0, Math.min(points.height() - 1, y));
        setDrag(name, cx, cy);
        status.accept(String.format(Locale.ROOT, "Dragged %s to (%.1f, %.1f) on frame %d", name, cx, cy, keyframe));
    }
}
