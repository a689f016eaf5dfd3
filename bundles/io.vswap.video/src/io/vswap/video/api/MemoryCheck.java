package io.vswap.video.api;

import java.util.Locale;

/**
 * Memory a step is about to take, checked against what this process may still use before the
 * work starts, so that a clip too large for the machine is refused in words ("not enough memory:
 * … needs about 12.4 GB") instead of dying half-way with an {@link OutOfMemoryError}. The estimate
 * is the step's own (its largest arrays); the check asks the JVM for its heap limit.
 */
public final class MemoryCheck {

    /** What to do about it, said with every refusal. */
    public static final String ADVICE = "give VideoSwap Studio more memory (for the batch runner e.g. VSWAP_XMX=16g; "
            + "for the workstation -Xmx in its .ini file) or use a shorter or smaller clip";

    private MemoryCheck() {
    }

    /**
     * @param bytes the estimated need of the step
     * @param what the step, as the message names it ("a sample clip of 200 frames of 4096×4096")
     * @throws NotEnoughMemoryException when {@code bytes} exceeds what this process may still take
     */
    public static void require(long bytes, String what) {
        if (bytes <= available()) {
            return;
        }
        System.gc(); // garbage counts as used until collected: ask once more after a collection
        long available = available();
        if (bytes > available) {
            throw new NotEnoughMemoryException(String.format(Locale.ROOT,
                    "not enough memory: %s needs about %s, and this process may take %s more (of at most %s); %s",
                    what, gigabytes(bytes), gigabytes(available), gigabytes(Runtime.getRuntime().maxMemory()), ADVICE));
        }
    }

    /** What the heap may still grow by: its limit less what is in use now. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** {@code 12.4 GB}, {@code 0.3 GB}. */
    public static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** A step refused, before it started, for want of memory; the message says how much and what to do. */
    public static final class NotEnoughMemoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotEnoughMemoryException(String message) {
            super(message);
        }
    }
}
