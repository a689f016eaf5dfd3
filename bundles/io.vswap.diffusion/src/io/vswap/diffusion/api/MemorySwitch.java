package io.vswap.diffusion.api;

import java.util.Locale;

import ai.djl.Device;

/**
 * A way of computing that trades time for memory, chosen by a system property: forced on, forced
 * off, or {@code auto} (the default): on when the memory the cheap way would take is estimated
 * above a quarter of the device's free memory ({@link AttentionSlicing#freeBytes}). The quarter
 * leaves room for the weights' neighbours: the skips, the optimizer, another window's results.
 *
 * @param property the system property, e.g. {@code vswap.gradientCheckpointing}
 * @param on the property's word for on ({@code on}, {@code apart})
 * @param off its word for off ({@code off}, {@code together})
 */
public record MemorySwitch(String property, String on, String off) {

    /** Whether to take the memory-saving way for work estimated at {@code bytes} the cheap way, on {@code device}. */
    public boolean enabled(double bytes, Device device) {
        String v = System.getProperty(property, "auto").trim().toLowerCase(Locale.ROOT);
        if (v.equals(on)) {
            return true;
        }
        if (v.equals(off)) {
            return false;
        }
        if (v.isEmpty() || v.equals("auto")) {
            return bytes > AttentionSlicing.freeBytes(device) / 4.0;
        }
        throw new IllegalArgumentException("-D" + property + "=" + v + " is not auto, " + on + " or " + off);
    }
}
