package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.vswap.diffusion.api.TensorRuntime;

/** The tensor runtime as DS registers it in the test framework. */
final class Runtime {

    private Runtime() {
    }

    static TensorRuntime get() throws InterruptedException {
        var ctx = FrameworkUtil.getBundle(Runtime.class).getBundleContext();
        ServiceTracker<TensorRuntime, TensorRuntime> t = new ServiceTracker<>(ctx, TensorRuntime.class, null);
        t.open();
        TensorRuntime r = t.waitForService(TimeUnit.SECONDS.toMillis(120));
        assertNotNull(r, "TensorRuntime service registered");
        return r;
    }
}
