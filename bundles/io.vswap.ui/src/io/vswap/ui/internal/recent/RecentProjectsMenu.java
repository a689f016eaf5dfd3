package io.vswap.ui.internal.recent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.CompoundContributionItem;

import io.vswap.ui.api.StudioServices;

/** File › Open Recent: the recent projects, newest first, numbered for the keyboard (1–8). */
public class RecentProjectsMenu extends CompoundContributionItem {

    @Override
    protected IContributionItem[] getContributionItems() {
        RecentProjects recent = new RecentProjects();
        List<IContributionItem> items = new ArrayList<>();
        int n = 1;
        for (Path folder : recent.folders()) {
            Path name = folder.getFileName();
            // a folder's own '&' shown as itself, not as a mnemonic; '@' would start an accelerator in JFace
            String shown = ((name == null ? folder : name) + "  [" + folder + "]").replace("&", "&&").replace("@", "@@");
            Action open = new Action("&" + n++ + " " + shown) {
                @Override
                public void run() {
                    try {
                        StudioServices.session().open(folder);
                    } catch (Exception e) {
                        recent.remove(folder);
                        MessageDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
                                "Open Recent", "Could not open " + folder + ": " + e.getMessage()
                                        + "\n\nIt was taken off the list.");
                    }
                }
            };
            open.setToolTipText(folder.toString());
            items.add(new ActionContributionItem(open));
        }
        if (items.isEmpty()) {
            Action none = new Action("(no recent projects)") {
            };
            none.setEnabled(false);
            items.add(new ActionContributionItem(none));
        }
        return items.toArray(IContributionItem[]::new);
    }
}
