package io.vswap.ui.internal.explorer;

import java.util.function.Consumer;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.NotEnabledException;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.jface.commands.ActionHandler;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.operations.RedoActionHandler;
import org.eclipse.ui.operations.UndoActionHandler;
import org.eclipse.ui.part.ViewPart;

import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.api.StudioServices;
import io.vswap.ui.internal.outputs.DeleteOutputOperation;
import io.vswap.video.api.Project;

/**
 * The open project as a tree: project → shots → clips → what was made from each clip (swap
 * renders). Double-clicking a clip plays it; double-clicking an output opens it where its bundle
 * shows it (a swap render: beside its source in the Swap editor). Deleting an output is undone
 * with Edit › Undo while the explorer is active.
 */
public class ProjectExplorerView extends ViewPart {

    private TreeViewer viewer;
    private final ProjectTreeContent content = new ProjectTreeContent();
    private String hint;
    private ProjectSession session;
    private final Consumer<Project> projectListener = this::projectChanged;

    @Override
    public void createPartControl(Composite parent) {
        session = getSite().getService(ProjectSession.class);
        if (session == null) {
            Label notice = new Label(parent, SWT.WRAP);
            notice.setText(StudioServices.unavailable(ProjectSession.class));
            return;
        }
        // several renders are picked together to compare them; the other commands take one (plugin.xml)
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.setContentProvider(content);
        viewer.setLabelProvider(new ProjectTreeLabels());
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        viewer.addDoubleClickListener(e -> execute(
                viewer.getStructuredSelection().getFirstElement() instanceof ClipOutput ? StudioIds.CMD_OPEN_OUTPUT
                        : StudioIds.CMD_OPEN_PLAYER));
        getSite().setSelectionProvider(viewer);
        MenuManager menu = new MenuManager();
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer); // filled from plugin.xml (popup:io.vswap.ui.projectExplorer)

        // Edit › Undo and Redo (and their keys) act on the explorer's deletes while it is active
        IHandlerService handlers = getSite().getService(IHandlerService.class);
        handlers.activateHandler("org.eclipse.ui.edit.undo",
                new ActionHandler(new UndoActionHandler(getSite(), DeleteOutputOperation.EXPLORER)));
        handlers.activateHandler("org.eclipse.ui.edit.redo",
                new ActionHandler(new RedoActionHandler(getSite(), DeleteOutputOperation.EXPLORER)));

        session.addListener(projectListener);
        show(session.current().orElse(null));
    }

    private void show(Project project) {
        viewer.setInput(new ProjectTreeContent.Input(project));
        setContentDescription(project == null ? "No project open: New… or Open… above." : "");
    }

    private void projectChanged(Project project) {
        viewer.getControl().getDisplay().asyncExec(() -> {
            if (viewer.getControl().isDisposed()) {
                return;
            }
            Project shown = shownProject();
            if (project != null && shown != null && project.folder().equals(shown.folder()) && project.equals(shown)) {
                refresh(); // the same project, its outputs changed: the selection stays
            } else {
                show(project);
                if (project != null && shown != null && project.folder().equals(shown.folder())) {
                    showNewShot(shown, project);
                }
            }
        });
    }

    /**
     * A shot just imported into the open project: its clip selected, and what to do next said in
     * the status line (after an import nothing else would say it).
     */
    private void showNewShot(Project before, Project now) {
        java.util.Set<String> old = new java.util.HashSet<>();
        before.shots().forEach(x -> old.add(x.id()));
        now.shots().stream().filter(x -> !old.contains(x.id()) && !x.clips().isEmpty()).reduce((a, b) -> b)
                .ifPresent(shot -> {
                    viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(
                            new io.vswap.ui.api.ClipRef(now, shot, shot.clips().get(0))), true);
                    hint = "Imported \"" + shot.name() + "\": next, Edit Points on its clip (right-click it), or "
                            + "Swap › New Swap… to be guided through the points and the swap.";
                    getViewSite().getActionBars().getStatusLineManager().setMessage(hint);
                });
    }

    /** What the status line was last told after an import (for tests), or null. */
    public String lastHint() {
        return hint;
    }

    /** Reads the clips' outputs again (a render written or deleted by a job or another process). */
    public void refresh() {
        content.forgetOutputs();
        viewer.refresh();
        viewer.expandAll();
    }

    private void execute(String commandId) {
        try {
            getSite().getService(IHandlerService.class).executeCommand(commandId, null);
        } catch (ExecutionException | NotDefinedException | NotEnabledException | NotHandledException e) {
            // Not enabled (no clip selected) is the usual case; nothing to report.
        }
    }

    public TreeViewer viewer() {
        return viewer;
    }

    /** The project the tree shows, or {@code null}. */
    public Project shownProject() {
        return viewer.getInput() instanceof ProjectTreeContent.Input i ? i.project() : null;
    }

    @Override
    public void setFocus() {
        if (viewer != null) {
            viewer.getControl().setFocus();
        }
    }

    @Override
    public void dispose() {
        if (session != null) {
            session.removeListener(projectListener);
        }
        super.dispose();
    }
}
