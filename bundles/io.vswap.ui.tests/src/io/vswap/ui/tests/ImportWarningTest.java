package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.vswap.ui.internal.wizard.ImportVideoWizard;
import io.vswap.ui.internal.wizard.SourcePage;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.ImportWizardDriver;
import io.vswap.ui.testing.Ui;

/**
 * The import wizard tells the editor what is odd about a file before it is imported: a
 * variable frame rate, a header that claims more frames than the file stores, its sound.
 */
class ImportWarningTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path temp;

    @Test
    void aVariableRateFileWithALyingHeaderIsShownAsItReallyIs() throws Exception {
        // a camera-like AVI: two frames skipped after every five (its header counts them), with sound
        Path video = temp.resolve("dropped.avi");
        Ffmpeg.write(video, "-f", "lavfi", "-i", "testsrc=s=160x120:r=25:d=4", "-f", "lavfi", "-i",
                "sine=f=440:d=4:sample_rate=44100", "-vf", "setpts=N+2*floor(N/5)", "-fps_mode", "passthrough", "-c:v",
                "mpeg4", "-c:a", "pcm_s16le");

        IWorkbenchWindow window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        session.create(temp.resolve("project"), "Dropped frames"); // shots are imported into the open project
        ImportWizardDriver driver = ImportWizardDriver.open(window);
        Shell shell = driver.shell();
        WizardDialog dialog = driver.dialog();
        ImportVideoWizard wizard = driver.wizard();
        SourcePage source = wizard.sourcePage();
        try {
            Ui.run(() -> shell.setBounds(140, 60, 1000, 700));
            Ui.run(() -> source.fileText().setText(video.toString()));
            Ui.waitUntil("the probe of " + video, 30_000, source::isPageComplete);

            assertEquals("100", Ui.call(() -> source.probeText("frames")), "the frames stored, not the header's");
            String rate = Ui.call(() -> source.probeText("frameRate"));
            assertTrue(rate.startsWith("variable, mean "), rate);
            String audio = Ui.call(() -> source.probeText("audio"));
            assertEquals("pcm_s16le, 1 ch, 44.1 kHz", audio);
            assertEquals(IMessageProvider.WARNING, (int) Ui.call(source::getMessageType));
            String message = Ui.call(source::getMessage);
            assertTrue(message.contains("header says") && message.contains("stores 100"), message);
            Ui.settle();
            Ui.screenshot("08-import-variable-rate-warning");
        } finally {
            Ui.run(dialog::close);
        }
    }
}
