package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.swap.ui.internal.editor.SwapEditJob;
import io.vswap.swap.ui.internal.editor.SwapEditor;
import io.vswap.swap.ui.internal.handlers.SwapSubjectHandler;
import io.vswap.testing.SampleProject;
import io.vswap.testing.TestServices;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;

/**
 * The Swap editor with a method that reads no semantic points (the identity edit, registered as a
 * service as a studio's plug-in would be): for it the editor hides the points panel and the
 * points over the source and says in one line that the method uses none; VideoSwap brings them
 * back; an edit with it leaves out the points removed for VideoSwap, which its job would refuse.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointFreeMethodTest {

    private static final String IDENTITY = "identity";
    private static final String NO_POINTS_LINE = "This method uses no semantic points.";

    private static ServiceRegistration<EditMethod> registration;
    /** Errors the workbench logged: an exception in a listener (a method switch) is logged, not thrown. */
    private static LoggedErrors loggedErrors;
    private static SwapEditor editor;

    /** Returns the source frames unchanged; reads no points. */
    static final class IdentityMethod implements EditMethod {

        @Override
        public String id() {
            return IDENTITY;
        }

        @Override
        public String displayName() {
            return "Identity (test plug-in)";
        }

        @Override
        public Set<EditInput> inputs() {
            return Set.of(EditInput.SUBJECT_WORD, EditInput.TARGET_WORD);
        }

        @Override
        public List<EditSetting> settings() {
            return List.of();
        }

        @Override
        public EditResult run(EditRequest request, IProgressMonitor monitor) {
            return new EditResult(request.frames(), new EditReport.Builder().stageEnded("edit").build());
        }
    }

    @BeforeAll
    static void projectStudioAndMethod() throws Exception {
        Path folder = SampleProject.make(Files.createTempDirectory("swap-ui-point-free"));
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
        registration = FrameworkUtil.getBundle(PointFreeMethodTest.class).getBundleContext()
                .registerService(EditMethod.class, new IdentityMethod(), null);
        SwapServices services = TestServices.await(SwapServices.class);
        // the editor lists the methods the swap services hold when it opens
        Ui.waitUntil("the identity method in the swap services", 10_000,
                () -> services.methods().stream().anyMatch(m -> m.id().equals(IDENTITY)));
        // the project is not made the session's open one: the explorer of another test class keeps its own
        Project project = TestServices.await(ProjectStore.class).open(folder);
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        ClipRef clip = new ClipRef(project, project.shots().get(0), project.shots().get(0).clips().get(0));
        editor = Ui.call(() -> SwapSubjectHandler.open(window, clip));
        Ui.waitUntil("the editor to load the clip", 60_000, () -> editor.isLoaded());
        Ui.settle();
    }

    @org.junit.jupiter.api.AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("PointFreeMethodTest");
    }

    @AfterAll
    static void closeAndUnregister() {
        if (editor != null) {
            Ui.run(() -> editor.getSite().getPage().closeEditor(editor, false));
        }
        if (registration != null) {
            registration.unregister();
        }
    }

    @Test
    @Order(1)
    void videoSwapShowsThePointsPanel() {
        assertTrue(Ui.call(() -> editor.methodChoice().getText()).startsWith("VideoSwap"));
        assertTrue(Ui.call(() -> editor.methodChoice().isEnabled()), "two methods to choose from");
        assertPointsShown(true);
        assertEquals(5, (int) Ui.call(() -> editor.points().table().getItemCount()));
        Ui.screenshot("swap-editor-videoswap-points");
    }

    @Test
    @Order(2)
    void aMethodThatReadsNoPointsHidesThePointsAndSaysSo() {
        ImageData withPoints = Ui.call(() -> editor.player().sourceView().render(320, 320));
        select(IDENTITY);
        assertPointsShown(false);
        assertEquals(NO_POINTS_LINE, Ui.call(() -> editor.noPointsLine().getText()));
        String message = Ui.call(editor::messageText);
        assertTrue(message.startsWith("Fill in") && !message.contains("tracked points"), message);
        // nor are the points drawn over the source, or taken by a click there
        assertNotEquals(digest(withPoints), digest(Ui.call(() -> editor.player().sourceView().render(320, 320))),
                "the source view without the points");
        clickOn("tip1");
        assertEquals(Set.of(), Ui.call(() -> editor.points().removed()), "a click on the source removes no point");
        Ui.settle();
        Ui.screenshot("swap-editor-point-free-method");
    }

    @Test
    @Order(3)
    void videoSwapAgainBringsThePointsBack() {
        select("videoswap");
        assertPointsShown(true);
        assertTrue(Ui.call(editor::messageText).contains("5 tracked points"), Ui.call(editor::messageText));
        clickOn("tip1");
        assertEquals(Set.of("tip1"), Ui.call(() -> editor.points().removed()), "a click on tip1 removes it");
    }

    @Test
    @Order(4)
    void anEditWithThePointFreeMethodLeavesOutThePointsRemovedForVideoSwap() throws Exception {
        select(IDENTITY);
        Ui.run(() -> {
            editor.promptField().setText("a red star on a grey striped background");
            editor.subjectField().setText("star");
            editor.targetField().setText("disc");
        });
        SwapEditJob edit = Ui.call(() -> editor.runEdit());
        assertNotNull(edit, Ui.call(editor::messageText));
        assertTrue(edit.spec().contains("\"method\":\"identity\"") && edit.spec().contains("\"remove\":[]")
                && edit.spec().contains("\"drag\":{}"), edit.spec());
        assertTrue(edit.join(120_000, null), "the edit ended");
        assertTrue(edit.getResult().isOK(), edit.getResult().toString());
        Ui.waitUntil("the edit in the history", 10_000, () -> !editor.history().records().isEmpty());
        assertEquals(IDENTITY, Ui.call(() -> editor.history().records().get(0).method()));
        assertEquals(Set.of("tip1"), Ui.call(() -> editor.points().removed()), "VideoSwap's removed points kept");
    }

    /**
     * Issue 32: the methods of other bundles (COVE, Tune-A-Video) fill the same generic form with
     * their own settings, read no points, and the form fits at 1280×800 too.
     */
    @Test
    @Order(5)
    void coveAndTuneAVideoFillTheFormWithTheirOwnSettings() {
        for (String id : List.of("cove", "tuneavideo")) {
            EditMethod m = TestServices.await(SwapServices.class).methods().stream().filter(x -> x.id().equals(id))
                    .findFirst().orElseThrow(() -> new AssertionError(id + " is not installed"));
            select(id);
            assertEquals(m.settings().stream().map(EditSetting::name).toList(),
                    Ui.call(() -> editor.settings().settings().stream().map(EditSetting::name).toList()),
                    "the form holds " + id + "'s settings");
            assertPointsShown(false);
            Ui.run(() -> editor.showAdvanced(true));
            Ui.settle();
            Ui.screenshot("swap-editor-" + id);
            Ui.atScreenSize(Ui.call(() -> editor.getSite().getShell()), 1280, 800,
                    () -> Ui.screenshot("swap-editor-" + id + "-1280x800"));
            Ui.run(() -> editor.showAdvanced(false));
        }
        select("videoswap");
    }

    /** Chooses the method of {@code id} by its name, as a user does in the combo. */
    private static void select(String id) {
        String name = TestServices.await(SwapServices.class).methods().stream().filter(m -> m.id().equals(id))
                .findFirst().orElseThrow().displayName();
        Ui.run(() -> {
            int index = Arrays.asList(editor.methodChoice().getItems()).indexOf(name);
            assertTrue(index >= 0, name + " in " + Arrays.toString(editor.methodChoice().getItems()));
            editor.methodChoice().select(index);
            Ui.fire(editor.methodChoice(), SWT.Selection);
        });
        Ui.settle();
    }

    private static void assertPointsShown(boolean shown) {
        assertEquals(shown, Ui.call(() -> editor.points().table().isVisible()), "the points table shown");
        assertEquals(!shown, Ui.call(() -> editor.noPointsLine().isVisible()), "the no-points line shown");
        // shown means laid out with room, hidden means no room taken in the form
        Control shownOne = Ui.call(() -> shown ? editor.points().table() : editor.noPointsLine());
        assertTrue(Ui.call(() -> shownOne.getSize().y > 0), "the shown part has height");
    }

    /** A click (press and release, no move) on the point's place on the source view, frame 0. */
    private static void clickOn(String point) {
        Trajectory t = Ui.call(() -> editor.points().points()).point(point).orElseThrow().tracked().orElseThrow();
        Control canvas = Ui.call(() -> editor.player().sourceView().canvas());
        int x = Ui.call(() -> editor.player().sourceView().screenX(t.x(0)));
        int y = Ui.call(() -> editor.player().sourceView().screenY(t.y(0)));
        for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
            Ui.run(() -> {
                Event e = new Event();
                e.button = 1;
                e.x = x;
                e.y = y;
                canvas.notifyListeners(type, e);
            });
        }
    }

    private static String digest(ImageData d) {
        return Integer.toHexString(Arrays.hashCode(d.data));
    }
}
