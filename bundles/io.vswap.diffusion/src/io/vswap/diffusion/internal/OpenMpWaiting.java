package io.vswap.diffusion.internal;

import java.util.Locale;

import com.sun.jna.Library;
import com.sun.jna.Native;

import io.vswap.diffusion.api.TensorRuntimeException;

/**
 * How long PyTorch's OpenMP threads spin before they sleep at the end of a parallel region.
 * libgomp's default (300 000 spins) keeps an idle machine's threads hot, but when other work
 * shares the cores a thread spins through its time slice while the one it waits for is not even
 * running: a 10-step reconstruction took 63 s instead of 20 beside two busy loops, its CPU time
 * doubled. A short spin (1000, libgomp's own figure for an oversubscribed machine) keeps the idle
 * speed and stops the waste (docs/benchmarks.md, "The CPU path under load").
 *
 * <p>libgomp reads {@code GOMP_SPINCOUNT} once, when it is loaded with libtorch, so this runs
 * before the engine starts. The user's own {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT}
 * wins; {@code -Dvswap.openmp.spinCount=N} sets the count, {@code =library} keeps libgomp's.
 */
final class OpenMpWaiting {

    static final String PROPERTY = "vswap.openmp.spinCount";
    static final long DEFAULT_SPIN_COUNT = 1000;

    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private OpenMpWaiting() {
    }

    /** Applies the policy to this process's environment; returns what applies, in words. */
    static String apply() {
        String policy = System.getenv("OMP_WAIT_POLICY");
        String spin = System.getenv("GOMP_SPINCOUNT");
        if (policy != null || spin != null) {
            return "OpenMP waiting from the environment (" + (policy != null ? "OMP_WAIT_POLICY=" + policy : "")
                    + (policy != null && spin != null ? ", " : "") + (spin != null ? "GOMP_SPINCOUNT=" + spin : "") + ")";
        }
        String v = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (v.equals("library")) {
            return "OpenMP threads spin as libgomp's default (300000 spins; -D" + PROPERTY + "=library)";
        }
        long count = v.isEmpty() ? DEFAULT_SPIN_COUNT : parse(v);
        try {
            Native.load("c", CLibrary.class).setenv("GOMP_SPINCOUNT", Long.toString(count), 0);
        } catch (RuntimeException | LinkageError e) {
            return "OpenMP threads spin as libgomp's default (the spin count " + count + " could not be set: "
                    + e.getMessage() + ")";
        }
        return "OpenMP threads spin " + count + " times before they sleep"
                + (v.isEmpty() ? " (the default; -D" + PROPERTY + " sets it)" : "");
    }

    private static long parse(String v) {
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new TensorRuntimeException("-D" + PROPERTY + "=" + v + " is not a spin count: give a whole number "
                + "(0 sleeps at once, 1000 is the default) or 'library' for libgomp's own (300000)", null);
    }
}
