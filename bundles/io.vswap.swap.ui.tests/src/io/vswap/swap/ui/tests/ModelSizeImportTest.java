package io.vswap.swap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.testing.Ffmpeg;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.internal.wizard.ClipPage;
import io.vswap.ui.internal.wizard.ImportVideoWizard;
import io.vswap.ui.testing.ImportWizardDriver;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;
import io.vswap.video.api.SizePreset;

/**
 * A newcomer who keeps the Import Video wizard's defaults gets a clip at the installed model's own
 * size (the sample model's 64 × 64, listed first), with what a swap of it would cost on this
 * machine under the size; 512 × 512 is flagged before anything is imported, in words.
 */
class ModelSizeImportTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path temp;

    @Test
    void theModelsOwnSizeComesFirstWithAnEstimateAndAFarSizeIsFlagged() throws Exception {
        Path video = temp.resolve("shot.mp4");
        Ffmpeg.write(video, "-f", "lavfi", "-i",
                "testsrc=s=320x240:r=25:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p");

        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        session.create(temp.resolve("project"), "Model size");
        ImportWizardDriver driver = ImportWizardDriver.open(window);
        Shell shell = driver.shell();
        WizardDialog dialog = driver.dialog();
        ImportVideoWizard wizard = driver.wizard();
        try {
            Ui.sizeForScreen(shell, 1280, 800); // as it opens on a 1280×800 screen
            Ui.run(() -> wizard.sourcePage().fileText().setText(video.toString()));
            Ui.waitUntil("the probe of " + video, 30_000, wizard.sourcePage()::isPageComplete);
            Ui.run(() -> Ui.pressDialogButton(shell, org.eclipse.jface.dialogs.IDialogConstants.NEXT_ID));
            ClipPage clip = wizard.clipPage();

            assertEquals("The model's own (64 × 64)", Ui.call(() -> clip.preset().getItem(0)));
            assertEquals(0, (int) Ui.call(() -> clip.preset().getSelectionIndex()), "offered first and chosen");
            assertEquals(64, (int) Ui.call(() -> clip.settings().outputWidth()));
            assertEquals(64, (int) Ui.call(() -> clip.settings().outputHeight()));
            long t0 = System.nanoTime();
            Ui.waitUntil("the estimate at 64 × 64", 60_000,
                    () -> clip.estimateLine().getText().startsWith("A swap of "));
            String own = Ui.call(() -> clip.estimateLine().getText());
            System.out.printf("import wizard: estimate at 64 × 64 shown after %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                    own);
            assertTrue(own.matches("A swap of 16 frames on this machine: about \\d+ (s|min), \\d+\\.\\d GB"), own);
            assertTrue(Ui.call(() -> clip.estimateLine().getToolTipText()).startsWith("Estimated for VideoSwap"));
            assertNull(Ui.call(clip::warning), "the model's own size is not flagged");
            assertNull(Ui.call(clip::getMessage));
            Ui.settle();
            Ui.screenshot("20-import-model-size");
            assertEquals(java.util.List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped at 1280×800");

            long t1 = System.nanoTime();
            Ui.run(() -> clip.select(SizePreset.SQUARE_512));
            Ui.waitUntil("the estimate at 512 × 512", 120_000,
                    () -> clip.estimateLine().getText().startsWith("A swap of ") && clip.warning() != null);
            String message = Ui.call(clip::getMessage);
            System.out.printf("import wizard: estimate at 512 × 512 shown after %.1f s: %s%n",
                    (System.nanoTime() - t1) / 1e9, Ui.call(() -> clip.estimateLine().getText()));
            assertEquals(IMessageProvider.WARNING, (int) Ui.call(clip::getMessageType));
            assertTrue(message != null && message.contains("The model was made for 64 × 64 clips; 512 × 512 is 64 "
                    + "times its area"), message);
            assertTrue(Ui.call(wizard::canFinish), "a warning, not an error: the editor may still import it");
            Ui.settle();
            Ui.screenshot("21-import-far-size-flagged");
            assertEquals(java.util.List.of(), Ui.call(() -> Ui.clipped(shell)), "nothing clipped with the warning");
        } finally {
            Ui.run(dialog::close);
        }
    }
}
