package io.vswap.welcome.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.samples.api.SubjectShape;
import io.vswap.testing.TestServices;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.Project;
import io.vswap.welcome.internal.OpenSampleProjectJob;
import io.vswap.welcome.internal.WelcomeIds;
import io.vswap.welcome.internal.sample.SampleProject;

/**
 * Help › Welcome shows the getting-started page, nothing clipped at 1280 × 800; Open the Sample
 * Project makes the project (a temporary parent here), opens it in the Project Explorer with its
 * clip selected and the star's five tips tracked in the clip's point set; a second click reopens
 * it rather than making another.
 */
class WelcomeSampleProjectTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path home;

    @AfterEach
    void restore() {
        System.clearProperty(SampleProject.PARENT_PROPERTY);
    }

    @Test
    void helpWelcomeShowsThePageAndItsSampleButtonMakesThenReopensTheSampleProject() throws Exception {
        System.setProperty(SampleProject.PARENT_PROPERTY, home.toString());
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        Shell shell = Ui.call(window::getShell);
        // as a user at the window: other tests may have left a dialog in front
        Ui.run(() -> Arrays.stream(Ui.display().getShells()).filter(s -> s != shell && s.isVisible())
                .forEach(Shell::close));
        Ui.run(() -> window.getActivePage().hideView(window.getActivePage().findView(WelcomeIds.VIEW)));

        List<String> help = Ui.call(() -> Arrays.stream(Ui.menuItems(shell, "Help")).map(MenuItem::getText)
                .filter(t -> !t.isEmpty()).map(t -> t.replace("&", "")).toList());
        assertTrue(help.get(0).equals("Welcome") && help.get(1).equals("Open the Sample Project"),
                "Help starts with Welcome and the sample project: " + help);
        MenuItem welcome = Ui.call(() -> Ui.menuItem(shell, "Help", "Welcome"));
        Ui.run(() -> Ui.fire(welcome, SWT.Selection));
        Ui.waitUntil("the welcome page", 10_000, () -> window.getActivePage().findView(WelcomeIds.VIEW) != null);
        WelcomeViewAccess page = new WelcomeViewAccess(window);

        Ui.atScreenSize(shell, 1280, 800, () -> {
            Ui.screenshot("01-welcome-1280x800");
            assertEquals(List.of(), Ui.call(() -> Ui.clipped(page.view().page())), "nothing clipped at 1280×800");
            assertTrue(Ui.call(() -> page.sampleButtonInSight()), "Open the Sample Project is in sight without scrolling");
            // what does not fit is reached with the page's scroll bar, down to Show at start
            String scroll = Ui.call(() -> {
                var area = page.view().scrolledArea();
                var box = page.view().showAtStartBox().getBounds();
                int bottom = box.y + box.height;
                return bottom <= area.getClientArea().height
                        || area.getVerticalBar().isVisible() && area.getMinHeight() >= bottom ? ""
                                : "Show at start ends at " + bottom + " px; the area shows " + area.getClientArea().height
                                        + ", scrolls to " + area.getMinHeight() + ", bar visible: "
                                        + area.getVerticalBar().isVisible();
            });
            assertEquals("", scroll);
            Ui.run(() -> page.view().scrolledArea().setOrigin(0, 10_000));
            Ui.settle();
            Ui.screenshot("01-welcome-1280x800-scrolled-down");
            Ui.run(() -> page.view().scrolledArea().setOrigin(0, 0));
        });

        Ui.run(() -> Ui.fire(page.sampleButton(), SWT.Selection));
        long t0 = System.nanoTime();
        Job.getJobManager().join(OpenSampleProjectJob.FAMILY, null);
        System.out.printf("made the sample project in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path folder = home.resolve(SampleProject.FOLDER_NAME);
        ProjectExplorerView explorer = (ProjectExplorerView) Ui.call(
                () -> window.getActivePage().findView(StudioIds.PROJECT_EXPLORER_VIEW));
        Ui.waitUntil("the sample project in the Project Explorer, its clip selected", 10_000,
                () -> explorer.shownProject() != null && explorer.shownProject().folder().equals(folder)
                        && explorer.viewer().getStructuredSelection().getFirstElement() instanceof ClipRef);
        String said = Ui.call(() -> page.message().getText());
        assertTrue(said.startsWith("Made and opened " + folder), said);
        Ui.settle();
        Ui.screenshot("02-welcome-sample-project-open");

        Project project = Ui.call(explorer::shownProject);
        assertEquals(1, project.shots().size());
        ClipRef clip = (ClipRef) Ui.call(() -> ((IStructuredSelection) explorer.viewer().getSelection()).getFirstElement());
        assertEquals(SampleProject.CLIP, clip.clip().name());
        assertEquals(64, clip.clip().settings().outputWidth());
        assertEquals(16, clip.clip().settings().frameCount());
        assertTrue(Files.isRegularFile(clip.shot().source()), "the shot's video is inside the project: "
                + clip.shot().source());
        assertTrue(clip.shot().source().startsWith(folder), clip.shot().source().toString());
        PointSet points = TestServices.await(PointSetStore.class).load(project, clip.shot(), SampleProject.CLIP)
                .orElseThrow();
        assertEquals(SubjectShape.STAR.pointNames(), points.pointNames(), "the star's five tips");
        assertEquals(5, points.points().size());
        assertTrue(points.isTracked(), "every tip has a trajectory");
        assertTrue(points.points().stream().allMatch(p -> p.keyframes().get(0).frame() == 0), "placed on frame 0");
        // the explorer, not the welcome page, is active: the selection is what Swap Subject… acts on
        assertEquals(StudioIds.PROJECT_EXPLORER_VIEW, Ui.call(() -> window.getActivePage().getActivePart().getSite()
                .getId()));

        Ui.run(() -> window.getActivePage().activate(page.view()));
        Ui.run(() -> Ui.fire(page.sampleButton(), SWT.Selection));
        Job.getJobManager().join(OpenSampleProjectJob.FAMILY, null);
        Ui.waitUntil("the page to say the project was reopened", 10_000,
                () -> page.message().getText().startsWith("Opened " + folder));
        try (Stream<Path> s = Files.list(home)) {
            assertEquals(List.of(SampleProject.FOLDER_NAME), s.map(p -> p.getFileName().toString()).toList(),
                    "one project, no second copy, no partial folder left");
        }
        Project reopened = Ui.call(explorer::shownProject);
        assertEquals(folder, reopened.folder());
        assertEquals(1, reopened.shots().size(), "reopened, not imported again");
        assertInstanceOf(ClipRef.class, Ui.call(() -> explorer.viewer().getStructuredSelection().getFirstElement()));
        assertFalse(Ui.call(() -> page.message().getText()).isBlank());
    }

    /** The welcome view's widgets, found the way a user would see them. */
    record WelcomeViewAccess(IWorkbenchWindow window) {

        io.vswap.welcome.internal.WelcomeView view() {
            return (io.vswap.welcome.internal.WelcomeView) Ui.call(
                    () -> window.getActivePage().findView(WelcomeIds.VIEW));
        }

        Button sampleButton() {
            return Ui.call(() -> Ui.find(view().page(), Button.class,
                    b -> "Open the Sample Project".equals(b.getText())));
        }

        org.eclipse.swt.widgets.Label message() {
            return Ui.call(() -> view().message());
        }

        /** Whether the whole button lies inside the view's visible area. */
        boolean sampleButtonInSight() {
            Button b = sampleButton();
            var onScreen = b.getDisplay().map(b.getParent(), null, b.getBounds());
            var area = view().page().getParent(); // the scrolled area
            var visible = b.getDisplay().map(area, null, area.getClientArea());
            return visible.contains(onScreen.x, onScreen.y)
                    && visible.contains(onScreen.x + onScreen.width - 1, onScreen.y + onScreen.height - 1);
        }
    }
}
