package io.vswap.welcome.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.commands.Command;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;

import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.ShotNode;
import io.vswap.ui.api.StudioIds;
import io.vswap.video.api.Project;

/**
 * Runs the commands of the getting-started steps from the welcome page, as the menus would. A
 * command on a clip (Edit Points, Swap Subject…) acts on the Project Explorer's selection, so the
 * explorer is made the active part first, with the open project's first clip selected when no
 * clip is; what stops a command (no project, no point editor) is said in words, not as an error.
 */
final class StepCommands {

    /** Commands whose handlers read the explorer's selection. */
    private static final Set<String> ON_A_CLIP = Set.of(WelcomeIds.CMD_EDIT_POINTS, WelcomeIds.CMD_SWAP_SUBJECT);

    private final IWorkbenchWindow window;
    private final ProjectSession session;
    private final Consumer<String> say;

    /** @param say shows a line on the page (a hint when a step cannot run yet) */
    StepCommands(IWorkbenchWindow window, ProjectSession session, Consumer<String> say) {
        this.window = window;
        this.session = session;
        this.say = say;
    }

    /** The command's name as its menus show it ("New Project…"), or empty when no installed bundle declares it. */
    Optional<String> name(String commandId) {
        Command c = window.getService(ICommandService.class).getCommand(commandId);
        try {
            return c.isDefined() ? Optional.of(c.getName()) : Optional.empty();
        } catch (NotDefinedException e) {
            return Optional.empty();
        }
    }

    /** Runs the command; on the UI thread. */
    void run(String commandId) {
        if (ON_A_CLIP.contains(commandId) && !selectAClip()) {
            return;
        }
        try {
            window.getService(IHandlerService.class).executeCommand(commandId, null);
            say.accept("");
        } catch (org.eclipse.core.commands.NotEnabledException | org.eclipse.core.commands.NotHandledException e) {
            say.accept(hint(commandId));
        } catch (Exception e) {
            say.accept(name(commandId).orElse(commandId) + " failed: " + e.getMessage());
        }
    }

    /** Makes the explorer active with a clip selected (the first, when none is); false, said, when there is none. */
    private boolean selectAClip() {
        Optional<Project> project = session.current();
        Optional<ClipRef> first = project.flatMap(OpenSampleProjectJob::sampleClip);
        if (first.isEmpty()) {
            say.accept(project.isEmpty() ? "Open a project first: the sample project, or step 1."
                    : "The project has no clip yet: Import Video… (step 1).");
            return false;
        }
        try {
            IViewPart explorer = window.getActivePage().showView(StudioIds.PROJECT_EXPLORER_VIEW);
            ISelectionProvider selection = explorer.getSite().getSelectionProvider();
            if (!(selection.getSelection() instanceof IStructuredSelection s
                    && (s.getFirstElement() instanceof ClipRef || s.getFirstElement() instanceof ShotNode))) {
                selection.setSelection(new StructuredSelection(first.get()));
            }
            return true;
        } catch (org.eclipse.ui.PartInitException e) {
            say.accept("The Project Explorer could not be shown: " + e.getMessage());
            return false;
        }
    }

    /** Why a step's command did not run, and what to do first. */
    private String hint(String commandId) {
        return switch (commandId) {
        case WelcomeIds.CMD_TRACK_POINTS -> "Track Points works in the point editor: open the clip with Edit Points "
                + "(step 2) and place the points first.";
        case WelcomeIds.CMD_IMPORT_VIDEO -> "Create or open a project first.";
        default -> name(commandId).orElse(commandId) + " cannot run now: select a clip in the Project Explorer.";
        };
    }
}
