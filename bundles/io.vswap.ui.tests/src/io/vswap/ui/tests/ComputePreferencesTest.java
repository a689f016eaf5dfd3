package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.jface.preference.PreferenceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vswap.testing.SystemPropertiesRestored;
import io.vswap.ui.internal.prefs.StudioPreferences;

/** The compute preferences reach the tensor runtime as its system properties; the command line wins. */
class ComputePreferencesTest {

    @RegisterExtension
    final SystemPropertiesRestored properties = new SystemPropertiesRestored("vswap.device", "vswap.precision");

    @BeforeEach
    void unset() {
        System.clearProperty("vswap.device");
        System.clearProperty("vswap.precision");
    }

    private static StudioPreferences prefs(String device, String precision) {
        PreferenceStore store = new PreferenceStore();
        store.setValue(StudioPreferences.COMPUTE_DEVICE, device);
        store.setValue(StudioPreferences.COMPUTE_PRECISION, precision);
        return new StudioPreferences(store);
    }

    @Test
    void preferencesBecomeTheRuntimeProperties() {
        prefs("gpu", "fp16").applyComputeSettings();
        assertEquals("gpu", System.getProperty("vswap.device"));
        assertEquals("fp16", System.getProperty("vswap.precision"));
    }

    @Test
    void deviceDefaultLeavesThePrecisionUnset() {
        prefs("cpu", "").applyComputeSettings();
        assertEquals("cpu", System.getProperty("vswap.device"));
        assertNull(System.getProperty("vswap.precision"), "the runtime picks fp32 on the CPU, fp16 on a GPU");
    }

    @Test
    void theCommandLineWins() {
        System.setProperty("vswap.precision", "fp32");
        prefs("cpu", "fp16").applyComputeSettings();
        assertEquals("fp32", System.getProperty("vswap.precision"));
    }
}
