package io.vswap.ui.internal.prefs;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;

import io.vswap.ui.api.StudioIds;

/** Defaults: clips at the installed model's own size, caches inside each project. */
public class StudioPreferenceInitializer extends AbstractPreferenceInitializer {

    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences node = DefaultScope.INSTANCE.getNode(StudioIds.PLUGIN_ID);
        node.put(StudioPreferences.CACHE_FOLDER, ""); // inside each project: projects stay self-contained
        node.put(StudioPreferences.CLIP_SIZE, StudioPreferences.MODEL_SIZE);
        node.putInt(StudioPreferences.CLIP_WIDTH, 512);
        node.putInt(StudioPreferences.CLIP_HEIGHT, 512);
        node.put(StudioPreferences.COMPUTE_DEVICE, "cpu");
        node.putBoolean(StudioPreferences.REOPEN_LAST_PROJECT, true);
        node.put(StudioPreferences.COMPUTE_PRECISION, ""); // fp32 on the CPU, fp16 on a GPU
    }
}
