package io.vswap.eval.ui.internal.view;

import java.util.List;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.MetricResult;
import io.vswap.eval.ui.internal.MetricValues;

/**
 * The evaluation's summary: a row per metric with the clip's value, the value at the frame shown,
 * its unit, which way is better and the notes; a metric that could not measure is greyed, its reason
 * in the notes.
 */
final class SummaryTable {

    static final int METRIC = 0;
    static final int CLIP = 1;
    static final int FRAME = 2;
    static final int UNIT = 3;
    static final int BETTER = 4;
    static final int NOTES = 5;

    private final Composite holder;
    private final Table table;
    private final Text detail;
    private Evaluation evaluation;
    private Map<String, String> descriptions = Map.of();

    SummaryTable(Composite parent) {
        holder = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 4).applyTo(holder);
        table = new Table(holder, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        // every row shown first; the selected metric's detail below gets what is left
        GridDataFactory.fillDefaults().grab(true, false).applyTo(table);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        String[] titles = { "Metric", "Clip", "This frame", "Unit", "Better", "Notes" };
        int[] widths = { 150, 80, 80, 45, 110, 320 };
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(table, i == CLIP || i == FRAME ? SWT.RIGHT : SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        // the selected metric's description and notes in full, wrapped, scrolled where the view is short
        // (the Notes column is often cut)
        detail = new Text(holder, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).hint(200, 40).applyTo(detail);
        table.addListener(SWT.Selection, e -> showDetail());
        table.addListener(SWT.Resize, e -> fitNotes());
    }

    Composite holder() {
        return holder;
    }

    Text detail() {
        return detail;
    }

    private void showDetail() {
        TableItem[] sel = table.getSelection();
        if (sel.length == 0 || !(sel[0].getData() instanceof Measurement m)) {
            detail.setText("");
        } else {
            String what = descriptions.getOrDefault(m.metric(), "");
            String notes = sel[0].getText(NOTES);
            detail.setText(m.label() + ": " + what + (notes.isEmpty() ? "" : "\nNotes: " + notes));
        }
        holder.layout(true);
    }

    /** Every column as wide as its widest cell or title; Notes takes what is left. */
    private void fitNotes() {
        int used = 0;
        for (int i = 0; i < NOTES; i++) {
            used += table.getColumn(i).getWidth();
        }
        int left = table.getClientArea().width - used;
        table.getColumn(NOTES).setWidth(Math.max(160, left));
    }

    Table control() {
        return table;
    }

    /** Shows {@code e}'s measurements; {@code descriptions} (by metric id) become the rows' tooltips. */
    void show(Evaluation e, Map<String, String> descriptions, int frame) {
        evaluation = e;
        this.descriptions = Map.copyOf(descriptions);
        table.removeAll();
        for (Measurement m : e.measurements()) {
            TableItem row = new TableItem(table, SWT.NONE);
            row.setData(m);
            row.setText(METRIC, m.label());
            row.setText(UNIT, m.unit());
            row.setText(BETTER, m.direction().words());
            if (m.result().isPresent()) {
                MetricResult r = m.result().get();
                row.setText(CLIP, MetricValues.format(r.summary()));
                row.setText(NOTES, String.join("; ", notes(r, e.frames())));
            } else {
                row.setText(CLIP, "—");
                row.setText(NOTES, "Unavailable: " + m.unavailable());
                row.setForeground(table.getDisplay().getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND));
            }
        }
        setFrame(frame);
        for (int i = 0; i < NOTES; i++) {
            table.getColumn(i).pack();
        }
        fitNotes();
        table.select(0);
        showDetail();
        holder.layout(true);
    }

    private static List<String> notes(MetricResult r, int frames) {
        List<String> out = new java.util.ArrayList<>(r.notes());
        int defined = r.definedFrames();
        if (defined < frames) {
            out.add(defined + " of " + frames + " frames have a value");
        }
        return out;
    }

    /** Fills the "This frame" column with each metric's value at {@code frame}. */
    void setFrame(int frame) {
        if (evaluation == null) {
            return;
        }
        for (TableItem row : table.getItems()) {
            Measurement m = (Measurement) row.getData();
            row.setText(FRAME, m.result().map(r -> {
                double[] v = r.perFrame();
                return frame < v.length ? MetricValues.format(v[frame]) : "";
            }).orElse("—"));
        }
    }
}
