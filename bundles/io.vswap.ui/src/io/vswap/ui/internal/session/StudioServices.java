package io.vswap.ui.internal.session;

import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.services.IServiceLocator;

/**
 * Finds OSGi services through the workbench's service locators, whose e4 context falls back
 * to the OSGi service registry (so DS components are found without hand-made lookups).
 */
public final class StudioServices {

    private StudioServices() {
    }

    public static ProjectSession session() {
        return require(PlatformUI.getWorkbench(), ProjectSession.class);
    }

    public static <T> T require(IServiceLocator locator, Class<T> type) {
        T service = locator.getService(type);
        if (service == null) {
            throw new IllegalStateException("The " + type.getSimpleName()
                    + " service is not available: the video bundle (io.vswap.video) or Declarative Services "
                    + "(org.apache.felix.scr) is not running.");
        }
        return service;
    }
}
