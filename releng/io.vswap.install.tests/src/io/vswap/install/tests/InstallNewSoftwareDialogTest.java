package io.vswap.install.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.install.api.Installation;
import io.vswap.install.ui.internal.InstallSoftwareDialog;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * Help › Install New Software in the running studio: a folder that is not a site is refused in words
 * with p2's report under Details; the built update site's folder lists the example PNG-sequence
 * feature; ticked and installed (after one Stop that changes nothing) into a copy of the built studio
 * product, whose configuration and p2 profile then hold the example bundle; the site is remembered.
 */
class InstallNewSoftwareDialogTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path temp;

    @Test
    void installsTheExampleFeatureFromTheBuiltSiteIntoACopyOfTheProduct() throws Exception {
        Path product = Installations.copyOfStudio(temp);
        Path site = Installations.builtSite();
        assertFalse(Installations.bundlesInfo(product).contains(Installations.EXAMPLE_BUNDLE + ","), "not there before");

        Shell window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        Ui.run(() -> Arrays.stream(Ui.display().getShells()).filter(s -> s != window && s.isVisible())
                .forEach(Shell::close));
        Ui.run(window::forceActive);
        Ui.settle();
        MenuItem item = Ui.call(() -> Ui.menuItem(window, "Help", "Install New Software"));
        assertEquals("Install New Software…", Ui.call(item::getText).replace("&", ""));
        Ui.display().asyncExec(() -> item.notifyListeners(SWT.Selection, new Event()));
        Ui.waitUntil("the Install New Software dialog", 10_000, () -> Ui.display().getActiveShell() != null
                && Ui.display().getActiveShell().getData() instanceof InstallSoftwareDialog);
        Shell shell = Ui.call(() -> Ui.display().getActiveShell());
        InstallSoftwareDialog dialog = (InstallSoftwareDialog) Ui.call(shell::getData);
        try {
            Ui.run(() -> dialog.installInto(Installation.folder(product)));
            Ui.sizeForScreen(shell, 1280, 800);

            // a folder that is not a site: words, and p2's report behind Details
            Path notASite = Files.createDirectories(temp.resolve("renders"));
            load(dialog, notASite.toString());
            String said = Ui.call(() -> dialog.outcomeLabel().getText());
            assertTrue(said.startsWith(notASite + " is not an update site"), said);
            assertEquals("The site could not be read.", Ui.call(dialog::getErrorMessage));
            assertTrue(Ui.call(() -> dialog.detailsButton().isVisible()), "Details is offered");
            Ui.run(() -> Ui.fire(dialog.detailsButton(), SWT.Selection));
            Ui.settle();
            assertTrue(Ui.call(() -> dialog.detailsText().isVisible() && !dialog.detailsText().getText().isBlank()));
            assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped");
            Ui.screenshot("40-install-not-a-site");

            // the built site, typed and Return pressed: its features, the example among them with its description
            int read = Ui.call(dialog::finishedRuns);
            Ui.run(() -> dialog.siteField().setText(site.toString()));
            Ui.run(() -> {
                Event e = new Event();
                e.detail = SWT.TRAVERSE_RETURN;
                e.doit = true;
                dialog.siteField().notifyListeners(SWT.Traverse, e);
                assertFalse(e.doit, "Return is the field's, not the dialog's default button");
            });
            Ui.waitUntil("the site to be read", 60_000, () -> dialog.finishedRuns() > read);
            Ui.settle();
            assertNull(Ui.call(dialog::getErrorMessage));
            assertFalse(Ui.call(() -> dialog.detailsText().isVisible()), "the details went with the problem");
            TableItem example = Ui.call(() -> Arrays.stream(dialog.featureTable().getItems())
                    .filter(i -> i.getText(2).equals(Installations.EXAMPLE_FEATURE)).findFirst()
                    .orElseThrow(() -> new AssertionError("the example is listed: " + Arrays.stream(dialog
                            .featureTable().getItems()).map(i -> i.getText(2)).toList())));
            assertTrue(Ui.call(() -> example.getText(1)).startsWith("0.1.0."), Ui.call(() -> example.getText(1)));
            Ui.run(() -> {
                dialog.featureTable().setSelection(example);
                example.setChecked(true);
                Event e = new Event();
                e.item = example;
                e.detail = SWT.CHECK;
                dialog.featureTable().notifyListeners(SWT.Selection, e);
            });
            String description = Ui.call(() -> dialog.descriptionText().getText());
            assertFalse(description.isBlank() || description.equals("(no description)"), description);
            Ui.settle();
            assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped");
            Ui.screenshot("41-install-site-features");

            // Install, stopped at once: nothing changes
            int started = Ui.call(dialog::finishedRuns);
            Ui.display().asyncExec(() -> Ui.pressDialogButton(shell, InstallSoftwareDialog.INSTALL_ID));
            Ui.waitUntil("the install to start", 10_000, dialog::isWorking);
            Ui.run(() -> {
                ToolBar stop = Ui.find(dialog.progressPart(), ToolBar.class, t -> true);
                stop.getItem(0).notifyListeners(SWT.Selection, new Event());
            });
            Ui.waitUntil("the install to stop", 60_000, () -> dialog.finishedRuns() > started);
            assertNull(Ui.call(dialog::lastResult), "stopped before it finished");
            assertTrue(Ui.call(dialog::getMessage).startsWith("Stopped"), Ui.call(dialog::getMessage));
            assertFalse(Installations.bundlesInfo(product).contains(Installations.EXAMPLE_BUNDLE + ","));

            // Install for real
            int stopped = Ui.call(dialog::finishedRuns);
            Ui.display().asyncExec(() -> Ui.pressDialogButton(shell, InstallSoftwareDialog.INSTALL_ID));
            Ui.waitUntil("the install to start", 10_000, dialog::isWorking);
            Ui.sleep(300);
            Ui.screenshot("42-install-progress");
            Ui.waitUntil("the install to end", 120_000, () -> dialog.finishedRuns() > stopped);
            if (Ui.call(dialog::lastProblem) != null) {
                fail(Ui.call(() -> dialog.lastProblem().getMessage() + "\n" + dialog.lastProblem().details()));
            }
            String done = Ui.call(() -> dialog.outcomeLabel().getText());
            assertTrue(done.startsWith("Installed ") && done.contains(" into the product in " + product), done);
            System.out.println("install through the dialog took " + Ui.call(() -> dialog.lastResult().millis()) + " ms");
            Ui.settle();
            assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped");
            Ui.screenshot("43-install-done");
        } finally {
            Ui.run(shell::close);
        }

        assertTrue(Installations.bundlesInfo(product).contains(Installations.EXAMPLE_BUNDLE + ","),
                "bundles.info starts the example bundle:\n" + Installations.bundlesInfo(product));
        try (Stream<Path> plugins = Files.list(product.resolve("plugins"))) {
            assertTrue(plugins.anyMatch(p -> p.getFileName().toString().startsWith(Installations.EXAMPLE_BUNDLE + "_")),
                    "the bundle is in plugins/");
        }
        String profile = Installations.newestProfile(product);
        assertTrue(profile.contains("id='" + Installations.EXAMPLE_BUNDLE + "'"), "the profile lists the bundle");
        assertTrue(profile.contains(Installations.EXAMPLE_FEATURE + ".feature.group"), "and the feature");
        assertFalse(Installations.bundlesInfo(Installations.builtStudio()).contains(Installations.EXAMPLE_BUNDLE + ","),
                "the built product itself is untouched");
        String remembered = InstanceScope.INSTANCE.getNode("io.vswap.install.ui").get("sites", "");
        assertTrue(remembered.lines().anyMatch(site.toString()::equals), "the site is remembered: " + remembered);
        assertFalse(remembered.contains(temp.resolve("renders").toString()), "a folder that was no site is not");
    }

    /**
     * After an install into the running studio (which the test runtime, not being an installed product,
     * cannot do) the dialog asks to restart: Restart Now, the default, or Later, which leaves it running.
     */
    @Test
    void theRestartQuestionOffersRestartNowOrLater() {
        Shell window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        MessageDialog ask = Ui.call(() -> {
            MessageDialog d = InstallSoftwareDialog.restartQuestion(window, "VideoSwap Example: PNG Sequence Codec");
            d.setBlockOnOpen(false);
            d.open();
            return d;
        });
        Shell shell = Ui.call(ask::getShell);
        try {
            // by answer (GTK puts the default button last on screen)
            List<String> buttons = Ui.call(() -> Ui.findAll(shell, Button.class, b -> b.getData() instanceof Integer)
                    .stream().sorted(java.util.Comparator.comparing(b -> (Integer) b.getData()))
                    .map(b -> b.getText().replace("&", "")).toList());
            assertEquals(List.of("Restart Now", "Later"), buttons);
            assertEquals(InstallSoftwareDialog.RESTART_NOW, (int) Ui.call(() -> shell.getDefaultButton().getData()));
            assertTrue(Ui.call(() -> Ui.find(shell, Label.class, l -> l.getText().startsWith("Installed VideoSwap Example"))
                    .getText()).endsWith("Restart now?"));
            Ui.sizeForScreen(shell, 1280, 800);
            assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped");
            Ui.screenshot("44-install-restart-question");
            Ui.run(() -> Ui.pressDialogButton(shell, 1));
            Ui.waitUntil("Later to close the question", 5_000, shell::isDisposed);
            assertEquals(1, ask.getReturnCode());
            assertTrue(PlatformUI.isWorkbenchRunning(), "Later leaves the studio running");
        } finally {
            Ui.run(() -> {
                if (!shell.isDisposed()) {
                    shell.close();
                }
            });
        }
    }

    /** Types {@code text} as the site and presses Add; waits until it is read. */
    private static void load(InstallSoftwareDialog dialog, String text) {
        int before = Ui.call(dialog::finishedRuns);
        Ui.run(() -> dialog.siteField().setText(text));
        Ui.display().asyncExec(() -> Ui.fire(dialog.loadButton(), SWT.Selection));
        Ui.waitUntil("the site to be read", 60_000, () -> dialog.finishedRuns() > before);
        Ui.settle();
    }
}
