package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.prefs.StudioPreferencePage;
import io.vswap.ui.internal.prefs.StudioPreferences;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.SizePreset;

/** The VideoSwap preference page: what the user types is checked, kept, and written to disk. */
class PreferencePageTest {

    @BeforeAll
    static void startStudio() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path temp;

    @Test
    void storesCacheFolderAndCustomClipSizeAndRefusesSizesThatAreNotMultiplesOf8() throws Exception {
        assertNull(new StudioPreferences().clipSizePreset(), "the default is the installed model's own size");
        assertArrayEquals(new int[] { 64, 64 }, new StudioPreferences().clipSize(new int[] { 64, 64 }));
        assertArrayEquals(new int[] { 512, 512 }, new StudioPreferences().clipSize(null), "no model known: 512×512");
        Shell workbenchShell = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        PreferenceDialog dialog = Ui.call(() -> {
            PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(workbenchShell, StudioIds.PREFERENCE_PAGE,
                    null, null);
            d.setBlockOnOpen(false);
            d.open();
            return d;
        });
        Shell shell = Ui.call(dialog::getShell);
        assertInstanceOf(StudioPreferencePage.class, Ui.call(dialog::getSelectedPage));
        StudioPreferencePage page = (StudioPreferencePage) Ui.call(dialog::getSelectedPage);
        Path cache = Files.createDirectories(temp.resolve("vswap-cache"));

        // The page's fields in order: cache folder, custom width, custom height; and the size combo.
        List<Text> texts = Ui.call(() -> Ui.findAll((org.eclipse.swt.widgets.Composite) page.getControl(), Text.class,
                t -> true));
        assertEquals(3, texts.size(), "cache folder, width and height fields");
        Combo size = Ui.call(() -> Ui.find((org.eclipse.swt.widgets.Composite) page.getControl(), Combo.class,
                c -> true));
        Ui.run(() -> {
            type(texts.get(0), cache.toString());
            size.select(SizePreset.CUSTOM.ordinal() + 1); // after the model's own size
            Ui.fire(size, SWT.Selection);
            type(texts.get(1), "641");
            type(texts.get(2), "360");
        });
        Ui.settle();
        Button ok = Ui.call(() -> Ui.find(shell, Button.class,
                b -> Integer.valueOf(IDialogConstants.OK_ID).equals(b.getData())));
        assertFalse(Ui.call(page::isValid), "641 is not a multiple of 8");
        assertFalse(Ui.call(ok::isEnabled), "OK is disabled while a field is invalid");
        String message = Ui.call(page::getErrorMessage);
        assertTrue(message != null && message.contains("multiples of 8"), "the page says why: " + message);
        Ui.screenshot("05-preferences-invalid");

        Ui.run(() -> type(texts.get(1), "640"));
        Ui.settle();
        assertTrue(Ui.call(page::isValid), "640×360 is valid: " + Ui.call(page::getErrorMessage));
        Ui.screenshot("06-preferences");
        Ui.sizeForScreen(shell, 1280, 800); // as it opens on a 1280×800 screen
        assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped at 1280×800");
        Ui.run(() -> Ui.pressDialogButton(shell, IDialogConstants.OK_ID));
        Ui.waitUntil("the preference dialog to close", 5_000, shell::isDisposed);

        StudioPreferences prefs = new StudioPreferences();
        assertEquals(cache, prefs.cacheFolder());
        // The preference takes effect: a project created now keeps its cache under that folder.
        var session = Ui.call(() -> PlatformUI.getWorkbench().getService(io.vswap.ui.api.ProjectSession.class));
        var project = session.create(temp.resolve("cached-elsewhere"), "Elsewhere");
        try {
            assertTrue(project.cacheFolder().startsWith(cache), "cache under the preference: " + project.cacheFolder());
            assertTrue(Files.isDirectory(project.cacheFolder()));
            assertFalse(Files.exists(project.folder().resolve("cache")), "no cache inside the project");
        } finally {
            session.store().setCacheRoot(null);
        }
        assertEquals(SizePreset.CUSTOM, prefs.clipSizePreset());
        assertArrayEquals(new int[] { 640, 360 }, prefs.clipSize(new int[] { 64, 64 }));
        // Persisted, not just held in memory: the instance-scope file has the values.
        Path file = Path.of(Platform.getInstanceLocation().getURL().toURI())
                .resolve(".metadata/.plugins/org.eclipse.core.runtime/.settings/" + StudioIds.PLUGIN_ID + ".prefs");
        assertTrue(Files.isRegularFile(file), "preferences written to " + file);
        String written = Files.readString(file);
        assertTrue(written.contains("clipWidth=640") && written.contains("clipSize=CUSTOM"), written);
    }

    /** Sets the text and sends what typing sends: field editors validate on key release or focus loss. */
    private static void type(Text text, String value) {
        text.setText(value);
        Ui.fire(text, SWT.KeyUp);
        Ui.fire(text, SWT.FocusOut);
    }

    @AfterEach
    void restoreDefaults() throws Exception {
        var node = InstanceScope.INSTANCE.getNode(StudioIds.PLUGIN_ID);
        node.clear();
        node.flush();
    }
}
