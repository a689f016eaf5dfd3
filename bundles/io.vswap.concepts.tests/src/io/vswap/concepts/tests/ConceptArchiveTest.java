package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ImportOptions;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * A concept as one archive (issue 30): exported and imported back whole (and by the batch jobs),
 * and every archive that must not get in refused by name with nothing written: entries leading
 * outside, links, too many entries, a zip bomb, weights that do not match their checksum, a newer
 * format, a taken token, another base model (unless kept as incompatible), not a zip at all.
 */
class ConceptArchiveTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static ConceptLibrary mine;
    static ConceptLibrary other;
    static BaseModelId sample;
    static StoredConcept heart;
    static Path archive;
    static Map<String, BatchJobType> jobs;

    @BeforeAll
    static void aConceptExported() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        jobs = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "export-concept", "import-concept",
                "list-concepts");
        store.setLibraries(dir.resolve("mine"), List.of());
        mine = store.userLibrary();
        other = new ConceptLibrary(dir.resolve("elsewhere"), "Elsewhere", false);
        sample = BaseModelId.of(SampleModel.shippedFolder());
        ConceptFixtures.Made made = ConceptFixtures.make(dir.resolve("in"), "Heart", "<heart1>", sample);
        heart = store.add(mine, made.concept(), made.files());
        archive = store.exportArchive(heart, dir.resolve("heart" + ConceptStore.ARCHIVE_SUFFIX), null);
    }

    @Test
    void anArchiveComesBackWhole() throws Exception {
        try (ZipFile z = ZipFile.builder().setPath(archive).get()) {
            List<String> names = Collections.list(z.getEntries()).stream().map(ZipArchiveEntry::getName).toList();
            assertEquals(List.of("concept.json", "images/01.png", "images/02.png", "images/03.png", "thumbnail.png",
                    "edlora.safetensors", "loss.csv"), names);
        }
        // its token is taken here: imported under another
        ConceptFileException taken = assertThrows(ConceptFileException.class, () -> imported(ImportOptions.forModel(sample)));
        assertTrue(taken.getMessage().contains("the token <heart1> is already \"Heart\"'s"), taken.getMessage());
        StoredConcept back = imported(ImportOptions.forModel(sample).withToken("<heart2>"));
        assertEquals("<heart2>", back.require().token());
        store.verify(back);
        for (String f : List.of("images/02.png", "edlora.safetensors", "loss.csv")) {
            assertArrayEquals(Files.readAllBytes(heart.file(f)), Files.readAllBytes(back.file(f)), f);
        }
        assertTrue(back.incompatibility(sample).isEmpty());
        store.delete(back);
    }

    @Test
    void harmfulOrWrongArchivesAreRefusedByNameAndNothingIsWritten() throws Exception {
        Map<String, byte[]> good = entries(archive);
        byte[] weights = good.get("edlora.safetensors");

        Path slip = zip("slip", withExtra(good, "../evil.txt", "outside".getBytes()), Map.of());
        refused(slip, "would be written outside the concept's folder");
        assertFalse(Files.exists(other.folder().resolveSibling("evil.txt")));

        Path link = zip("link", withExtra(good, "images/link.png", "/etc/passwd".getBytes()),
                Map.of("images/link.png", 0120777));
        refused(link, "holds a link");

        Map<String, byte[]> many = new LinkedHashMap<>(good);
        for (int i = 0; i < 1001; i++) {
            many.put("extra/" + i + ".txt", new byte[] { 1 });
        }
        refused(zip("many", many, Map.of()), "has 1008 entries");

        refused(zip("bomb", withExtra(good, "extra/zeros.bin", new byte[64 << 20]), Map.of()), "a zip bomb");

        byte[] changed = weights.clone();
        changed[changed.length - 1] ^= 1;
        refused(zip("changed", withExtra(good, "edlora.safetensors", changed), Map.of()),
                "the weights of \"Heart\" do not match their checksum");

        String concept = new String(good.get("concept.json"), StandardCharsets.UTF_8);
        refused(zip("newer", withExtra(good, "concept.json", concept.replace("\"version\": 1", "\"version\": 9")
                .getBytes(StandardCharsets.UTF_8)), Map.of()), "format version 9, written by a newer VideoSwap Studio");

        Map<String, byte[]> noWeights = new LinkedHashMap<>(good);
        noWeights.remove("edlora.safetensors");
        refused(zip("incomplete", noWeights, Map.of()), "lacks edlora.safetensors");

        Path notZip = Files.writeString(dir.resolve("not" + ConceptStore.ARCHIVE_SUFFIX), "hello");
        refused(notZip, "is not a concept archive");

        // trained on another base model: refused naming both, or kept as incompatible when asked
        BaseModelId elsewhere = new BaseModelId("sd15", "content-" + "ab".repeat(32));
        ConceptFileException wrongModel = assertThrows(ConceptFileException.class, () -> store.importArchive(archive,
                other, ImportOptions.forModel(elsewhere).withToken("<heart3>"), null));
        assertTrue(wrongModel.getMessage().contains("trained on the base model " + sample.shown() + ", not on "
                + elsewhere.shown()), wrongModel.getMessage());
        assertTrue(store.list(other).isEmpty());
        StoredConcept kept = store.importArchive(archive, other,
                ImportOptions.forModel(elsewhere).withToken("<heart3>").keepingIncompatible(), null);
        assertTrue(kept.incompatibility(elsewhere).orElseThrow().contains("works only with the model it was trained on"));
        store.delete(kept);
    }

    @Test
    void theBatchJobsExportImportAndList() throws Exception {
        String exported = run("""
                {"type": "export-concept", "concept": "<heart1>", "output": "out/heart.vswapconcept"}""");
        assertTrue(exported.startsWith("\"Heart\" (<heart1>) → "), exported);
        String importedLine = run("""
                {"type": "import-concept", "archive": "out/heart.vswapconcept", "library": "jobs-lib",
                 "token": "<heart9>", "name": "Heart again"}""");
        assertTrue(importedLine.startsWith("\"Heart again\" (<heart9>) → "), importedLine);
        String listed = run("""
                {"type": "list-concepts", "library": "jobs-lib"}""");
        assertTrue(listed.startsWith("1 concept(s):\n<heart9>  Heart again  (hexagon, jobs-lib)  ready"), listed);
        var bad = assertThrows(Exception.class, () -> run("""
                {"type": "export-concept", "concept": "<nobody>", "output": "out/x.vswapconcept"}"""));
        assertTrue(bad.getMessage().contains("no concept has the token <nobody>"), bad.getMessage());
    }

    private static StoredConcept imported(ImportOptions options) throws IOException {
        try {
            return store.importArchive(archive, other, options, new NullProgressMonitor());
        } finally {
            ConceptStoreTest.assertNoStaging(other);
        }
    }

    private static void refused(Path bad, String why) throws IOException {
        int before = store.list(other).size();
        ConceptFileException e = assertThrows(ConceptFileException.class, () -> store.importArchive(bad, other,
                ImportOptions.forModel(sample).withToken("<heart7>"), null));
        assertTrue(e.getMessage().startsWith(bad.toString()), "names the archive: " + e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(before, store.list(other).size(), "nothing imported");
        if (Files.isDirectory(other.folder())) {
            ConceptStoreTest.assertNoStaging(other);
        }
    }

    private static Map<String, byte[]> entries(Path zipFile) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = ZipFile.builder().setPath(zipFile).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    private static Map<String, byte[]> withExtra(Map<String, byte[]> base, String name, byte[] content) {
        Map<String, byte[]> m = new LinkedHashMap<>(base);
        m.put(name, content);
        return m;
    }

    /** An archive of {@code entries}; {@code modes} gives some a Unix mode (a link: 0120777). */
    private static Path zip(String name, Map<String, byte[]> entries, Map<String, Integer> modes) throws IOException {
        Path p = dir.resolve(name + ConceptStore.ARCHIVE_SUFFIX);
        try (OutputStream out = Files.newOutputStream(p); ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                Optional.ofNullable(modes.get(e.getKey())).ifPresent(entry::setUnixMode);
                z.putArchiveEntry(entry);
                z.write(e.getValue());
                z.closeArchiveEntry();
            }
        }
        return p;
    }

    private static String run(String json) throws Exception {
        var spec = JobSpecs.fromJson(json, dir);
        return jobs.get(spec.string("type")).parse(spec).run(new NullProgressMonitor());
    }
}
