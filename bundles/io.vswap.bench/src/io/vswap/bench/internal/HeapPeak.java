package io.vswap.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap a step keeps alive while it runs: a thread forces a full collection and reads the
 * heap in use, every {@code intervalMillis}. Garbage is not counted, so the figure is what the step
 * holds (a clip, a sheet), not how lazily the collector happened to run; a brief peak between two
 * samples can be missed, a held clip cannot.
 */
final class HeapPeak implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long baseline;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile int samples;

    HeapPeak(long intervalMillis) {
        baseline = liveHeap();
        peak = baseline;
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        peak = Math.max(peak, liveHeap());
        samples++;
    }

    private long liveHeap() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** How far the live heap rose above what it was when the watch started, in bytes. */
    long rise() {
        return Math.max(0, peak - baseline);
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
