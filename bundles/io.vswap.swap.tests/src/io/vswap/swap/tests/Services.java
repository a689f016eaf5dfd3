package io.vswap.swap.tests;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Real DS services, as the product wires them. */
final class Services {

    private Services() {
    }

    static <T> T get(Class<T> type) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(Services.class).getBundleContext();
        ServiceTracker<T, T> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        T s = tracker.waitForService(TimeUnit.SECONDS.toMillis(120));
        if (s == null) {
            throw new AssertionError("no " + type.getSimpleName() + " service registered within 120 s");
        }
        return s;
    }
}
