package io.vswap.swap.ui.internal.editor;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.vswap.swap.api.EditSetting;

/**
 * The clip's edits, newest first, from the render records in the project's renders folder: what
 * each swapped to, its settings that differ from the method's defaults, its time; the selected
 * one's settings and report in full, and an action that copies them back into the form.
 */
public final class HistoryPanel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final Composite control;
    private final Table table;
    private final Text details;
    private final Button useSettings;
    private List<RenderRecord> records = List.of();
    private List<EditSetting> defaults = List.of();
    private Consumer<RenderRecord> onSelect = r -> {
    };

    HistoryPanel(Composite parent, Consumer<RenderRecord> onUse) {
        control = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(control);
        Label title = new Label(control, SWT.NONE);
        title.setText("History of edits (newest first)");
        useSettings = new Button(control, SWT.PUSH);
        useSettings.setText("Use These Settings");
        useSettings.setToolTipText("Copy the selected edit's target, prompt, points and settings into the form");
        useSettings.setEnabled(false);
        GridDataFactory.swtDefaults().align(SWT.END, SWT.CENTER).grab(true, false).applyTo(useSettings);
        useSettings.addListener(SWT.Selection, e -> selected().ifPresent(onUse));
        table = new Table(control, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("Edit", 150);
        column("Target", 90);
        column("Removed / dragged", 120);
        column("Settings (changed)", 260);
        column("Time", 60);
        column("Written", 140);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(SWT.DEFAULT, 80).applyTo(table);
        table.addListener(SWT.Selection, e -> {
            useSettings.setEnabled(table.getSelectionIndex() >= 0);
            selected().ifPresent(r -> {
                showDetails(r);
                onSelect.accept(r);
            });
        });
        details = new Text(control, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(SWT.DEFAULT, 64).applyTo(details);
    }

    private void column(String name, int width) {
        TableColumn c = new TableColumn(table, SWT.NONE);
        c.setText(name);
        c.setWidth(width);
    }

    Composite control() {
        return control;
    }

    public Table table() {
        return table;
    }

    public Text details() {
        return details;
    }

    public Button useSettingsButton() {
        return useSettings;
    }

    /** Adds {@code c}, told each record selected, by the user or by {@link #select}. */
    void onSelect(Consumer<RenderRecord> c) {
        onSelect = onSelect.andThen(c);
    }

    public List<RenderRecord> records() {
        return records;
    }

    /** Shows {@code list}; the method's settings tell which recorded values are changed from the defaults. */
    void setRecords(List<RenderRecord> list, List<EditSetting> methodSettings) {
        records = List.copyOf(list);
        defaults = methodSettings;
        table.removeAll();
        for (RenderRecord r : records) {
            TableItem item = new TableItem(table, SWT.NONE);
            String removed = String.join(", ", r.removed());
            String dragged = String.join(", ", r.drags().keySet());
            item.setText(new String[] { r.name(), Objects.toString(r.target(), ""),
                    (removed.isEmpty() ? "" : "−" + removed) + (dragged.isEmpty() ? "" : " ↗" + dragged),
                    changed(r), elapsed(r), WHEN.format(r.written().toInstant()) });
        }
        useSettings.setEnabled(false);
        details.setText(records.isEmpty() ? "No edits of this clip yet." : "");
    }

    /** Selects the record of {@code file}'s edit (and shows it), if listed. */
    void select(RenderRecord r) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).file().equals(r.file())) {
                table.setSelection(i);
                useSettings.setEnabled(true);
                showDetails(records.get(i));
                onSelect.accept(records.get(i));
                return;
            }
        }
    }

    public java.util.Optional<RenderRecord> selected() {
        int i = table.getSelectionIndex();
        return i < 0 || i >= records.size() ? java.util.Optional.empty() : java.util.Optional.of(records.get(i));
    }

    private String changed(RenderRecord r) {
        Map<String, Object> s = r.settings();
        return defaults.stream().filter(d -> s.containsKey(d.name()) && !equal(d, s.get(d.name())))
                .map(d -> d.label() + " " + show(s.get(d.name()))).collect(Collectors.joining(", "));
    }

    private static boolean equal(EditSetting d, Object v) {
        try {
            return Objects.equals(d.defaultValue(), d.coerce(v));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String show(Object v) {
        return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString(d.longValue())
                : String.valueOf(v);
    }

    private static String elapsed(RenderRecord r) {
        double e = r.report().elapsedSeconds();
        return e == 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f s", e);
    }

    private void showDetails(RenderRecord r) {
        StringBuilder b = new StringBuilder();
        b.append(r.name()).append(": \"").append(r.sourcePrompt()).append("\" → \"").append(r.targetPrompt())
                .append("\" (").append(r.method()).append(")\n");
        b.append("Settings: ").append(r.settings().entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
                .collect(Collectors.joining(", "))).append('\n');
        b.append("Report: ").append(r.report().summary()).append('\n');
        b.append("Files: ").append(r.video().getParent()).append('/').append(r.stem()).append(".{mkv,mp4,json}");
        details.setText(b.toString());
    }
}
