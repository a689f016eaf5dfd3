package io.vswap.video.internal.fault;

import java.util.concurrent.CountDownLatch;

/**
 * Test instrumentation for the fault-injection tests (docs/data-safety.md): started with
 * {@code -Dvswap.test.pauseAt=NAME}, the process stops when it reaches the point {@code NAME}, says
 * so on the console and waits there, so that a test can kill it at exactly that moment. A shutdown
 * (Ctrl-C, SIGTERM) lets it go on, as the signal would have found it working. Without the property
 * a point costs one property read.
 */
public final class FaultPoints {

    /** The system property naming the point to pause at. */
    public static final String PROPERTY = "vswap.test.pauseAt";
    /** What the console says at a pause, followed by the point's name. */
    public static final String PAUSED = "vswap: paused at fault point ";

    private FaultPoints() {
    }

    /** Pauses here if the property names {@code name}; else returns at once. */
    public static void reached(String name) {
        if (!name.equals(System.getProperty(PROPERTY))) {
            return;
        }
        CountDownLatch release = new CountDownLatch(1);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(release::countDown, "vswap-fault-point-release"));
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        System.err.println(PAUSED + name);
        System.err.flush();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
