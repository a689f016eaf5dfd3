package io.vswap.bench.internal;

import java.lang.management.MemoryUsage;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;

/**
 * The highest GPU memory in use (CUDA's view: what PyTorch's caching allocator holds, as
 * nvidia-smi shows it) since the last {@link #reset}, sampled every 2 ms by a daemon thread; DJL
 * has no {@code torch.cuda.max_memory_allocated}. A reset empties PyTorch's cache first, so each
 * pass starts from what is really held.
 */
final class GpuMemoryPeak implements AutoCloseable {

    private final Device device;
    private final Thread sampler;
    private volatile long peak;
    private volatile boolean closed;

    GpuMemoryPeak(Device device) {
        this.device = device;
        sampler = new Thread(() -> {
            while (!closed) {
                long used = used();
                if (used > peak) {
                    peak = used;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-gpu-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    long used() {
        MemoryUsage u = CudaUtils.getGpuMemory(device);
        return u.getCommitted();
    }

    void reset() {
        JniUtils.emptyCudaCache();
        peak = used();
    }

    long peak() {
        return Math.max(peak, used());
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
