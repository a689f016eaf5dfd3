package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.model.application.ui.menu.MToolControl;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * The window has a perspective switcher, and Window › Open Perspective lists the perspectives
 * installed bundles contribute (here the Swap perspective of io.vswap.swap.ui) and opens them.
 */
class WindowMenuTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @Test
    void openPerspectiveListsTheSwapPerspectiveAndTheSwitcherIsShown() {
        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        Ui.run(() -> window.getActivePage().setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(StudioIds.PERSPECTIVE)));
        MToolControl switcher = Ui.call(() -> {
            MWindow model = window.getService(MWindow.class);
            EModelService models = window.getService(EModelService.class);
            return (MToolControl) models.find("PerspectiveSwitcher", model);
        });
        assertNotNull(switcher, "the window's trim has a perspective switcher");
        assertTrue(Ui.call(() -> switcher.isToBeRendered() && switcher.isVisible()), "and shows it");

        List<String> labels = Ui.call(() -> Arrays.stream(Ui.menuItems(window.getShell(), "Window", "Open Perspective")).map(MenuItem::getText)
                .map(t -> t.replace("&", "")).toList());
        assertTrue(labels.contains("Swap"), "Window › Open Perspective: " + labels);
        Ui.run(() -> Arrays.stream(Ui.menuItems(window.getShell(), "Window", "Open Perspective")).filter(i -> i.getText().replace("&", "")
                .equals("Swap")).findFirst().orElseThrow().notifyListeners(SWT.Selection, new Event()));
        assertEquals(SwapUiIds.PERSPECTIVE, Ui.call(() -> window.getActivePage().getPerspective().getId()));
        Ui.settle();
        Ui.screenshot("32-perspective-switcher");
        Ui.run(() -> window.getActivePage().setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                .findPerspectiveWithId(StudioIds.PERSPECTIVE)));
    }
}
