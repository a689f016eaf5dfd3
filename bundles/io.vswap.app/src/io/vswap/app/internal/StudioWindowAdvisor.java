package io.vswap.app.internal;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioServices;
import io.vswap.ui.internal.recent.RecentProjects;

/**
 * The main window: titled "VideoSwap Studio", with a perspective switcher and a status line whose
 * progress area shows running jobs.
 */
public class StudioWindowAdvisor extends WorkbenchWindowAdvisor {

    public static final String WINDOW_TITLE = "VideoSwap Studio";

    /** Whether the first window has opened in this process. */
    private static boolean started;

    public StudioWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new StudioActionBarAdvisor(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
        // 1400 × 900, or nine tenths of a smaller screen: a window past the screen's edge hides its own side
        org.eclipse.swt.graphics.Rectangle screen = org.eclipse.swt.widgets.Display.getDefault().getPrimaryMonitor()
                .getClientArea();
        configurer.setInitialSize(new Point(Math.min(1400, screen.width * 9 / 10), Math.min(900, screen.height * 9 / 10)));
        configurer.setShowCoolBar(false);
        configurer.setShowStatusLine(true);
        configurer.setShowProgressIndicator(true);
        configurer.setShowPerspectiveBar(true); // the switcher: VideoSwap, Points, Swap
        configurer.setTitle(WINDOW_TITLE);
    }

    /**
     * The first window: projects opened from now on are remembered (File › Open Recent), and the
     * last one is opened again when the preference asks for it; what happened is said in the
     * status line.
     */
    @Override
    public void postWindowOpen() {
        if (started) {
            return;
        }
        started = true;
        // on a screen smaller than the window the studio wants, it takes the whole screen
        org.eclipse.swt.widgets.Shell shell = getWindowConfigurer().getWindow().getShell();
        org.eclipse.swt.graphics.Rectangle screen = shell.getDisplay().getPrimaryMonitor().getClientArea();
        if (screen.width < 1400 || screen.height < 900) {
            shell.setMaximized(true);
        }
        ProjectSession session = StudioServices.session();
        RecentProjects.follow(session);
        new RecentProjects().reopenLast(session).ifPresent(
                text -> getWindowConfigurer().getActionBarConfigurer().getStatusLineManager().setMessage(text));
    }
}
