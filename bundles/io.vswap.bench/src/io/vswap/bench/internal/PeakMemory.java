package io.vswap.bench.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Device;

/**
 * The peak memory of one measured pass: GPU memory on a GPU ({@link GpuMemoryPeak}), else the
 * process's peak RSS (VmHWM, reset through {@code /proc/self/clear_refs}).
 */
final class PeakMemory {

    /** Samples GPU memory when the runtime is on a GPU; null on the CPU (peaks are then RSS). */
    private static GpuMemoryPeak gpu;

    private PeakMemory() {
    }

    /** Measures on {@code device} from now on (a GPU's memory, or the process's RSS). */
    static synchronized void onDevice(Device device) {
        if (device.isGpu() && gpu == null) {
            gpu = new GpuMemoryPeak(device);
        }
    }

    /** Resets the peak mark: GPU memory on a GPU, else the kernel's peak-RSS mark when it lets us. */
    static boolean reset() {
        if (gpu != null) {
            gpu.reset();
            return true;
        }
        try {
            // glibc keeps freed memory in its arenas: without a trim the RSS peak of a pass would be
            // at least what the largest earlier pass left behind
            LibC.INSTANCE.malloc_trim(0);
        } catch (RuntimeException | LinkageError e) {
            // not glibc: peaks may then include memory an earlier pass freed
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The peak since {@link #reset}: GPU memory in use on a GPU, else the process's peak RSS. */
    static double peak() throws Exception {
        return gpu != null ? gpu.peak() : UnetBenchmark.proc("VmHWM");
    }

    /** What is held now: GPU memory on a GPU, else the process's RSS. */
    static double current() throws Exception {
        return gpu != null ? gpu.used() : UnetBenchmark.proc("VmRSS");
    }

    /**
     * How the C heap hands memory back, in words: glibc keeps freed blocks below its mmap threshold
     * (which grows with the largest freed block, up to 32 MiB) in its arenas, so RSS peaks of small
     * passes include memory a GPU's caching allocator would reuse; {@code MALLOC_MMAP_THRESHOLD_} in
     * the environment fixes the threshold (every larger block mapped and unmapped on its own).
     */
    static String allocator() {
        if (gpu != null) {
            return "GPU memory from the CUDA caching allocator";
        }
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        return threshold == null ? "glibc malloc, its own mmap threshold (freed blocks up to 32 MiB kept)"
                : "glibc malloc, mmap threshold " + threshold
                        + " B (MALLOC_MMAP_THRESHOLD_: larger blocks returned when freed)";
    }

    /** "GPU memory" or "RSS", for the printed lines. */
    static String kind() {
        return gpu != null ? "GPU memory" : "RSS";
    }

    private interface LibC extends com.sun.jna.Library {
        LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

        int malloc_trim(long pad);
    }
}
