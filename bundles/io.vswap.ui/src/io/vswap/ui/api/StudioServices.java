package io.vswap.ui.api;

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
            throw new IllegalStateException(unavailable(type));
        }
        return service;
    }

    /** What to tell the user when a part's service is missing (a broken install, not a bug of the part). */
    public static String unavailable(Class<?> type) {
        return "The " + type.getSimpleName() + " service is not available: the video bundle (io.vswap.video), "
                + "its codec and project store components, or Declarative Services (org.apache.felix.scr) are "
                + "not running. See the error log.";
    }
}
