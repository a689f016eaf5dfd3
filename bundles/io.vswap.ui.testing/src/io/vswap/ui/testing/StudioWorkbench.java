package io.vswap.ui.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

import io.vswap.app.internal.StudioApplication;

/**
 * Starts the studio application (io.vswap.app.studio's IApplication, so its workbench advisor,
 * window and perspective) once per test run, on its own UI thread; tests then drive it from
 * their thread through {@link Ui}. SWT on GTK accepts any thread as the UI thread.
 */
public final class StudioWorkbench {

    private static final AtomicReference<Throwable> startFailure = new AtomicReference<>();
    private static Thread uiThread;

    private StudioWorkbench() {
    }

    public static synchronized void ensureRunning() {
        if (uiThread == null) {
            // the welcome page (io.vswap.welcome) would open over what the tests look at on a first start
            if (System.getProperty("vswap.welcomeAtStart") == null) {
                System.setProperty("vswap.welcomeAtStart", "false");
            }
            uiThread = new Thread(null, () -> {
                try {
                    new StudioApplication().start(null);
                } catch (Throwable t) {
                    startFailure.set(t);
                }
            }, "VideoSwap Studio UI", 64L << 20); // GTK recurses deeply; a main thread has 8 MB, a Java thread 1 MB
            // The test run ends by stopping the framework; a running workbench must not keep the JVM alive.
            uiThread.setDaemon(true);
            uiThread.start();
        }
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (startFailure.get() != null) {
                throw new AssertionError("The studio application failed to start", startFailure.get());
            }
            if (PlatformUI.isWorkbenchRunning() && windowOpen()) {
                // The whole Xvfb screen (whatever its size), so screenshots show the window as a user's full
                // screen would and nothing past the screen's edge.
                Ui.run(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell()
                        .setBounds(Ui.display().getBounds()));
                return;
            }
            Ui.sleep(100);
        }
        fail("The studio workbench did not open a window within 90 s");
    }

    private static boolean windowOpen() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        AtomicReference<Boolean> open = new AtomicReference<>(false);
        display.syncExec(() -> open.set(PlatformUI.getWorkbench().getActiveWorkbenchWindow() != null));
        return open.get();
    }
}
