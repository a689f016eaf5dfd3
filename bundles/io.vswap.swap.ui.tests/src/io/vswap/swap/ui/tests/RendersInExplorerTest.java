package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.testing.SampleProject;
import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.explorer.ProjectExplorerView;
import io.vswap.ui.internal.outputs.OutputFiles;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.Project;

/**
 * Swap renders in the Project Explorer under their clip (issue 29): listed with their target and
 * edit name, opened beside their source by a double-click, exported, deleted to the project's
 * trash and brought back with Edit › Undo; an edit run in the Swap editor appears without a refresh.
 */
class RendersInExplorerTest {

    private static Path dir;
    private static Project project;
    private static ProjectExplorerView explorer;
    private static IWorkbenchWindow window;

    @BeforeAll
    static void projectWithARender() throws Exception {
        dir = Files.createTempDirectory("renders-explorer-test");
        Path folder = SampleProject.make(dir);
        SampleProject.batch(dir, """
                {"type": "swap", "project": "%s", "shot": "sample", "prompt": "a red star on a grey striped background",
                 "subject": "star", "target": "disc", "name": "first", "steps": 2, "registrationIterations": 1,
                 "diftEnsemble": 1, "placementPasses": 1}""".formatted(folder));
        StudioWorkbench.ensureRunning();
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        project = session.open(folder);
        window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        IWorkbenchPage page = Ui.call(window::getActivePage);
        Ui.run(() -> page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(StudioIds.PERSPECTIVE)));
        explorer = (ProjectExplorerView) Ui.call(() -> page.showView(StudioIds.PROJECT_EXPLORER_VIEW));
        Ui.waitUntil("the project in the explorer", 10_000, () -> explorer.shownProject() != null
                && explorer.shownProject().folder().equals(project.folder()));
    }

    @Test
    void aRenderIsListedUnderItsClipOpensBesideItsSourceExportsAndIsDeletedUndoably() throws Exception {
        TreeItem render = Ui.call(() -> outputItem("star → disc  first"));
        assertNotNull(render, "the render under its clip: " + Ui.call(RendersInExplorerTest::labels));
        assertTrue(Ui.call(() -> render.getParentItem().getData() instanceof ClipRef c && c.clip().name().equals("main")));
        ClipOutput output = Ui.call(() -> (ClipOutput) render.getData());
        assertTrue(output.video().getFileName().toString().endsWith("-first.mp4"), output.video().toString());
        assertEquals(5, output.files().size(), "mkv, mp4, sheet, subject masks and record: " + output.files());
        // every node with its kind's icon; the explorer's toolbar buttons with icon and word
        List<org.eclipse.swt.graphics.Image> icons = Ui.call(() -> List.of(render.getParentItem().getParentItem()
                .getParentItem().getImage(), render.getParentItem().getParentItem().getImage(),
                render.getParentItem().getImage(), render.getImage()));
        assertTrue(icons.stream().allMatch(i -> i != null && i.getBounds().width >= 16), icons.toString());
        assertEquals(4, icons.stream().distinct().count(), "project, shot, clip and render icons differ");
        List<String> tools = Ui.call(() -> Ui.findAll(window.getShell(), org.eclipse.swt.widgets.ToolBar.class, t -> true)
                .stream().flatMap(t -> Arrays.stream(t.getItems())).filter(i -> List.of("New", "Open", "Import")
                        .contains(i.getText()) && i.getImage() != null).map(org.eclipse.swt.widgets.ToolItem::getText)
                .toList());
        assertEquals(List.of("New", "Open", "Import"), tools, "toolbar buttons with icons");
        Ui.settle();
        Ui.screenshot("explorer-renders");

        // the context menu offers open, export, show in folder and delete on a render
        select(output);
        List<String> menu = Ui.call(() -> Ui.contextMenu(explorer.viewer().getTree()));
        assertTrue(menu.containsAll(List.of("Open", "Export…", "Show in Folder", "Delete")), menu.toString());

        // a double-click opens the Swap editor with that edit beside the source
        Ui.run(() -> {
            Tree tree = explorer.viewer().getTree();
            tree.setSelection(outputItem("star → disc  first"));
            Event e = new Event();
            e.item = tree.getSelection()[0];
            tree.notifyListeners(SWT.DefaultSelection, e);
        });
        Ui.waitUntil("the Swap editor", 10_000, () -> window.getActivePage().getActiveEditor() instanceof SwapEditor);
        SwapEditor editor = Ui.call(() -> (SwapEditor) window.getActivePage().getActiveEditor());
        Ui.waitUntil("the editor to load", 60_000, editor::isLoaded);
        Ui.waitUntil("the render selected and shown", 30_000, () -> editor.history().selected().isPresent()
                && editor.history().selected().get().name().equals("first") && editor.player().resultImages() != null);

        // export: a copy of the MP4, byte for byte, and no temporary file left beside it
        Path exported = dir.resolve("out/exported.mp4");
        OutputFiles.export(output, exported);
        assertArrayEquals(Files.readAllBytes(output.video()), Files.readAllBytes(exported));
        try (Stream<Path> s = Files.list(exported.getParent())) {
            assertEquals(List.of("exported.mp4"), s.map(p -> p.getFileName().toString()).toList());
        }

        // delete: every file into the project's trash, gone from the tree; Edit › Undo brings them back
        List<byte[]> before = output.files().stream().map(RendersInExplorerTest::bytes).toList();
        Ui.run(() -> window.getActivePage().activate(explorer));
        select(output);
        Ui.call(() -> window.getService(IHandlerService.class).executeCommand(StudioIds.CMD_DELETE_OUTPUT, null));
        output.files().forEach(f -> assertFalse(Files.exists(f), f + " deleted"));
        try (Stream<Path> s = Files.list(project.folder().resolve(OutputFiles.TRASH))) {
            Path trashed = s.findFirst().orElseThrow();
            try (Stream<Path> t = Files.list(trashed)) {
                assertEquals(5, t.count(), "the render's five files in " + trashed);
            }
        }
        Ui.waitUntil("the render gone from the tree", 5_000, () -> outputItem("star → disc  first") == null);
        Ui.settle();
        Ui.screenshot("explorer-render-deleted");
        Ui.run(() -> window.getActivePage().activate(explorer));
        Ui.call(() -> window.getService(IHandlerService.class).executeCommand("org.eclipse.ui.edit.undo", null));
        for (int i = 0; i < output.files().size(); i++) {
            assertArrayEquals(before.get(i), bytes(output.files().get(i)), output.files().get(i) + " restored");
        }
        Ui.waitUntil("the render back in the tree", 5_000, () -> outputItem("star → disc  first") != null);
    }

    private static void select(ClipOutput o) {
        Ui.run(() -> {
            explorer.viewer().setSelection(new StructuredSelection(o), true);
            explorer.viewer().getTree().setFocus();
        });
        Ui.settle();
    }

    /** The tree item of an output whose label starts with {@code label}, or null. */
    private static TreeItem outputItem(String label) {
        explorer.viewer().expandAll();
        for (TreeItem p : explorer.viewer().getTree().getItems()) {
            TreeItem found = find(p, label);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static TreeItem find(TreeItem item, String label) {
        if (item.getData() instanceof ClipOutput && item.getText().startsWith(label)) {
            return item;
        }
        for (TreeItem c : item.getItems()) {
            TreeItem found = find(c, label);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static List<String> labels() {
        explorer.viewer().expandAll();
        List<String> out = new java.util.ArrayList<>();
        for (TreeItem p : explorer.viewer().getTree().getItems()) {
            collect(p, out);
        }
        return out;
    }

    private static void collect(TreeItem item, List<String> out) {
        out.add(item.getText());
        for (TreeItem c : item.getItems()) {
            collect(c, out);
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
