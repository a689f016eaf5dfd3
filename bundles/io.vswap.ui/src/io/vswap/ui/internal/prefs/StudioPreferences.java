package io.vswap.ui.internal.prefs;

import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import io.vswap.ui.api.StudioIds;
import io.vswap.video.api.SizePreset;

/** The workstation's preference keys and typed access to them (instance scope, node {@code io.vswap.ui}). */
public final class StudioPreferences {

    /**
     * Where projects keep their caches (prepared clips, later latents): empty for {@code cache/}
     * inside each project, or a folder (a fast local disk) holding one sub-folder per project.
     */
    public static final String CACHE_FOLDER = "cacheFolder";
    /** Default clip size: {@link #MODEL_SIZE} or a preset name ({@link SizePreset#name()}). */
    public static final String CLIP_SIZE = "clipSize";
    /** {@link #CLIP_SIZE}'s value for the size the installed model was made for. */
    public static final String MODEL_SIZE = "MODEL";
    /** Default clip width and height when {@link #CLIP_SIZE} is {@link SizePreset#CUSTOM}. */
    public static final String CLIP_WIDTH = "clipWidth";
    public static final String CLIP_HEIGHT = "clipHeight";
    /** The projects opened lately, newest first, one folder per line (File › Open Recent). */
    public static final String RECENT_PROJECTS = "recentProjects";
    /** Whether the workstation opens the last project again when it starts. */
    public static final String REOPEN_LAST_PROJECT = "reopenLastProject";
    /** Where the networks run: {@code cpu} or {@code gpu} (read when the tensor runtime starts). */
    public static final String COMPUTE_DEVICE = "computeDevice";
    /** The networks' precision: {@code fp32}, {@code fp16}, or empty for the device's default. */
    public static final String COMPUTE_PRECISION = "computePrecision";
    /** The system properties io.vswap.diffusion's tensor runtime reads when it starts. */
    static final String DEVICE_PROPERTY = "vswap.device";
    static final String PRECISION_PROPERTY = "vswap.precision";

    private final IPreferenceStore store;

    public StudioPreferences() {
        this(new ScopedPreferenceStore(InstanceScope.INSTANCE, StudioIds.PLUGIN_ID));
    }

    public StudioPreferences(IPreferenceStore store) {
        this.store = store;
    }

    public IPreferenceStore store() {
        return store;
    }

    /** The cache folder, or {@code null} for caches inside each project. */
    public Path cacheFolder() {
        String v = store.getString(CACHE_FOLDER).trim();
        return v.isEmpty() ? null : Path.of(v);
    }

    /** The preset chosen, or null for the model's own size ({@link #MODEL_SIZE}, the default). */
    public SizePreset clipSizePreset() {
        try {
            return SizePreset.valueOf(store.getString(CLIP_SIZE));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The default clip output size as {width, height}, multiples of 8.
     *
     * @param modelSize the installed model's own size, or null when none is known (then 512×512)
     */
    public int[] clipSize(int[] modelSize) {
        SizePreset preset = clipSizePreset();
        if (preset == null) {
            return modelSize != null ? modelSize.clone()
                    : new int[] { SizePreset.SQUARE_512.width(), SizePreset.SQUARE_512.height() };
        }
        if (preset != SizePreset.CUSTOM) {
            return new int[] { preset.width(), preset.height() };
        }
        return new int[] { roundTo8(store.getInt(CLIP_WIDTH)), roundTo8(store.getInt(CLIP_HEIGHT)) };
    }

    /**
     * Hands the compute preferences to the tensor runtime as its system properties, before it
     * starts (the workbench calls this first thing; a change applies at the next start). A
     * property given on the command line ({@code -Dvswap.device}, {@code VSWAP_VMARGS}) wins.
     */
    public void applyComputeSettings() {
        String device = store.getString(COMPUTE_DEVICE).trim();
        if (System.getProperty(DEVICE_PROPERTY) == null && !device.isEmpty()) {
            System.setProperty(DEVICE_PROPERTY, device);
        }
        String precision = store.getString(COMPUTE_PRECISION).trim();
        if (System.getProperty(PRECISION_PROPERTY) == null && !precision.isEmpty()) {
            System.setProperty(PRECISION_PROPERTY, precision);
        }
    }

    static int roundTo8(int v) {
        return Math.max(8, (v + 4) / 8 * 8);
    }
}
