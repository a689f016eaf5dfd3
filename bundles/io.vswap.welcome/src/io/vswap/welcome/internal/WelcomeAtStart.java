package io.vswap.welcome.internal;

import org.eclipse.core.runtime.ILog;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import io.vswap.ui.api.StudioServices;

/**
 * Shows the welcome page when the workstation starts: the first time (unless a project was
 * reopened: then the user knows the studio already), and at every start when "Show at start" is
 * on. The system property {@value #PROPERTY}{@code =false} keeps it closed (the GUI tests set it,
 * so that it covers nothing they look at). Runs after the first window opened and the last
 * project was reopened.
 */
public class WelcomeAtStart implements IStartup {

    /** {@code false} keeps the welcome page from opening by itself. */
    public static final String PROPERTY = "vswap.welcomeAtStart";

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> showIfDue(workbench));
    }

    /** Shows the page in the active window when {@link #due} says so; on the UI thread. */
    static void showIfDue(IWorkbench workbench) {
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        if (window == null || window.getActivePage() == null) {
            return;
        }
        WelcomePreferences prefs = new WelcomePreferences();
        boolean projectOpen = StudioServices.session().current().isPresent();
        if (!due(System.getProperty(PROPERTY), prefs.shown(), prefs.showAtStart(), projectOpen)) {
            return;
        }
        try {
            window.getActivePage().showView(WelcomeIds.VIEW);
        } catch (PartInitException e) {
            ILog.of(WelcomeAtStart.class).warn("Could not show the welcome page at start", e);
        }
    }

    /**
     * Whether to show the page at start.
     *
     * @param property the value of {@value #PROPERTY} ({@code "false"} says never), or null
     * @param shownBefore whether the page was ever shown
     * @param showAtStart the "Show at start" check box
     * @param projectReopened whether the workstation reopened the last project
     */
    public static boolean due(String property, boolean shownBefore, boolean showAtStart, boolean projectReopened) {
        if ("false".equalsIgnoreCase(property)) {
            return false;
        }
        return showAtStart || !shownBefore && !projectReopened;
    }
}
