package io.vswap.batch.internal;

import java.util.Map;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** The headless application {@code io.vswap.batch.app}: {@code vswap batch …} on the console. */
public final class BatchApplication implements IApplication {

    /** Set by the launch script, which can tell whether stderr is a terminal ({@code [ -t 2 ]}). */
    static final String TERMINAL_PROPERTY = "vswap.terminal";

    @Override
    public Object start(IApplicationContext appContext) throws Exception {
        appContext.applicationRunning(); // no splash to take down, but say we are up
        Map<?, ?> arguments = appContext.getArguments();
        String[] args = (String[]) arguments.get(IApplicationContext.APPLICATION_ARGS);
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        BatchCommand command = new BatchCommand(context, System.out, System.err, stderrIsTerminal());
        int code = BatchCommand.runWithInterrupt(command, args == null ? new String[0] : args);
        System.out.flush();
        System.err.flush();
        return code == EXIT_OK ? EXIT_OK : Integer.valueOf(code);
    }

    @Override
    public void stop() {
        // The batch runs in start(); the framework stopping under it cancels through the
        // shutdown hook that BatchCommand installs.
    }

    private static boolean stderrIsTerminal() {
        String property = System.getProperty(TERMINAL_PROPERTY);
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        // Started without the script: a console means a terminal on stdin and stdout,
        // the best guess for stderr there is.
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }
}
