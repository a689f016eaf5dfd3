package io.vswap.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real DS services of the test framework, as the product wires them: the one place tests wait
 * for a service (DS registers them after the framework starts, natives first load in seconds).
 */
public final class TestServices {

    /** Long enough for the first load of the PyTorch natives on a busy 2-core machine. */
    public static final long WAIT_SECONDS = 120;

    private TestServices() {
    }

    /** The service of {@code type}, waiting up to {@link #WAIT_SECONDS} for DS to register it. */
    public static <T> T await(Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        try {
            T s = tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (s == null) {
                throw new AssertionError("no " + type.getName() + " service registered within " + WAIT_SECONDS
                        + " s; is DS (org.apache.felix.scr) running and the bundle that offers it resolved?");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + type.getName(), e);
        }
    }

    /** Every service of {@code type} registered now. */
    public static <T> List<T> all(Class<T> type) {
        BundleContext ctx = context();
        try {
            var refs = ctx.getServiceReferences(type, null);
            return refs.stream().map(ctx::getService).filter(s -> s != null).toList();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The registered services of {@code type} by {@code key} (job types by their type, methods by their
     * id), once each of {@code needed} is there: DS registers them one by one.
     */
    public static <T> Map<String, T> awaitKeyed(Class<T> type, Function<T, String> key, String... needed) {
        await(type);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Map<String, T> byKey = new TreeMap<>();
            all(type).forEach(t -> byKey.putIfAbsent(key.apply(t), t));
            if (byKey.keySet().containsAll(Arrays.asList(needed))) {
                return byKey;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError(type.getSimpleName() + " " + Arrays.toString(needed) + " not all registered "
                        + "within " + WAIT_SECONDS + " s; registered: " + byKey.keySet());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static BundleContext context() {
        Bundle b = FrameworkUtil.getBundle(TestServices.class);
        if (b.getBundleContext() == null) {
            try {
                b.start();
            } catch (org.osgi.framework.BundleException e) {
                throw new IllegalStateException("the test harness bundle cannot start: " + e.getMessage(), e);
            }
        }
        return b.getBundleContext();
    }
}
