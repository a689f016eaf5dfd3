package io.vswap.ui.internal.prefs;

import java.util.Arrays;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import io.vswap.video.api.SizePreset;

/** VideoSwap preferences: cache folder and the default clip size the import wizard starts with. */
public class StudioPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public StudioPreferencePage() {
        super(GRID);
        setDescription("Defaults for new clips and where the workstation keeps its caches.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new StudioPreferences().store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new CacheFolderFieldEditor(StudioPreferences.CACHE_FOLDER, "&Cache folder:", getFieldEditorParent()));
        String[][] presets = Arrays.stream(SizePreset.values())
                .map(p -> new String[] { p.label(), p.name() })
                .toArray(String[][]::new);
        addField(new ComboFieldEditor(StudioPreferences.CLIP_SIZE, "Default clip &size:", presets,
                getFieldEditorParent()));
        addField(multipleOf8(StudioPreferences.CLIP_WIDTH, "Custom &width (multiple of 8):"));
        addField(multipleOf8(StudioPreferences.CLIP_HEIGHT, "Custom &height (multiple of 8):"));
    }

    private IntegerFieldEditor multipleOf8(String key, String label) {
        IntegerFieldEditor editor = new IntegerFieldEditor(key, label, getFieldEditorParent()) {
            @Override
            protected boolean checkState() {
                boolean ok = super.checkState();
                if (ok && getIntValue() % 8 != 0) {
                    showErrorMessage("Clip sizes must be multiples of 8 (the latent is 1/8 of the frame).");
                    return false;
                }
                return ok;
            }
        };
        editor.setValidRange(8, 4096);
        return editor;
    }
}
