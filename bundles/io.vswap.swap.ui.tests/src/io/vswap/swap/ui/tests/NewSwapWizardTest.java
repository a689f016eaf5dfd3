package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.swap.ui.internal.editor.SwapEditJob;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.swap.ui.internal.guide.NewSwapWizard;
import io.vswap.testing.SampleProject;
import io.vswap.testing.TestServices;
import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.testing.ImportWizardDriver;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.Project;

/**
 * The guided New Swap wizard from a fresh project to a finished swap of the built-in sample star
 * (issue 29's "done when"): the video picked, the clip at the model's own size, five points
 * clicked on the star's tips, tracked, the target and the Draft preset; Finish runs the swap in
 * the Swap editor, and its render is listed under the clip in the Project Explorer. Then the
 * wizard started again on that clip goes on at the swap step (its points are saved and tracked).
 * Each page is screenshotted at 1280×800 and checked for clipped labels.
 */
class NewSwapWizardTest {

    @TempDir
    Path temp;

    @Test
    void theGuidedWizardWalksFromAVideoToAFinishedSwapListedInTheExplorer() throws Exception {
        SampleProject.batch(temp, """
                {"type": "sample", "output": "%s", "seed": 7, "shape": "star", "color": "red", "pattern": "striped",
                 "background": "grey"}""".formatted(temp.resolve("shot.mkv")));
        io.vswap.ui.testing.StudioWorkbench.ensureRunning();
        JsonObject truth = JsonParser.parseString(Files.readString(temp.resolve("shot.truth.json"))).getAsJsonObject();
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        session.create(temp.resolve("fresh"), "Fresh");

        ImportWizardDriver driver = ImportWizardDriver.open(window, SwapUiIds.CMD_NEW_SWAP);
        Shell shell = driver.shell();
        WizardDialog dialog = driver.dialog();
        NewSwapWizard wizard = (NewSwapWizard) driver.wizard();
        try {
            Ui.sizeForScreen(shell, 1280, 800);
            // 1: the video
            Ui.run(() -> wizard.sourcePage().fileText().setText(temp.resolve("shot.mkv").toString()));
            Ui.waitUntil("the probe", 30_000, wizard.sourcePage()::isPageComplete);
            page(shell, "new-swap-1-video");
            next(shell);
            // 2: the clip, at the model's own size
            assertEquals(64, (int) Ui.call(() -> wizard.clipPage().settings().outputWidth()));
            page(shell, "new-swap-2-clip");
            next(shell);
            // 3: points on the star's five tips, clicked where the truth has them on frame 0
            Ui.waitUntil("the clip imported", 60_000, () -> wizard.clip() != null);
            String placeMessage = Ui.call(() -> wizard.pointsPage().getMessage());
            assertTrue(placeMessage.startsWith("Imported as shot \"shot\" into the project \"Fresh\"")
                    && placeMessage.endsWith("Click on the first frame to place a point."), placeMessage);
            Canvas canvas = Ui.call(() -> wizard.pointsPage().canvas().control());
            for (String tip : List.of("tip1", "tip2", "tip3", "tip4", "tip5")) {
                JsonObject at = truth.getAsJsonObject("points").getAsJsonArray(tip).get(0).getAsJsonObject();
                int[] xy = Ui.call(() -> wizard.pointsPage().canvas().canvasAt(at.get("x").getAsDouble(),
                        at.get("y").getAsDouble()));
                click(canvas, xy[0], xy[1]);
            }
            assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), List.of(Ui.call(() -> wizard.pointsPage().list().getItems())));
            // a click on a point removes it; clicked again, it is back (as p5)
            JsonObject tip5 = truth.getAsJsonObject("points").getAsJsonArray("tip5").get(0).getAsJsonObject();
            int[] xy5 = Ui.call(() -> wizard.pointsPage().canvas().canvasAt(tip5.get("x").getAsDouble(),
                    tip5.get("y").getAsDouble()));
            click(canvas, xy5[0], xy5[1]);
            assertEquals(4, Ui.call(() -> wizard.pointsPage().list().getItemCount()));
            click(canvas, xy5[0], xy5[1]);
            assertEquals(5, Ui.call(() -> wizard.pointsPage().list().getItemCount()));
            page(shell, "new-swap-3-points");
            next(shell);
            // 4: tracked and saved with the clip
            Ui.waitUntil("the points tracked", 60_000, () -> wizard.trackPage().isPageComplete());
            assertEquals(5, (int) Ui.call(() -> wizard.trackPage().table().getItemCount()));
            String summary = Ui.call(() -> wizard.trackPage().summary());
            assertTrue(summary.startsWith("Every point was followed") || summary.contains("lost in some frames")
                    || summary.contains("followed in fewer than half the frames"), summary);
            Project project = session.current().orElseThrow();
            PointSet saved = TestServices.await(PointSetStore.class)
                    .load(project, project.shots().get(0), wizard.clip().clip().name()).orElseThrow();
            assertTrue(saved.isTracked() && saved.points().size() == 5, saved.toString());
            page(shell, "new-swap-4-track");
            next(shell);
            // 5: the description proposed from the sample's caption, a target, the Draft preset
            assertEquals(truth.get("caption").getAsString(), Ui.call(() -> wizard.swapPage().prompt()));
            assertEquals("star", Ui.call(() -> wizard.swapPage().subject()));
            assertFalse(Ui.call(wizard::canFinish), "no target yet");
            Ui.run(() -> {
                wizard.swapPage().targetField().setText("disc");
                wizard.swapPage().presetChoice().select(wizard.swapPage().presetChoice().indexOf("Draft"));
                Ui.fire(wizard.swapPage().presetChoice(), SWT.Selection);
            });
            assertTrue(Ui.call(wizard::canFinish));
            page(shell, "new-swap-5-swap");
            Ui.run(() -> Ui.pressDialogButton(shell, IDialogConstants.FINISH_ID));
        } finally {
            Ui.run(() -> {
                if (!shell.isDisposed()) {
                    dialog.close();
                }
            });
        }
        // the swap runs in the Swap editor; its render comes to the explorer under the clip
        SwapEditor editor = Ui.call(wizard::openedEditor);
        assertNotNull(editor);
        Ui.waitUntil("the edit to start", 60_000, () -> editor.running() != null || !editor.history().records().isEmpty());
        SwapEditJob job = Ui.call(editor::running);
        assertEquals("Draft", Ui.call(editor::preset));
        if (job != null) {
            assertTrue(job.join(600_000, null), "the swap finished");
            assertTrue(job.getResult().isOK(), job.getResult().toString());
        }
        Ui.waitUntil("the render in the history", 30_000, () -> !editor.history().records().isEmpty());
        var rec = Ui.call(() -> editor.history().records().get(0));
        assertEquals("disc", rec.target());
        assertTrue(Files.isRegularFile(rec.video()), rec.video().toString());
        ProjectExplorerView explorer = (ProjectExplorerView) Ui.call(() -> window.getActivePage()
                .showView(StudioIds.PROJECT_EXPLORER_VIEW));
        Ui.waitUntil("the render in the explorer", 10_000, () -> {
            explorer.viewer().expandAll();
            return java.util.Arrays.stream(explorer.viewer().getTree().getItems()).anyMatch(NewSwapWizardTest::hasOutput);
        });
        Ui.settle();
        Ui.screenshot("new-swap-6-done");

        // started again on that clip, the wizard goes on at the swap step: its points are saved and tracked
        Ui.run(() -> explorer.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(
                new io.vswap.ui.api.ClipRef(session.current().get(), session.current().get().shots().get(0),
                        session.current().get().shots().get(0).clips().get(0)))));
        Ui.run(() -> window.getActivePage().activate(explorer));
        ImportWizardDriver again = ImportWizardDriver.open(window, SwapUiIds.CMD_NEW_SWAP);
        try {
            NewSwapWizard resumed = (NewSwapWizard) again.wizard();
            assertEquals(Ui.call(resumed::swapPage), Ui.call(() -> again.dialog().getCurrentPage()));
        } finally {
            Ui.run(again.dialog()::close);
        }
    }

    private static boolean hasOutput(org.eclipse.swt.widgets.TreeItem item) {
        if (item.getData() instanceof ClipOutput o && o.label().startsWith("star → disc")) {
            return true;
        }
        return java.util.Arrays.stream(item.getItems()).anyMatch(NewSwapWizardTest::hasOutput);
    }

    private static void page(Shell shell, String name) {
        Ui.settle();
        Ui.screenshot(name);
        assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), name + ": nothing clipped at 1280×800");
    }

    private static void next(Shell shell) {
        Ui.run(() -> Ui.pressDialogButton(shell, IDialogConstants.NEXT_ID));
    }

    private static void click(Canvas canvas, int x, int y) {
        Ui.run(() -> {
            Event e = new Event();
            e.button = 1;
            e.x = x;
            e.y = y;
            canvas.notifyListeners(SWT.MouseDown, e);
        });
    }
}
