package io.vswap.concepts.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.Concept.Training;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.ui.internal.ConceptLibraryView;
import io.vswap.swap.ui.internal.editor.ConceptChoiceDialog;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;
import io.vswap.ui.testing.LoggedErrors;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * The Concept Library view (issue 30) on real libraries: a concept of the sample model, one of
 * another model (greyed, saying why), a damaged folder (listed with why); search, details with the
 * reference images, rename, delete and Undo, export and import under another token; looked at at
 * this screen and at 1280×800; nothing in the error log.
 */
class ConceptLibraryViewTest {

    @TempDir
    static Path dir;

    private static ConceptStore store;
    private static LoggedErrors loggedErrors;
    private static IWorkbenchWindow window;

    @BeforeAll
    static void librariesWithThreeConcepts() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        ConceptLibrary studio = new ConceptLibrary(dir.resolve("studio"), "Studio", true);
        store.setLibraries(dir.resolve("mine"), List.of(studio));
        BaseModelId sample = BaseModelId.of(SampleModel.shippedFolder());
        add(store.userLibrary(), "Red heart", "<heart1>", "heart", sample, 0xE03030);
        add(new ConceptLibrary(studio.folder(), "Studio", false), "Blue crescent", "<crescent1>", "crescent",
                new BaseModelId("sd15", "content-" + "ab".repeat(32)), 0x3050E0);
        Path broken = Files.createDirectories(store.userLibrary().folder().resolve("broken"));
        Files.writeString(broken.resolve(ConceptJson.FILE), "{ damaged");
        StudioWorkbench.ensureRunning();
        loggedErrors = LoggedErrors.collect();
        window = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow());
    }

    /** A concept with real PNG pictures of one colour. */
    private static void add(ConceptLibrary into, String name, String token, String classWord, BaseModelId model,
            int rgb) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in-" + classWord));
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> images = List.of("images/01.png", "images/02.png", "images/03.png");
        for (int i = 0; i < images.size(); i++) {
            files.put(images.get(i), png(in.resolve(i + ".png"), 200 + 40 * i, 160, rgb));
        }
        files.put("thumbnail.png", png(in.resolve("thumb.png"), 128, 128, rgb));
        files.put("edlora.safetensors", Files.write(in.resolve("w.safetensors"), new byte[] { 8, 0, 0, 0, 0, 0, 0, 0,
                '{', '}', ' ', ' ', ' ', ' ', ' ', ' ' }));
        Concept c = new Concept(name, token, classWord, "a " + name.toLowerCase() + " for the tests", List.of("test"),
                "2026-12-07T17:00:00Z", model, images, "thumbnail.png", new Weights("edlora.safetensors", "0".repeat(64), 0),
                new Training(Map.of("steps", "400", "rank", "4"), Map.of("finalLoss", 0.123), ""), List.of());
        store.add(into, c, files);
    }

    private static Path png(Path file, int w, int h, int rgb) {
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d.setPixel(x, y, (x - w / 2) * (x - w / 2) + (y - h / 2) * (y - h / 2) < h * h / 9 ? rgb : 0xD0D0D0);
            }
        }
        ImageLoader l = new ImageLoader();
        l.data = new ImageData[] { d };
        l.save(file.toString(), SWT.IMAGE_PNG);
        return file;
    }

    @AfterEach
    void noErrorsLogged() {
        loggedErrors.assertNone("ConceptLibraryViewTest");
    }

    @Test
    void theLibraryIsBrowsedSearchedAndChangedWithUndo() throws Exception {
        List<String> swapMenu = Ui.call(() -> java.util.Arrays.stream(Ui.menuItems(window.getShell(), "Swap"))
                .map(i -> i.getText().replace("&", "")).toList());
        assertTrue(swapMenu.contains("Concept Library"), swapMenu.toString());
        ConceptLibraryView view = (ConceptLibraryView) Ui.call(() -> window.getActivePage()
                .showView("io.vswap.concepts.ui.libraryView"));
        waitLoaded(view);
        assertEquals(List.of("broken (unusable)", "Red heart", "Blue crescent (unusable)"), Ui.call(view::tileLabels));
        assertTrue(Ui.call(() -> view.messageArea().text()).startsWith("2 of 3 concepts cannot be used"),
                Ui.call(() -> view.messageArea().text()));

        Ui.run(() -> view.selectLabel("Blue crescent"));
        String crescent = Ui.call(view::detailsText);
        assertTrue(crescent.contains("Cannot be used: \"Blue crescent\" was trained on the base model sd15"), crescent);
        assertTrue(crescent.contains("Library: Studio (read-only)"), crescent);
        assertFalse(Ui.call(() -> view.renameButton().isEnabled()), "a read-only library's concept is not renamed");

        Ui.run(() -> view.setSearch("HEART"));
        assertEquals(List.of("Red heart"), Ui.call(view::tileLabels));
        String heart = Ui.call(view::detailsText);
        assertTrue(heart.contains("Token: <heart1>    Class word: heart") && heart.contains("Works with the model in use")
                && heart.contains("finalLoss: 0.1230") && heart.contains("steps = 400"), heart);
        Ui.waitUntil("the reference images", 10_000, () -> view.referenceImagesShown() == 3);
        Ui.run(() -> view.setSearch(""));
        Ui.run(() -> view.selectLabel("Red heart"));
        Ui.lookMaximized(view, Ui.call(view::control), "concept-library");

        // rename; delete and undo
        Ui.run(() -> view.rename("Scarlet heart"));
        waitLoaded(view);
        assertEquals("Scarlet heart", store.byToken("<heart1>").orElseThrow().label());
        assertTrue(Ui.call(view::tileLabels).contains("Scarlet heart"));
        Ui.run(() -> view.selectLabel("Scarlet heart"));
        Ui.run(view::deleteSelected);
        waitLoaded(view);
        assertFalse(Ui.call(view::tileLabels).contains("Scarlet heart"));
        assertTrue(Ui.call(() -> view.undoButton().isVisible()));
        Ui.run(view::undoDelete);
        waitLoaded(view);
        assertTrue(Ui.call(view::tileLabels).contains("Scarlet heart"));
        assertFalse(Ui.call(() -> view.undoButton().isVisible()));

        // export, then import it back under another token (its own is taken)
        Ui.run(() -> view.selectLabel("Scarlet heart"));
        Path archive = dir.resolve("heart" + ConceptStore.ARCHIVE_SUFFIX);
        Job export = Ui.call(() -> view.exportSelected(archive));
        export.join();
        assertTrue(Files.size(archive) > 100);
        Job taken = Ui.call(() -> view.importArchive(archive, Optional.empty(), false, false));
        taken.join();
        Ui.waitUntil("the refusal said", 5_000, () -> view.messageArea().text().startsWith("Not imported: "));
        assertTrue(Ui.call(() -> view.messageArea().text()).contains("the token <heart1> is already"));
        Job imported = Ui.call(() -> view.importArchive(archive, Optional.of("<heart2>"), false, false));
        imported.join();
        Ui.waitUntil("the copy listed", 10_000, () -> view.isLoaded()
                && view.tileLabels().stream().filter(l -> l.equals("Scarlet heart")).count() == 2);
        assertEquals("<heart2>", store.byToken("<heart2>").orElseThrow().require().token());
    }

    @Test
    void thePreferencePageSetsTheLibrariesTheBatchRunnerUsesToo() throws Exception {
        List<ConceptLibrary> before = store.libraries();
        try {
            Ui.run(() -> {
                org.eclipse.swt.widgets.Shell shell = new org.eclipse.swt.widgets.Shell(window.getShell());
                shell.setLayout(new org.eclipse.swt.layout.FillLayout());
                try {
                    var page = io.vswap.concepts.ui.internal.ConceptLibrariesPreferencePage.open(shell);
                    page.setUserFolder("relative/folder");
                    assertFalse(page.isValid(), "a relative folder is refused");
                    page.setUserFolder(dir.resolve("elsewhere").toString());
                    page.addOther(dir.resolve("shared").toString(), true);
                    assertTrue(page.isValid());
                    assertTrue(page.performOk());
                } finally {
                    shell.dispose();
                }
            });
            List<ConceptLibrary> now = store.libraries();
            assertEquals(dir.resolve("elsewhere"), now.get(0).folder());
            assertEquals(List.of(dir.resolve("studio"), dir.resolve("shared")), now.stream().skip(1)
                    .map(ConceptLibrary::folder).toList());
            assertTrue(now.get(2).readOnly());
        } finally {
            store.setLibraries(before.get(0).folder(), before.subList(1, before.size()));
        }
    }

    /** The Swap editor's target chooser (issue 30): the libraries' concepts with thumbnails, greyed where unusable. */
    @Test
    void theSwapEditorsTargetChooserOffersTheUsableConcepts() throws Exception {
        io.vswap.swap.api.TargetConcepts targets = TestServices.await(io.vswap.swap.api.TargetConcepts.class);
        Path sample = SampleModel.shippedFolder();
        ConceptChoiceDialog d = Ui.call(() -> {
            ConceptChoiceDialog x = new ConceptChoiceDialog(window.getShell(), targets, sample);
            x.setBlockOnOpen(false);
            x.open();
            return x;
        });
        try {
            Ui.waitUntil("the concepts listed", 20_000, () -> d.table().getItemCount() >= 2);
            int heart = Ui.call(() -> row(d.table(), "<heart1>"));
            int crescent = Ui.call(() -> row(d.table(), "<crescent1>"));
            assertEquals("yes", Ui.call(() -> d.table().getItem(heart).getText(3)));
            assertTrue(Ui.call(() -> d.table().getItem(heart).getImage(0)) != null, "the heart's thumbnail");
            String why = Ui.call(() -> d.table().getItem(crescent).getText(3));
            assertTrue(why.startsWith("no: ") && why.contains("was trained on the base model"), why);
            Ui.sizeForScreen(d.getShell(), 1280, 800);
            Ui.screenshot("concept-target-chooser");
            // an unusable concept cannot be chosen; a usable one goes into Target
            Ui.run(() -> {
                d.table().setSelection(crescent);
                Ui.fire(d.table(), SWT.Selection);
            });
            assertFalse(Ui.call(() -> Ui.find(d.getShell(), org.eclipse.swt.widgets.Button.class,
                    b -> Integer.valueOf(org.eclipse.jface.dialogs.IDialogConstants.OK_ID).equals(b.getData()))
                    .isEnabled()), "an unusable concept cannot be chosen");
            Ui.run(() -> {
                d.table().setSelection(heart);
                Ui.fire(d.table(), SWT.Selection);
                Ui.pressDialogButton(d.getShell(), org.eclipse.jface.dialogs.IDialogConstants.OK_ID);
            });
            assertEquals("<heart1>", Ui.call(d::chosenToken));
        } finally {
            Ui.run(d::close);
        }
    }

    private static int row(org.eclipse.swt.widgets.Table table, String token) {
        for (int i = 0; i < table.getItemCount(); i++) {
            if (table.getItem(i).getText(1).equals(token)) {
                return i;
            }
        }
        throw new AssertionError(token + " is not offered");
    }

    private static void waitLoaded(ConceptLibraryView view) {
        Ui.waitUntil("the libraries read", 20_000, view::isLoaded);
        Ui.settle();
    }
}
