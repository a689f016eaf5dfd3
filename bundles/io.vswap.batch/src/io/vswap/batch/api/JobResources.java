package io.vswap.batch.api;

/**
 * What one run of a job needs from a machine: what a render farm reserves for its task.
 *
 * @param cores CPU cores it uses well
 * @param memoryMiB memory of the whole process (heap, native tensors, codecs), MiB
 * @param gpus GPUs (0: runs on the CPU)
 * @param gpuMemoryMiB memory on the GPU, MiB (0 without one)
 */
public record JobResources(int cores, long memoryMiB, int gpus, long gpuMemoryMiB) {

    /** A job that decodes, tracks or writes files: two cores and 2 GiB. */
    public static final JobResources DEFAULT = new JobResources(2, 2048, 0, 0);

    public JobResources {
        if (cores < 1 || memoryMiB < 1 || gpus < 0 || gpuMemoryMiB < 0 || (gpus == 0 && gpuMemoryMiB > 0)) {
            throw new IllegalArgumentException("resources: " + cores + " cores, " + memoryMiB + " MiB, " + gpus
                    + " GPUs, " + gpuMemoryMiB + " MiB GPU memory");
        }
    }
}
