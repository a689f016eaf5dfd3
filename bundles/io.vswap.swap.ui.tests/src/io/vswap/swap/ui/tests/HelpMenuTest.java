package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * Help: Show Key Assist (Ctrl+Shift+L) lists the window's key bindings; About VideoSwap Studio
 * gives the version, when it was built, the model in use (the built-in sample model here) and
 * every loaded bundle, VideoSwap's first, and copies it all for a support request.
 */
class HelpMenuTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @Test
    void aboutSaysVersionBuildModelAndBundlesAndKeyAssistListsTheKeys() throws Exception {
        Shell window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        // as a user at the window: other tests may have left a dialog or another shell in front
        Ui.run(() -> Arrays.stream(Ui.display().getShells()).filter(s -> s != window && s.isVisible())
                .forEach(Shell::close));
        Ui.run(window::forceActive);
        Ui.settle();
        var bindings = Ui.call(() -> PlatformUI.getWorkbench().getService(org.eclipse.ui.keys.IBindingService.class)
                .getBindings());
        assertTrue(Arrays.stream(bindings).anyMatch(b -> b.getParameterizedCommand() != null
                && "org.eclipse.ui.window.showKeyAssist".equals(b.getParameterizedCommand().getId())
                && b.getTriggerSequence().format().replace("Shift+Ctrl", "Ctrl+Shift").equals("Ctrl+Shift+L")),
                "Ctrl+Shift+L is bound to Show Key Assist");
        MenuItem keys = Ui.call(() -> Ui.menuItem(window, "Help", "Show Key Assist"));
        String binding = Ui.call(() -> PlatformUI.getWorkbench().getService(org.eclipse.ui.keys.IBindingService.class)
                .getBestActiveBindingFormattedFor("org.eclipse.ui.window.showKeyAssist"));
        String scheme = Ui.call(() -> PlatformUI.getWorkbench().getService(org.eclipse.ui.keys.IBindingService.class)
                .getActiveScheme().getId());
        assertTrue(Ui.call(keys::getText).contains("Shift+Ctrl+L") || Ui.call(keys::getText).contains("Ctrl+Shift+L"),
                "the menu shows the key: " + Ui.call(keys::getText) + "; binding " + binding + ", scheme " + scheme);
        Ui.display().asyncExec(() -> keys.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event()));
        Ui.waitUntil("the key assist", 10_000, () -> Arrays.stream(Ui.display().getShells())
                .anyMatch(s -> s != window && s.isVisible()));
        // it lists the commands with keys, Show Key Assist among them
        Shell assist = Ui.call(() -> Arrays.stream(Ui.display().getShells()).filter(s -> s != window && s.isVisible())
                .findFirst().orElseThrow());
        List<String> rows = Ui.call(() -> Ui.findAll(assist, Table.class, t -> true).stream()
                .flatMap(t -> Arrays.stream(t.getItems())).map(i -> i.getText(0) + " " + i.getText(1)).toList());
        assertTrue(rows.stream().anyMatch(r -> r.contains("Show Key Assist")), "the key assist lists: " + rows);
        Ui.settle();
        Ui.screenshot("30-help-key-assist");
        Ui.run(() -> Arrays.stream(Ui.display().getShells()).filter(s -> s != window && s.isVisible())
                .forEach(Shell::close));

        MenuItem about = Ui.call(() -> Ui.menuItem(window, "Help", "About VideoSwap Studio"));
        Ui.display().asyncExec(() -> about.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event()));
        Ui.waitUntil("the About dialog", 10_000, () -> Ui.display().getActiveShell() != null
                && "About VideoSwap Studio".equals(Ui.display().getActiveShell().getText()));
        Shell dialog = Ui.call(() -> Ui.display().getActiveShell());
        try {
            assertEquals("0.1.0", fact(dialog, "Version:"));
            String built = fact(dialog, "Built:");
            assertTrue(built.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(build \\d{12}\\)"), built);
            String model = fact(dialog, "Model in use:");
            assertTrue(model.startsWith("the built-in sample model") && model.endsWith("clips of 64 × 64 by default"),
                    model);
            Table table = Ui.call(() -> Ui.find(dialog, Table.class, t -> true));
            List<String> names = Ui.call(() -> Arrays.stream(table.getItems()).map(i -> i.getText(0)).toList());
            assertTrue(names.size() > 50, names.size() + " bundles");
            assertTrue(names.get(0).startsWith("io.vswap."), "VideoSwap's bundles first: " + names.get(0));
            TableItem swap = Ui.call(() -> Arrays.stream(table.getItems())
                    .filter(i -> i.getText(0).equals("io.vswap.swap")).findFirst().orElseThrow());
            assertTrue(Ui.call(() -> swap.getText(1)).startsWith("0.1.0."), Ui.call(() -> swap.getText(1)));
            Ui.settle();
            Ui.screenshot("31-help-about");
            Ui.run(() -> Ui.pressDialogButton(dialog, IDialogConstants.CLIENT_ID + 1));
            String copied = Ui.call(() -> {
                Clipboard c = new Clipboard(Ui.display());
                try {
                    return (String) c.getContents(TextTransfer.getInstance());
                } finally {
                    c.dispose();
                }
            });
            assertNotNull(copied, "Copy to Clipboard put text there");
            assertTrue(copied.contains("Model in use: the built-in sample model") && copied.contains("io.vswap.swap 0.1.0."),
                    copied);
        } finally {
            Ui.run(dialog::close);
        }
    }

    /** The value beside a fact's label in the About dialog. */
    private static String fact(Shell dialog, String label) {
        return Ui.call(() -> Ui.find(dialog, Label.class, l -> label.equals(l.getData("fact"))).getText());
    }
}
