package io.vswap.ui.internal.prefs;

import java.util.Arrays;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import io.vswap.ui.internal.ModelSizes;
import io.vswap.video.api.SizePreset;

/** VideoSwap preferences: cache folder and the default clip size the import wizard starts with. */
public class StudioPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    // Short enough for the dialog's message line; the field labels say "multiple of 8" too.
    static final String NOT_MULTIPLE_OF_8 = "Clip width and height must be multiples of 8.";

    private ComboFieldEditor size;
    private SizeFieldEditor width;
    private SizeFieldEditor height;

    public StudioPreferencePage() {
        super(GRID);
        setDescription("Defaults for new clips, and where projects keep their caches (applies to projects opened or created afterwards)."
                + " Compute device and precision apply at the next start.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new StudioPreferences().store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new CacheFolderFieldEditor(StudioPreferences.CACHE_FOLDER, "&Cache folder (empty: inside each project):", getFieldEditorParent()));
        String model = ModelSizes.label(ModelSizes.installed());
        String[][] presets = java.util.stream.Stream.concat(
                java.util.stream.Stream.<String[]>of(new String[] { model, StudioPreferences.MODEL_SIZE }),
                Arrays.stream(SizePreset.values()).map(p -> new String[] { p.label(), p.name() }))
                .toArray(String[][]::new);
        size = new ComboFieldEditor(StudioPreferences.CLIP_SIZE, "Default clip &size:", presets,
                getFieldEditorParent());
        addField(size);
        width = new SizeFieldEditor(StudioPreferences.CLIP_WIDTH, "Custom &width (multiple of 8):");
        height = new SizeFieldEditor(StudioPreferences.CLIP_HEIGHT, "Custom &height (multiple of 8):");
        addField(width);
        addField(height);
        addField(new ComboFieldEditor(StudioPreferences.COMPUTE_DEVICE, "Compute &device:",
                new String[][] { { "CPU", "cpu" }, { "GPU (needs CUDA natives)", "gpu" } }, getFieldEditorParent()));
        // bf16 is not offered: the embedded DJL cannot hold bfloat16 tensors (the runtime refuses it)
        addField(new ComboFieldEditor(StudioPreferences.COMPUTE_PRECISION, "Compute &precision:",
                new String[][] { { "Device default (fp32 on the CPU, fp16 on a GPU)", "" }, { "fp32", "fp32" },
                        { "fp16 (for GPUs; slower than fp32 on a CPU)", "fp16" } },
                getFieldEditorParent()));
    }

    @Override
    protected void initialize() {
        super.initialize();
        enableCustomSize(getPreferenceStore().getString(StudioPreferences.CLIP_SIZE));
    }

    @Override
    public void propertyChange(PropertyChangeEvent event) {
        super.propertyChange(event);
        if (event.getSource() == size && FieldEditor.VALUE.equals(event.getProperty())) {
            enableCustomSize(String.valueOf(event.getNewValue()));
        }
    }

    /**
     * JFace clears the page's message whenever any editor checks out valid, even while another is
     * still invalid; keep showing the remaining problem so the disabled OK button is explained.
     */
    @Override
    public void setErrorMessage(String message) {
        if (message == null && width != null && height != null) {
            for (SizeFieldEditor e : new SizeFieldEditor[] { width, height }) {
                if (!e.isValid() && e.problem != null) {
                    message = e.problem;
                    break;
                }
            }
        }
        super.setErrorMessage(message);
    }

    private void enableCustomSize(String preset) {
        boolean custom = SizePreset.CUSTOM.name().equals(preset);
        width.setEnabled(custom, getFieldEditorParent());
        height.setEnabled(custom, getFieldEditorParent());
    }

    /** A clip width or height: an integer in range and a multiple of 8. */
    private final class SizeFieldEditor extends IntegerFieldEditor {

        String problem;

        SizeFieldEditor(String key, String label) {
            super(key, label, getFieldEditorParent());
            setValidRange(8, 4096);
        }

        @Override
        protected boolean checkState() {
            boolean ok = super.checkState();
            problem = ok ? null : getErrorMessage();
            if (ok && getIntValue() % 8 != 0) {
                problem = NOT_MULTIPLE_OF_8;
                showErrorMessage(problem);
                return false;
            }
            return ok;
        }
    }
}
