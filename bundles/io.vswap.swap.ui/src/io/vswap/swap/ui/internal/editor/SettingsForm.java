package io.vswap.swap.ui.internal.editor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.vswap.swap.api.EditSetting;

/**
 * A field per setting of an edit method, built from its {@link EditSetting}s alone (so another
 * installed method's settings show the same way): the {@link EditSetting#MAIN} ones (the seed) in
 * the form's first part, the others grouped by stage under "Advanced"; each labelled in words, a
 * check box for a yes/no setting, a text field otherwise, a tooltip with what it means, its
 * default and its key in batch specs. A setting changed from its default is labelled in bold; one
 * whose default is a model's recommendation rather than the method's is labelled "… (model)".
 */
public final class SettingsForm {

    private final Composite main;
    private final Composite advanced;
    private final Map<String, Control> fields = new LinkedHashMap<>();
    private final Map<String, Label> labels = new LinkedHashMap<>();
    private List<EditSetting> settings = List.of();
    private Set<String> fromModel = Set.of();
    private Font bold;
    private final java.util.List<Runnable> changed = new java.util.ArrayList<>();
    /** True while the form sets fields itself: one notification at the end, not one per field. */
    private boolean setting;

    /**
     * @param mainParent where the main settings go (two columns: label, field)
     * @param advancedParent where the grouped others go
     */
    SettingsForm(Composite mainParent, Composite advancedParent) {
        main = new Composite(mainParent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).spacing(8, 3).applyTo(main);
        advanced = new Composite(advancedParent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 6).applyTo(advanced);
        advanced.addListener(SWT.Dispose, e -> {
            if (bold != null) {
                bold.dispose();
            }
        });
    }

    Composite mainControl() {
        return main;
    }

    Composite advancedControl() {
        return advanced;
    }

    /** Called after a field changes, by the user or by the form (a preset, defaults). */
    void onChange(Runnable r) {
        changed.add(r);
    }

    private void changed() {
        changed.forEach(Runnable::run);
    }

    /** Rebuilds the fields for {@code list}, every one at its default. */
    void setSettings(List<EditSetting> list) {
        for (Composite c : List.of(main, advanced)) {
            for (Control child : c.getChildren()) {
                child.dispose();
            }
        }
        fields.clear();
        labels.clear();
        settings = List.copyOf(list);
        Map<String, Composite> groups = new LinkedHashMap<>();
        for (EditSetting s : settings) {
            Composite parent = s.group().equals(EditSetting.MAIN) ? main : groups.computeIfAbsent(s.group(), g -> {
                Group group = new Group(advanced, SWT.NONE);
                group.setText(g);
                GridLayoutFactory.swtDefaults().numColumns(2).spacing(8, 3).applyTo(group);
                GridDataFactory.fillDefaults().grab(true, false).applyTo(group);
                return group;
            });
            Label label = new Label(parent, SWT.NONE);
            label.setText(labelText(s));
            label.setToolTipText(tooltip(s));
            labels.put(s.name(), label);
            Control field;
            if (s.kind() == EditSetting.Kind.BOOLEAN) {
                Button b = new Button(parent, SWT.CHECK);
                b.addListener(SWT.Selection, e -> edited(s));
                field = b;
            } else {
                Text t = new Text(parent, SWT.BORDER);
                t.addListener(SWT.Modify, e -> edited(s));
                GridDataFactory.fillDefaults().grab(true, false).hint(70, SWT.DEFAULT).applyTo(t);
                field = t;
            }
            field.setToolTipText(tooltip(s));
            fields.put(s.name(), field);
            setQuietly(s, s.defaultValue());
        }
        main.getParent().layout(true, true);
        advanced.getParent().layout(true, true);
        changed();
    }

    private String labelText(EditSetting s) {
        return fromModel.contains(s.name()) ? s.label() + " (model)" : s.label();
    }

    /**
     * The same settings with other defaults (another model's recommendations): a field still at its
     * old default takes the new one, a changed field keeps its value. Other settings: as
     * {@link #setSettings}.
     */
    void setDefaults(List<EditSetting> list) {
        if (!list.stream().map(EditSetting::name).toList().equals(settings.stream().map(EditSetting::name).toList())) {
            setSettings(list);
            return;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (EditSetting old : settings) {
            try {
                Object v = value(old);
                if (!Objects.equals(old.defaultValue(), v)) {
                    kept.put(old.name(), v);
                }
            } catch (IllegalArgumentException e) {
                // unreadable text: left as typed below
                kept.put(old.name(), null);
            }
        }
        settings = List.copyOf(list);
        for (EditSetting s : settings) {
            labels.get(s.name()).setToolTipText(tooltip(s));
            fields.get(s.name()).setToolTipText(tooltip(s));
            if (!kept.containsKey(s.name())) {
                setQuietly(s, s.defaultValue());
            } else {
                markChanged(s);
            }
        }
        changed();
    }

    /** Labels the settings whose defaults are a model's recommendation (the others plainly). */
    void markFromModel(Set<String> names) {
        fromModel = Set.copyOf(names);
        for (EditSetting s : settings) {
            labels.get(s.name()).setText(labelText(s));
            labels.get(s.name()).requestLayout();
        }
    }

    /** The label shown for a setting (for tests). */
    public String label(String name) {
        return labels.get(name).getText();
    }

    private static String tooltip(EditSetting s) {
        String d = s.description();
        return Character.toUpperCase(d.charAt(0)) + d.substring(1) + ".\nDefault: " + s.defaultValue()
                + ". In a batch spec: \"" + s.name() + "\".";
    }

    /** Every setting's default by name (the model's recommendation where it makes one). */
    Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        settings.forEach(s -> m.put(s.name(), s.defaultValue()));
        return m;
    }

    public List<EditSetting> settings() {
        return settings;
    }

    /** The field of a setting (for tests). */
    public Control field(String name) {
        return fields.get(name);
    }

    /** Every field back to its default (the model's recommendation where it has one). */
    public void resetDefaults() {
        settings.forEach(s -> setQuietly(s, s.defaultValue()));
        changed();
    }

    /** Sets the fields that {@code values} names; others keep their values; unknown names are ignored. */
    public void setValues(Map<String, ?> values) {
        for (EditSetting s : settings) {
            if (values.containsKey(s.name())) {
                setQuietly(s, s.coerce(values.get(s.name())));
            }
        }
        changed();
    }

    /** Sets a field without the change notification (the caller sends one at the end). */
    private void setQuietly(EditSetting s, Object value) {
        boolean was = setting;
        setting = true;
        try {
            set(s, value);
        } finally {
            setting = was;
        }
    }

    private void edited(EditSetting s) {
        markChanged(s);
        if (!setting) {
            changed();
        }
    }

    private void set(EditSetting s, Object value) {
        Control c = fields.get(s.name());
        if (c instanceof Button b) {
            b.setSelection(Boolean.TRUE.equals(value));
        } else if (c instanceof Text t) {
            t.setText(format(value));
        }
        markChanged(s);
    }

    private static String format(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d); // 7.5, 1.0e-5 as Java writes them; "50.0" stays a decimal
        }
        return String.valueOf(v);
    }

    /** The value shown for {@code s}, as the setting's type. */
    Object value(EditSetting s) {
        Control c = fields.get(s.name());
        return c instanceof Button b ? Boolean.valueOf(b.getSelection()) : s.coerce(((Text) c).getText());
    }

    /**
     * Every setting's value.
     *
     * @throws IllegalArgumentException naming the first setting whose text is not of its type
     */
    public Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (EditSetting s : settings) {
            m.put(s.name(), value(s));
        }
        return m;
    }

    /** Only the settings that differ from their defaults, those a job needs to name. */
    Map<String, Object> changedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        values().forEach((k, v) -> {
            EditSetting s = settings.stream().filter(x -> x.name().equals(k)).findFirst().orElseThrow();
            if (!Objects.equals(s.defaultValue(), v)) {
                m.put(k, v);
            }
        });
        return m;
    }

    private void markChanged(EditSetting s) {
        Label label = labels.get(s.name());
        if (label == null) {
            return;
        }
        boolean changed;
        try {
            changed = !Objects.equals(s.defaultValue(), value(s));
        } catch (IllegalArgumentException e) {
            changed = true;
        }
        if (bold == null) {
            var fd = label.getFont().getFontData();
            for (var d : fd) {
                d.setStyle(SWT.BOLD);
            }
            bold = new Font(label.getDisplay(), fd);
        }
        label.setFont(changed ? bold : null);
        label.requestLayout();
    }
}
