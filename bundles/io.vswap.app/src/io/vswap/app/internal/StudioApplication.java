package io.vswap.app.internal;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** The workstation application {@code io.vswap.app.studio}: runs the workbench until it closes. */
public class StudioApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        // The workstation opens no AWT windows; headless keeps Java2D (which rasterises the
        // workbench's SVG icons) from opening an X11 connection of its own beside GTK's.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // before anything starts the tensor runtime, which reads them once
        new io.vswap.ui.internal.prefs.StudioPreferences().applyComputeSettings();
        Display.setAppName("VideoSwap Studio");
        Display display = PlatformUI.createDisplay();
        try {
            int code = PlatformUI.createAndRunWorkbench(display, new StudioWorkbenchAdvisor());
            return code == PlatformUI.RETURN_RESTART ? EXIT_RESTART : EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}
