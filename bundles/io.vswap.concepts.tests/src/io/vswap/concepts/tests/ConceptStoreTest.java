package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrashedConcept;
import io.vswap.files.api.AtomicFolder;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * The concept store on real folders (issue 30): add, list, search, rename, duplicate, delete to the
 * trash and restore; a read-only library left alone; damaged and newer concept files listed with
 * why; tokens unique across libraries; the base model's key from its content.
 */
class ConceptStoreTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static ConceptLibrary mine;
    static ConceptLibrary studio;
    static BaseModelId sample;

    @BeforeAll
    static void libraries() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        studio = new ConceptLibrary(dir.resolve("studio"), "Studio", true);
        store.setLibraries(dir.resolve("mine"), List.of(studio));
        mine = store.userLibrary();
        sample = BaseModelId.of(SampleModel.shippedFolder());
    }

    @Test
    void theBaseModelsKeyIsItsContent() throws Exception {
        // a copy (new file times) has the same key; a changed UNet file gives another
        Path copy = dir.resolve("model-copy");
        copyTree(SampleModel.shippedFolder(), copy);
        assertEquals(sample.key(), BaseModelId.of(copy).key());
        assertEquals("model-copy", BaseModelId.of(copy).name());
        // the id is kept while the files stay as they were, worked out again when one changes
        int worked = BaseModelId.timesWorkedOut();
        BaseModelId.of(copy);
        assertEquals(worked, BaseModelId.timesWorkedOut(), "the files did not change: the id is kept");
        Files.delete(copy.resolve("checksums.json")); // now hashed from the bytes themselves
        assertEquals(sample.key(), BaseModelId.of(copy).key(), "the listed checksums are the files' own");
        assertEquals(worked + 1, BaseModelId.timesWorkedOut(), "checksums.json went: worked out again");
        Path unetConfig = copy.resolve("unet/config.json");
        Files.setLastModifiedTime(unetConfig, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(unetConfig).toMillis() - 60_000));
        assertEquals(sample.key(), BaseModelId.of(copy).key(), "touched, not changed");
        assertEquals(worked + 2, BaseModelId.timesWorkedOut(), "a file's time changed: worked out again");
        Files.writeString(unetConfig, Files.readString(unetConfig).replace("{", "{ "));
        assertNotEquals(sample.key(), BaseModelId.of(copy).key());
        IOException notAModel = assertThrows(IOException.class, () -> BaseModelId.of(dir));
        assertTrue(notAModel.getMessage().contains("is not a diffusers model folder"), notAModel.getMessage());
    }

    @Test
    void addListSearchRenameDuplicateDeleteAndRestore() throws Exception {
        ConceptFixtures.Made made = ConceptFixtures.make(dir.resolve("in"), "Red hexagon", "<hexagon1>", sample);
        StoredConcept added = store.add(mine, made.concept(), made.files());
        assertEquals("hexagon1", added.id());
        assertTrue(added.problem().isEmpty(), added.problem().toString());
        assertEquals(Files.size(made.files().get("edlora.safetensors")), added.require().weights().bytes());
        assertEquals(BaseModelId.sha256(made.files().get("edlora.safetensors")), added.require().weights().sha256());
        store.verify(added);
        assertEquals(List.of("hexagon1"), ids(store.list(mine)));
        assertEquals("Red hexagon", store.byToken("<hexagon1>").orElseThrow().label());
        assertEquals(1, store.search("SHAPE").size(), "a tag, any case");
        assertTrue(store.search("crescent").isEmpty());
        assertTrue(added.incompatibility(sample).isEmpty());

        // the token is unique across the libraries in use
        IOException taken = assertThrows(IOException.class, () -> store.add(mine, made.concept().withName("Other"),
                made.files()));
        assertTrue(taken.getMessage().contains("the token <hexagon1> is already \"Red hexagon\"'s"), taken.getMessage());
        assertEquals(1, store.list(mine).size(), "nothing added");
        assertNoStaging(mine);

        StoredConcept renamed = store.rename(added, "Crimson hexagon");
        assertEquals("Crimson hexagon", ConceptJson.read(added.folder()).name());
        assertEquals(added.folder(), renamed.folder());

        StoredConcept copy = store.duplicate(renamed, mine, "Crimson hexagon (copy)", "<hexagon2>");
        assertEquals("hexagon2", copy.id());
        store.verify(copy);
        assertTrue(store.byToken("<hexagon2>").isPresent());

        TrashedConcept trashed = store.delete(copy);
        assertEquals(List.of("hexagon1"), ids(store.list(mine)), "the trash is not listed");
        assertTrue(Files.isDirectory(trashed.trashed()));
        StoredConcept back = store.restore(trashed);
        assertEquals("hexagon2", back.id());
        store.verify(back);
        store.delete(store.restore(store.delete(back))); // undo, redo
        assertTrue(store.byToken("<hexagon2>").isEmpty());

        // a restore whose token another concept took meanwhile is refused, naming it
        TrashedConcept gone = store.delete(store.byToken("<hexagon1>").orElseThrow());
        StoredConcept newcomer = store.add(mine, made.concept().withName("Newcomer"), made.files());
        IOException clash = assertThrows(IOException.class, () -> store.restore(gone));
        assertTrue(clash.getMessage().contains("already \"Newcomer\"'s"), clash.getMessage());
        store.delete(newcomer);
        assertEquals("Crimson hexagon", store.restore(gone).label());
    }

    @Test
    void aReadOnlyLibraryIsUsedNeverChangedAndBrokenConceptsAreListedWithWhy() throws Exception {
        // a studio's shared library, filled by someone else
        ConceptFixtures.Made made = ConceptFixtures.make(dir.resolve("in2"), "Studio crescent", "<crescent1>", sample);
        ConceptLibrary writable = new ConceptLibrary(studio.folder(), "Studio", false);
        StoredConcept shared = store.add(writable, made.concept(), made.files());
        StoredConcept listed = store.list(studio).get(0);
        assertEquals(shared.folder(), listed.folder());
        for (IOException e : List.<IOException>of(
                assertThrows(IOException.class, () -> store.rename(listed, "Mine now")),
                assertThrows(IOException.class, () -> store.delete(listed)),
                assertThrows(IOException.class, () -> store.add(studio, made.concept().withToken("<crescent2>"),
                        made.files())))) {
            assertTrue(e.getMessage().contains("is read-only"), e.getMessage());
        }
        StoredConcept mineNow = store.duplicate(listed, mine, "My crescent", "<crescent2>");
        assertEquals(mine.folder(), mineNow.folder().getParent());

        // damaged and newer concept files: listed, with why, never hidden
        Path damaged = Files.createDirectories(mine.folder().resolve("broken"));
        Files.writeString(damaged.resolve(ConceptJson.FILE), "{\"format\": \"vswap-concept\", \"version\": 1");
        Path newer = Files.createDirectories(mine.folder().resolve("future"));
        Files.writeString(newer.resolve(ConceptJson.FILE), "{\"format\": \"vswap-concept\", \"version\": 7}");
        List<StoredConcept> all = store.list(mine);
        StoredConcept broken = all.stream().filter(c -> c.id().equals("broken")).findFirst().orElseThrow();
        assertTrue(broken.problem().orElseThrow().contains("is damaged"), broken.problem().toString());
        StoredConcept future = all.stream().filter(c -> c.id().equals("future")).findFirst().orElseThrow();
        assertTrue(future.problem().orElseThrow().contains("format version 7, written by a newer VideoSwap Studio"),
                future.problem().toString());
        assertTrue(future.incompatibility(sample).isPresent());

        // weights changed behind the store's back are caught before use
        Files.write(mineNow.file(mineNow.require().weights().file()), new byte[] { 1, 2, 3 });
        IOException changed = assertThrows(IOException.class, () -> store.verify(mineNow));
        assertTrue(changed.getMessage().contains("is not the weights the concept \"My crescent\" was saved with"),
                changed.getMessage());
        AtomicFolder.deleteTree(damaged);
        AtomicFolder.deleteTree(newer);
        store.delete(mineNow);
    }

    static List<String> ids(List<StoredConcept> l) {
        return l.stream().map(StoredConcept::id).toList();
    }

    static void assertNoStaging(ConceptLibrary library) throws IOException {
        try (Stream<Path> s = Files.list(library.folder())) {
            List<String> staged = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".incoming")).toList();
            assertTrue(staged.isEmpty(), "staging left behind: " + staged);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path p : w.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        assertFalse(Files.isSameFile(from, to));
    }
}
