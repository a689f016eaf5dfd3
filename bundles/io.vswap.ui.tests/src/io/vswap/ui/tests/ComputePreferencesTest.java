package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.jface.preference.PreferenceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vswap.ui.internal.prefs.StudioPreferences;

/** The compute preferences reach the tensor runtime as its system properties; the command line wins. */
class ComputePreferencesTest {

    private String device;
    private String precision;

    @BeforeEach
    void remember() {
        device = System.getProperty("vswap.device");
        precision = System.getProperty("vswap.precision");
        System.clearProperty("vswap.device");
        System.clearProperty("vswap.precision");
    }

    @AfterEach
    void restore() {
        restore("vswap.device", device);
        restore("vswap.precision", precision);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
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
