package io.vswap.diffusion.api;

import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

/**
 * How many bytes of attention scores ({@code [batch·heads, queries, keys]} in fp32) may exist at
 * once. Above the budget, {@link DotProductAttention#attention} computes the same numbers in
 * slices of heads, then of query rows (diffusers' sliced attention), so that SD 1.5's 64×64
 * self-attention over 16 frames (16 GB of scores per layer with guidance) never materialises
 * whole.
 *
 * <p>Chosen with {@code -Dvswap.attention.slice}: {@code auto} (the default: a sixteenth of the
 * device's free memory, between 64 MiB and 1 GiB), {@code off} (never slice), or a number of MiB.
 */
public final class AttentionSlicing {

    /** The system property: {@code auto}, {@code off} or a budget in MiB. */
    public static final String PROPERTY = "vswap.attention.slice";

    static final long MIB = 1L << 20;
    static final long AUTO_FLOOR = 64 * MIB;
    static final long AUTO_CEILING = 1024 * MIB;
    private static final long FREE_MEMORY_MAX_AGE_NANOS = 1_000_000_000L;

    private static volatile long freeMemoryRead;
    private static volatile long freeMemoryReadAt;

    private AttentionSlicing() {
    }

    /** The budget in bytes for attention on {@code device} under the current setting; {@link Long#MAX_VALUE} when off. */
    public static long budgetBytes(Device device) {
        return budgetBytes(PROPERTY, "attention slicing", device);
    }

    /** Checks the setting; the message says what is allowed. */
    public static void requireValid(String value) {
        requireValid(value, "attention slicing");
    }

    /** A budget set as this one is ({@code auto}, {@code off}, MiB), under {@code property}: {@link FeedForwardChunking}'s too. */
    static long budgetBytes(String property, String what, Device device) {
        String v = System.getProperty(property, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
        case "", "auto" -> Math.max(AUTO_FLOOR, Math.min(AUTO_CEILING, freeBytes(device) / 16));
        case "off" -> Long.MAX_VALUE;
        default -> parseMiB(v, what) * MIB;
        };
    }

    static void requireValid(String value, String what) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && !v.equals("auto") && !v.equals("off")) {
            parseMiB(v, what);
        }
    }

    private static long parseMiB(String v, String what) {
        try {
            long mib = Long.parseLong(v);
            if (mib >= 1) {
                return mib;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(
                what + " '" + v + "' is not auto, off or a number of MiB (at least 1), e.g. 256");
    }

    /** The device's free memory: CUDA's free bytes on a GPU, {@code MemAvailable} on the CPU (read at most once a second). */
    static long freeBytes(Device device) {
        if (device.isGpu()) {
            MemoryUsage u = CudaUtils.getGpuMemory(device);
            return Math.max(0, u.getMax() - u.getCommitted());
        }
        long now = System.nanoTime();
        if (freeMemoryRead == 0 || now - freeMemoryReadAt > FREE_MEMORY_MAX_AGE_NANOS) {
            freeMemoryRead = memAvailable();
            freeMemoryReadAt = now;
        }
        return freeMemoryRead;
    }

    private static long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or unreadable: the JVM's view below
        }
        return Runtime.getRuntime().maxMemory();
    }
}
