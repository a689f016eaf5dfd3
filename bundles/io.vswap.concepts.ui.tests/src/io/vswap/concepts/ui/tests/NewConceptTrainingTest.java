package io.vswap.concepts.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.ui.internal.ConceptLibraryView;
import io.vswap.concepts.ui.internal.ConceptTrainingView;
import io.vswap.concepts.ui.internal.NewConceptWizard;
import io.vswap.concepts.ui.internal.TrainConceptJob;
import io.vswap.concepts.ui.internal.TrainingRun;
import io.vswap.testing.TestServices;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * A concept made in the workbench (issue 30), with the real trainer on the sample model and a few steps:
 * New Concept refuses two pictures in the trainer's words and takes three (one with its square dragged
 * off the centre), a token the model knows is refused; Finish trains as a job that the Concept Training
 * view follows (a loss point per step, previews); cancelled after two steps it keeps its checkpoint and
 * Resume finishes it from there; the concept then appears in the Concept Library view, where Preview
 * draws pictures with it and Duplicate copies it (a job). Looked at at this screen and at 1280×800;
 * nothing in the error log.
 */
class NewConceptTrainingTest {

    static final int STEPS = 4;
    /** Fewer than the Preview's 25: enough to tell a picture is drawn, and quick. */
    static final int PREVIEW_STEPS = 8;

    @TempDir
    static Path dir;

    private static ConceptStore store;
    private static LoggedErrors loggedErrors;
    private static IWorkbenchWindow window;

    @BeforeAll
    static void workbench() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        store.setLibraries(dir.resolve("mine"), List.of());
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
        window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
    }

    @AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("NewConceptTrainingTest");
    }

    /** A green hexagon on grey, {@code w}×{@code h}, shifted by {@code dx}. */
    private static Path hexagon(String name, int w, int h, int dx) {
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        double cx = w / 2.0 + dx;
        double cy = h / 2.0;
        double r = Math.min(w, h) * 0.35;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ax = Math.abs(x - cx);
                double ay = Math.abs(y - cy);
                boolean in = ay <= r * Math.sqrt(3) / 2 && Math.sqrt(3) * ax + ay <= Math.sqrt(3) * r;
                d.setPixel(x, y, in ? (x < cx ? 0x20B040 : 0xE0C020) : 0xB0B0B0);
            }
        }
        ImageLoader l = new ImageLoader();
        l.data = new ImageData[] { d };
        Path file = dir.resolve("pictures").resolve(name);
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        l.save(file.toString(), SWT.IMAGE_PNG);
        return file;
    }

    @Test
    void aConceptIsMadeTrainedCancelledResumedPreviewedAndDuplicated() throws Exception {
        long t0 = System.nanoTime();
        ConceptLibraryView library = (ConceptLibraryView) Ui.call(() -> window.getActivePage()
                .showView("io.vswap.concepts.ui.libraryView"));
        Ui.waitUntil("the library read", 20_000, library::isLoaded);
        List<Path> pictures = List.of(hexagon("a.png", 64, 64, 0), hexagon("b.png", 72, 72, 3),
                hexagon("c.png", 96, 64, 14));

        NewConceptWizard wizard = Ui.call(NewConceptWizard::new);
        WizardDialog dialog = Ui.call(() -> {
            WizardDialog d = new WizardDialog(window.getShell(), wizard);
            d.setBlockOnOpen(false);
            d.open();
            return d;
        });
        Shell shell = Ui.call(dialog::getShell);
        try {
            Ui.sizeForScreen(shell, 1280, 800);
            // two pictures, dropped from the file manager, with a text file: refused in the trainer's words
            Ui.run(() -> wizard.dropImages(List.of(pictures.get(0), pictures.get(1), dir.resolve("notes.txt"))));
            settled(wizard);
            String two = Ui.call(wizard::message);
            assertTrue(two.contains("A concept is learnt from 3 to 20 reference images; 2 were given"), two);
            assertFalse(Ui.call(() -> dialog.getCurrentPage().isPageComplete()), "Next stays off");
            assertFalse(Ui.call(wizard::canFinish));
            // the third, a wide one: its square dragged to the right
            Ui.run(() -> wizard.addImages(List.of(pictures.get(2))));
            settled(wizard);
            assertTrue(Ui.call(() -> dialog.getCurrentPage().isPageComplete()), Ui.call(wizard::message));
            Ui.run(() -> wizard.dragSquare(2, 10_000, 100));
            assertTrue(Ui.call(() -> wizard.squareChosen(2)));
            settled(wizard);
            page(shell, "new-concept-1-pictures");
            next(shell);
            // a token the model knows is refused; then a free one
            Ui.run(() -> wizard.name("Two-tone hexagon", "<square>", "hexagon"));
            settled(wizard);
            String clash = Ui.call(wizard::message);
            assertTrue(clash.contains("clashes with the word \"square\" of the model's vocabulary"), clash);
            assertFalse(Ui.call(wizard::canFinish));
            Ui.run(() -> wizard.name("Two-tone hexagon", "<hexui1>", "hexagon"));
            settled(wizard);
            assertEquals("The token is free.", Ui.call(wizard::message));
            page(shell, "new-concept-2-naming");
            next(shell);
            settled(wizard);
            Ui.run(() -> wizard.setSteps(STEPS));
            page(shell, "new-concept-3-preset");
            assertTrue(Ui.call(wizard::canFinish), Ui.call(wizard::message));
            Ui.run(() -> Ui.pressDialogButton(shell, IDialogConstants.FINISH_ID));
        } finally {
            Ui.run(() -> {
                if (!shell.isDisposed()) {
                    shell.close();
                }
            });
        }
        TrainConceptJob job = (TrainConceptJob) wizard.startedJob();
        // stopped as the user's Cancel stops it, once step 2 is done (its checkpoint written: one a step here)
        job.run().watch(r -> {
            if (r.step() >= 2) {
                job.cancel();
            }
        });
        job.join();
        assertEquals(IStatus.CANCEL, job.getResult().getSeverity(), job.getResult().toString());
        int done = job.run().step();
        assertTrue(done >= 2 && done < STEPS, "cancelled after step " + done);
        ConceptTrainingView view = (ConceptTrainingView) Ui.call(() -> window.getActivePage().findView(
                ConceptTrainingView.ID));
        Ui.waitUntil("Resume offered", 10_000, () -> view.resumable().equals(List.of("Two-tone hexagon (<hexui1>)")));
        assertEquals(done, (int) Ui.call(view::lossPoints));
        SortedMap<Integer, Double> before = job.run().losses();
        assertTrue(Files.isRegularFile(job.run().request().workFolder().resolve("checkpoint.safetensors")));

        TrainConceptJob resumed = Ui.call(view::resumeSelected);
        resumed.join();
        assertTrue(resumed.getResult().isOK(), resumed.getResult().toString());
        TrainingRun run = resumed.run();
        assertEquals(STEPS, run.losses().size());
        assertEquals(before, run.losses().headMap(done + 1), "the losses up to the checkpoint come from it");
        Ui.waitUntil("the training shown", 10_000, () -> view.lossPoints() == STEPS && view.previewsShown() > 0);
        assertTrue(Ui.call(view::progressText).startsWith("Step " + STEPS + " of " + STEPS), Ui.call(view::progressText));
        Ui.waitUntil("nothing left to resume", 10_000, () -> view.resumable().isEmpty());
        Ui.run(() -> window.getActivePage().activate(view));
        Ui.lookMaximized(view, Ui.call(view::control), "concept-training");
        System.out.printf("wizard, training and resume: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // the library lists it (told by the job) and previews it
        Ui.run(() -> window.getActivePage().activate(library));
        Ui.waitUntil("the new concept listed", 20_000, () -> library.isLoaded()
                && library.tileLabels().contains("Two-tone hexagon"));
        Ui.run(() -> library.selectLabel("Two-tone hexagon"));
        long p0 = System.nanoTime();
        Job preview = Ui.call(() -> library.previewSelected(PREVIEW_STEPS));
        preview.join();
        assertTrue(preview.getResult().isOK(), preview.getResult().toString());
        Ui.waitUntil("the pictures shown", 10_000, () -> library.previewPictures() == 4);
        System.out.printf("Preview: %.1f s%n", (System.nanoTime() - p0) / 1e9);
        Ui.settle();
        Ui.screenshot("concept-preview");
        assertEquals(List.of(), Ui.call(() -> Ui.clipped(library.previewShell())));
        Ui.run(() -> library.previewShell().close());

        // Duplicate runs as a job; reading the library again does not hash the model again
        int hashes = BaseModelId.timesWorkedOut();
        Job copy = Ui.call(() -> library.duplicate("Two-tone hexagon (copy)", "<hexui2>"));
        copy.join();
        Ui.waitUntil("the copy listed", 20_000, () -> library.isLoaded()
                && library.tileLabels().contains("Two-tone hexagon (copy)"));
        assertTrue(store.byToken("<hexui2>").isPresent());
        assertEquals(hashes, BaseModelId.timesWorkedOut(), "the model's id is kept while its files stay as they were");
        System.out.printf("the whole test: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void settled(NewConceptWizard wizard) {
        Ui.settle();
        Ui.waitUntil("the check", 20_000, () -> !wizard.isChecking());
        Ui.settle();
    }

    private static void page(Shell shell, String name) {
        Ui.settle();
        Ui.screenshot(name);
        assertEquals(List.of(), Ui.call(() -> Ui.clipped(shell)), name + ": nothing clipped at 1280×800");
    }

    private static void next(Shell shell) {
        Ui.run(() -> Ui.pressDialogButton(shell, IDialogConstants.NEXT_ID));
    }
}
