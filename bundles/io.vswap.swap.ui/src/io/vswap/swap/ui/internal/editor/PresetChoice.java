package io.vswap.swap.ui.internal.editor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.vswap.swap.api.EditPreset;

/**
 * The quality/speed preset of the Swap editor (Draft, Standard, Final, as the method declares
 * them): choosing one sets the settings the presets speak of, from the defaults in force; any
 * change that matches no preset shows "Custom". Settings no preset names (the seed, the blend)
 * are left as they are.
 */
final class PresetChoice {

    static final String CUSTOM = "Custom";

    private final Label label;
    private final Combo combo;
    private final Label description;
    private final SettingsForm settings;
    private List<EditPreset> presets = List.of();

    PresetChoice(Composite parent, SettingsForm settings) {
        this.settings = settings;
        label = new Label(parent, SWT.NONE);
        label.setText("Preset:");
        label.setToolTipText("Quality against time: each preset is a set of the settings under Advanced");
        GridDataFactory.swtDefaults().applyTo(label);
        combo = new Combo(parent, SWT.READ_ONLY);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(combo);
        combo.addListener(SWT.Selection, e -> apply());
        description = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(100, SWT.DEFAULT).applyTo(description);
        settings.onChange(this::follow);
    }

    /** The presets of a newly chosen method; the one that matches the form is shown (Standard at defaults). */
    void setPresets(List<EditPreset> list) {
        presets = List.copyOf(list);
        combo.removeAll();
        presets.forEach(p -> combo.add(p.name()));
        combo.add(CUSTOM);
        boolean any = !presets.isEmpty();
        for (var c : List.of(label, combo, description)) {
            c.setVisible(any);
            ((org.eclipse.swt.layout.GridData) c.getLayoutData()).exclude = !any;
        }
        follow();
    }

    /** The names of the settings any preset sets: those a preset's choice changes. */
    private Set<String> touched(Map<String, Object> defaults) {
        Set<String> names = new LinkedHashSet<>();
        presets.forEach(p -> names.addAll(p.fromDefaults().apply(Map.copyOf(defaults)).keySet()));
        return names;
    }

    /** Sets the chosen preset's values. */
    private void apply() {
        int i = combo.getSelectionIndex();
        if (i < 0 || i >= presets.size()) {
            return; // "Custom" is what the fields say
        }
        Map<String, Object> defaults = settings.defaults();
        Map<String, Object> values = presets.get(i).values(defaults);
        values.keySet().retainAll(touched(defaults));
        settings.setValues(values);
    }

    /** Shows the preset the fields match, or Custom. */
    void follow() {
        if (combo.isDisposed() || presets.isEmpty()) {
            return;
        }
        try {
            match();
        } catch (RuntimeException e) {
            // another method's settings while the presets are still the last method's: they follow at once
            combo.select(presets.size());
        }
    }

    private void match() {
        Map<String, Object> defaults = settings.defaults();
        Map<String, Object> shown;
        try {
            shown = settings.values();
        } catch (IllegalArgumentException e) {
            shown = null; // a field being typed: Custom until it reads
        }
        int match = presets.size();
        if (shown != null) {
            Set<String> names = touched(defaults);
            for (int i = 0; i < presets.size(); i++) {
                Map<String, Object> v = presets.get(i).values(defaults);
                Map<String, Object> now = shown;
                if (names.stream().allMatch(n -> Objects.equals(v.get(n), now.get(n)))) {
                    match = i;
                    break;
                }
            }
        }
        combo.select(match);
        description.setText(match < presets.size() ? presets.get(match).description()
                : "your own settings (see Advanced; bold: changed from the default)");
        description.requestLayout();
    }

    /** The preset shown, or {@link #CUSTOM}. */
    String selected() {
        return combo.getText();
    }

    /** Chooses a preset by name, as a click would. */
    void select(String name) {
        int i = combo.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no preset " + name + " among " + List.of(combo.getItems()));
        }
        combo.select(i);
        apply();
    }

    Combo combo() {
        return combo;
    }
}
