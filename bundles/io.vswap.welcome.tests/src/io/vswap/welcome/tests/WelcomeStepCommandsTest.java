package io.vswap.welcome.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.api.StudioServices;
import io.vswap.welcome.internal.OpenSampleProjectJob;
import io.vswap.welcome.internal.WelcomeIds;
import io.vswap.welcome.internal.sample.SampleProject;
import io.vswap.welcome.internal.WelcomePreferences;
import io.vswap.welcome.internal.WelcomeView;

/**
 * The getting-started steps' buttons run their commands: New Project… opens the New Project
 * dialog; Track Points with no point editor open says what to do first instead; Edit Points opens
 * the open project's clip in the point editor.
 */
class WelcomeStepCommandsTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path home;

    @Test
    void newProjectOpensItsDialogTrackPointsWithoutAPointEditorSaysWhatToDoFirstEditPointsOpensTheClip() throws Exception {
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        Shell shell = Ui.call(window::getShell);
        Ui.run(() -> Arrays.stream(Ui.display().getShells()).filter(s -> s != shell && s.isVisible())
                .forEach(Shell::close));
        Ui.run(() -> window.getActivePage().closeAllEditors(false));
        WelcomeView view = (WelcomeView) Ui.call(() -> window.getActivePage().showView(WelcomeIds.VIEW));

        // every step's command is installed here, as in the product: no button is greyed out
        List<String> disabled = Ui.call(() -> Ui.findAll(view.page(), Button.class,
                b -> b.getData(WelcomeIds.PLUGIN_ID + ".command") != null && !b.isEnabled()).stream()
                .map(Button::getText).toList());
        assertEquals(List.of(), disabled);

        Button newProject = button(view, "io.vswap.ui.newProject");
        assertEquals("New Project…", Ui.call(newProject::getText));
        // the dialog is modal: clicked from the UI thread's queue, not waited for
        Ui.display().asyncExec(() -> Ui.fire(newProject, SWT.Selection));
        Ui.waitUntil("the New Project dialog", 10_000, () -> Ui.display().getActiveShell() != null
                && "New VideoSwap Project".equals(Ui.display().getActiveShell().getText()));
        Shell dialog = Ui.call(() -> Ui.display().getActiveShell());
        Ui.settle();
        Ui.screenshot("03-welcome-new-project");
        Ui.run(dialog::close);
        Ui.waitUntil("the dialog to close", 5_000, dialog::isDisposed);

        // Show at start is a preference of its own, kept when the box is clicked
        Button showAtStart = Ui.call(view::showAtStartBox);
        Ui.run(() -> {
            showAtStart.setSelection(!showAtStart.getSelection());
            Ui.fire(showAtStart, SWT.Selection);
        });
        assertEquals(Ui.call(showAtStart::getSelection), new WelcomePreferences().showAtStart());
        Ui.run(() -> {
            showAtStart.setSelection(!showAtStart.getSelection());
            Ui.fire(showAtStart, SWT.Selection);
        });
        assertEquals(Ui.call(showAtStart::getSelection), new WelcomePreferences().showAtStart());
        assertTrue(new WelcomePreferences().shown(), "the page remembers it was shown");

        Button track = button(view, "io.vswap.points.ui.track");
        Ui.run(() -> Ui.fire(track, SWT.Selection));
        String said = Ui.call(() -> view.message().getText());
        assertTrue(said.startsWith("Track Points works in the point editor"), said);

        // a command on a clip runs on the open project's clip, though the page, not the explorer, was active
        System.setProperty(SampleProject.PARENT_PROPERTY, home.toString());
        try {
            Ui.run(() -> Ui.fire(view.sampleButton(), SWT.Selection));
            Job.getJobManager().join(OpenSampleProjectJob.FAMILY, null);
        } finally {
            System.clearProperty(SampleProject.PARENT_PROPERTY);
        }
        Ui.waitUntil("the sample project open", 10_000, () -> StudioServices.session().current()
                .map(p -> p.folder().startsWith(home)).orElse(false));
        Ui.settle();
        Ui.run(() -> window.getActivePage().activate(view));
        Button editPoints = button(view, "io.vswap.points.ui.editPoints");
        Ui.run(() -> Ui.fire(editPoints, SWT.Selection));
        Ui.waitUntil("the point editor on the sample clip", 20_000, () -> window.getActivePage().getActiveEditor() != null
                && "io.vswap.points.ui.pointEditor".equals(window.getActivePage().getActiveEditor().getSite().getId()));
        Ui.settle();
        Ui.screenshot("04-welcome-edit-points-on-the-sample");
        Ui.run(() -> {
            window.getActivePage().closeAllEditors(false);
            try {
                window.getWorkbench().showPerspective(StudioIds.PERSPECTIVE, window);
            } catch (org.eclipse.ui.WorkbenchException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Button button(WelcomeView view, String commandId) {
        return Ui.call(() -> Ui.find(view.page(), Button.class,
                b -> commandId.equals(b.getData(WelcomeIds.PLUGIN_ID + ".command"))));
    }
}
