package io.vswap.points.tests;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Real DS services, as the product wires them. */
final class Services {

    private Services() {
    }

    static <T> T get(Class<T> type) {
        BundleContext ctx = FrameworkUtil.getBundle(Services.class).getBundleContext();
        ServiceTracker<T, T> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        try {
            T s = tracker.waitForService(TimeUnit.SECONDS.toMillis(20));
            if (s == null) {
                throw new AssertionError("no " + type.getSimpleName() + " service registered within 20 s");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
