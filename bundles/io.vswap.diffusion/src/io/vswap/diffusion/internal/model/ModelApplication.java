package io.vswap.diffusion.internal.model;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.vswap.diffusion.api.TensorRuntime;

/** The {@code io.vswap.diffusion.model} application behind {@code vswap model}; see {@link ModelCommand}. */
public final class ModelApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        var ctx = FrameworkUtil.getBundle(ModelApplication.class).getBundleContext();
        ServiceTracker<TensorRuntime, TensorRuntime> t = new ServiceTracker<>(ctx, TensorRuntime.class, null);
        t.open();
        try {
            TensorRuntime rt = t.waitForService(TimeUnit.SECONDS.toMillis(60));
            if (rt == null) {
                System.err.println("vswap model: the tensor runtime (io.vswap.diffusion, DS) did not start");
                return ModelCommand.BAD_FILES;
            }
            List<String> a = args == null ? List.of() : Arrays.asList(args);
            return new ModelCommand(rt, System.out, System.err).run(a);
        } finally {
            t.close();
        }
    }

    @Override
    public void stop() {
        // runs to completion
    }
}
