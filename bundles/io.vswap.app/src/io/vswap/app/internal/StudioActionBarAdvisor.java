package io.vswap.app.internal;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.menus.CommandContributionItem;
import org.eclipse.ui.menus.CommandContributionItemParameter;

/**
 * The menu skeleton: File (filled by io.vswap.ui's menu contributions, then Exit), Window
 * (Show View, Open Perspective, Reset Perspective, Preferences) and Help (Show Key Assist,
 * About). Everything VideoSwap-specific is contributed through plugin.xml, so studios' bundles
 * can add to the same menus.
 */
public class StudioActionBarAdvisor extends ActionBarAdvisor {

    private IWorkbenchAction quit;
    private IWorkbenchAction preferences;
    private IAction about;
    private IWorkbenchWindow workbenchWindow;
    private IWorkbenchAction resetPerspective;
    private IContributionItem viewShortlist;
    private IContributionItem perspectiveShortlist;

    /** The platform's Show Key Assist command (its handler is org.eclipse.ui's). */
    static final String KEY_ASSIST = "org.eclipse.ui.window.showKeyAssist";

    public StudioActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        quit = registered(ActionFactory.QUIT.create(window));
        preferences = registered(ActionFactory.PREFERENCES.create(window));
        workbenchWindow = window;
        // our own About (version, build, model, bundles), under the platform action's id and command
        about = new Action("&About VideoSwap Studio") {
            @Override
            public void run() {
                new StudioAboutDialog(window.getShell()).open();
            }
        };
        about.setId(ActionFactory.ABOUT.getId());
        about.setActionDefinitionId(ActionFactory.ABOUT.getCommandId());
        resetPerspective = registered(ActionFactory.RESET_PERSPECTIVE.create(window));
        viewShortlist = ContributionItemFactory.VIEWS_SHORTLIST.create(window);
        perspectiveShortlist = ContributionItemFactory.PERSPECTIVES_SHORTLIST.create(window);
    }

    private IWorkbenchAction registered(IWorkbenchAction action) {
        super.register(action);
        return action;
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
        file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(new Separator());
        file.add(quit);
        menuBar.add(file);

        menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));

        MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager("Show &View");
        showView.add(viewShortlist);
        window.add(showView);
        MenuManager openPerspective = new MenuManager("Open &Perspective");
        openPerspective.add(perspectiveShortlist);
        window.add(openPerspective);
        window.add(resetPerspective);
        window.add(new Separator());
        window.add(preferences);
        menuBar.add(window);

        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        // Ctrl+Shift+L (bound in plugin.xml): every command with a key, for this window
        help.add(new CommandContributionItem(new CommandContributionItemParameter(workbenchWindow, "io.vswap.app.keyAssist",
                KEY_ASSIST, CommandContributionItem.STYLE_PUSH)));
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        help.add(new Separator());
        help.add(about);
        menuBar.add(help);
    }
}
