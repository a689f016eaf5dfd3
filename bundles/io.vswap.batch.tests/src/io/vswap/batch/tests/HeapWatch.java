package io.vswap.batch.tests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap a piece of work keeps alive: a thread collects garbage and reads the heap in use,
 * over and over, while the work runs. Garbage is not counted, so what it sees is what the work
 * holds (a whole clip, say), not how lazily the collector runs.
 */
final class HeapWatch implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long baseline;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;

    HeapWatch() {
        baseline = liveHeap();
        peak = baseline;
        sampler = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, liveHeap());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private long liveHeap() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** How far the live heap rose above what it was when the watch started. */
    long rise() {
        return Math.max(0, peak - baseline);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }
}
